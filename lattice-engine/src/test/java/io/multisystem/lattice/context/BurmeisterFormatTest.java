package io.multisystem.lattice.context;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.bits.IndexSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BurmeisterFormatTest {
    private static final String TINY = "B\n\n2\n3\n\nfrog\nreed\nwater\nland\nplant\nXX.\nX.X\n";

    @Test
    void readsLiveInWaterAsWrittenByOthers() {
        FormalContext context = BurmeisterFormat.read(SharedData.resolve("fca/liveinwater.cxt"));
        assertThat(context.objectCount()).isEqualTo(8);
        assertThat(context.attributeCount()).isEqualTo(9);
        assertThat(context.objects()).startsWith("fish leech", "bream", "frog");
        assertThat(context.attributes()).startsWith("needs water to live", "lives in water");
        // frog: XXX...XX.
        assertThat(context.objectIntent(2)).isEqualTo(IndexSet.of(0, 1, 2, 6, 7));
    }

    @Test
    void readsMushroomWithItsDeclaredShape() {
        FormalContext mushroom = BurmeisterFormat.read(SharedData.resolve("fca/mushroom.cxt"));
        assertThat(mushroom.objectCount()).isEqualTo(8124);
        assertThat(mushroom.attributeCount()).isEqualTo(119);
        assertThat(mushroom.attributes().get(0)).isEqualTo("class:edible");
    }

    @Test
    void roundTripsEveryReferenceContext(@TempDir Path dir) {
        for (String name : new String[] {"liveinwater.cxt", "bob-ross.cxt", "mushroom.cxt"}) {
            FormalContext original = BurmeisterFormat.read(SharedData.resolve("fca/" + name));
            Path copy = dir.resolve(name);
            BurmeisterFormat.write(original, copy);
            assertThat(BurmeisterFormat.read(copy)).isEqualTo(original);
        }
    }

    @Test
    void acceptsFilesWithoutTheNameLineAndWithLowercaseMarks() {
        FormalContext context = BurmeisterFormat.parse("B\n2\n3\n\nfrog\nreed\nwater\nland\nplant\nxX.\nX.x  \n\n");
        assertThat(context).isEqualTo(BurmeisterFormat.parse(TINY));
    }

    @Test
    void rejectsARowWithTooFewMarksNamingTheLine() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\n2\n3\n\nfrog\nreed\nwater\nland\nplant\nXX.\nX.\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 12: expected 3 attribute marks ('X' or '.'), got 2")
                .extracting(e -> ((InvalidInputException) e).code()).isEqualTo("CXT_INVALID");
    }

    @Test
    void rejectsABadMarkNamingLineAndColumn() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\n2\n3\n\nfrog\nreed\nwater\nland\nplant\nXX.\nX1X\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 12, column 2: expected 'X' or '.', got '1'");
    }

    @Test
    void rejectsANonNumericCount() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\ntwo\n3\n\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("line 3: expected the number of objects");
    }

    @Test
    void rejectsAMissingHeader() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("A\n\n1\n1\n\ng\nm\nX\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("line 1: expected 'B'");
    }

    @Test
    void rejectsAFileThatEndsBeforeAllRowsNamingTheCount() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\n2\n3\n\nfrog\nreed\nwater\nland\nplant\nXX.\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("line 12: expected 2 incidence rows, the file ended after 1");
    }

    @Test
    void rejectsMoreRowsThanDeclared() {
        assertThatThrownBy(() -> BurmeisterFormat.parse(TINY + "XXX\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("line 13: expected the end of the file");
    }

    @Test
    void hugeDeclaredCountsFailOnTheMissingLinesInsteadOfAllocating() {
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\n2000000000\n2000000000\n\ng\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expected 2000000000 object names");
        assertThatThrownBy(() -> BurmeisterFormat.parse("B\n\n99999999999\n1\n\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("too large");
    }

    @Test
    void reportsAMissingFileAsNotFound() {
        assertThatThrownBy(() -> BurmeisterFormat.read(Path.of("does-not-exist.cxt")))
                .isInstanceOf(NotFoundException.class);
    }
}
