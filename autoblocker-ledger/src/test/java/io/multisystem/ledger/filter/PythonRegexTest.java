package io.multisystem.ledger.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PythonRegexTest {
    @Test
    void translatesNamedGroupsBackreferencesAndConditionals() {
        PythonRegex r = PythonRegex.compile("(?P<cond_inv>invalid )?user (?P<u_1>\\w+)(?(cond_inv) X| Y) (?P=u_1)");
        Matcher m = r.pattern().matcher("invalid user bob X bob");
        assertThat(m.find()).isTrue();
        assertThat(r.groups(m)).containsEntry("u_1", "bob").containsEntry("cond_inv", "invalid ");
        assertThat(r.pattern().matcher("user bob Y bob").find()).isTrue();
        assertThat(r.pattern().matcher("user bob X bob").find()).isFalse();
        assertThat(PythonRegex.compile("a{,2}b[[]{x").pattern().matcher("aab[{x").find()).isTrue();
    }

    @Test
    void filterErrorsNameFileLineAndOption(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.conf");
        Files.writeString(f, "[Definition]\n\nfailregex = ^user <F-USER>\\S+</F-USER> failed\n");
        assertThatThrownBy(() -> Fail2banFilter.load(f)).isInstanceOf(FilterConfigException.class)
                .hasMessageContaining("bad.conf:3").hasMessageContaining("failregex").hasMessageContaining("failure-id");
        Files.writeString(f, "[Definition]\nfailregex = %(missing)s <HOST>\n");
        assertThatThrownBy(() -> Fail2banFilter.load(f)).hasMessageContaining("missing");
    }

    @Test
    void prefregexContentAndDateRemovalWorkTogether(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("app.conf");
        Files.writeString(f, """
                [Definition]
                prefregex = ^\\s*app\\[\\d+\\]: <F-CONTENT>.+</F-CONTENT>$
                failregex = ^login failed for <F-USER>\\w+</F-USER> from <ADDR>$
                ignoreregex = from 192\\.0\\.2\\.99
                """);
        FilterMatcher m = Fail2banFilter.load(f).newMatcher(Instant.parse("2026-01-01T00:00:00Z"));
        var hit = m.process("2026-03-04 05:06:07 app[1]: login failed for eve from 203.0.113.8");
        assertThat(hit).isPresent();
        assertThat(hit.get().host()).isEqualTo("203.0.113.8");
        assertThat(hit.get().user()).isEqualTo("eve");
        assertThat(hit.get().time()).isEqualTo(Instant.parse("2026-03-04T05:06:07Z"));
        assertThat(m.process("2026-03-04 05:06:08 app[1]: login failed for eve from 192.0.2.99")).isEmpty();
    }
}
