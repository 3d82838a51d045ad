package io.multisystem.parallel.collection;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.Chars;

import static org.assertj.core.api.Assertions.assertThat;

class TextSplitsProperties {
    @Property(tries = 200)
    void everyLineIsReadExactlyOnceForAnySplitSize(
            @ForAll @Size(max = 30) List<@StringLength(max = 12) @Chars({'a', 'b', 'é', ' ', '\n'}) String> chunks,
            @ForAll @IntRange(min = 1, max = 40) int splitBytes) throws Exception {
        String text = String.join("", chunks);
        Path file = Files.createTempFile("splits", ".txt");
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
            List<String> read = new ArrayList<>();
            for (TextSplits.Split split : TextSplits.plan(List.of(file), splitBytes)) {
                read.addAll(split.readLines());
            }
            assertThat(read).isEqualTo(text.lines().toList());
        } finally {
            Files.delete(file);
        }
    }
}
