package io.multisystem.ledger.filter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Debian fail2ban's own filters against its own annotated sample logs. */
class Fail2banCorpusTest {
    static final Instant REFERENCE = Instant.parse("2005-01-01T00:00:00Z");

    @Test
    void everyDebianFilterLoadsAndTheSampleLogsAgree() throws IOException {
        Path filters = Fail2banData.filterDir();
        Path logs = Fail2banData.logDir();
        List<String> names;
        try (Stream<Path> s = Files.list(filters)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".conf"))
                    .map(n -> n.substring(0, n.length() - 5))
                    // the *-common files are include-only fragments, not filters
                    .filter(n -> !n.equals("common") && !n.endsWith("-common")).sorted().toList();
        }
        int loaded = 0;
        List<String> loadFailures = new ArrayList<>();
        for (String n : names) {
            try {
                Fail2banFilter.load(filters.resolve(n + ".conf"));
                loaded++;
            } catch (RuntimeException e) {
                loadFailures.add(n + ": " + e.getMessage());
            }
        }
        int checked = 0;
        int agreed = 0;
        StringBuilder report = new StringBuilder();
        List<String> fullyAgreeing = new ArrayList<>();
        List<Fail2banSampleLog.Result> results = new ArrayList<>();
        try (Stream<Path> s = Files.list(logs)) {
            for (Path log : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = log.getFileName().toString();
                if (!Files.exists(filters.resolve(n + ".conf"))) {
                    continue;
                }
                try {
                    Fail2banSampleLog.Result r = Fail2banSampleLog.check(filters, logs, n, REFERENCE);
                    results.add(r);
                    checked += r.checked();
                    agreed += r.agreed();
                    if (r.allAgree()) {
                        fullyAgreeing.add(n);
                    }
                    report.append(String.format("%-28s %5d/%5d%n", n, r.agreed(), r.checked()));
                    r.disagreements().stream().limit(3).forEach(d -> report.append("    ").append(d).append('\n'));
                } catch (RuntimeException e) {
                    report.append(n).append(" FAILED ").append(e).append('\n');
                }
            }
        }
        System.out.printf("fail2ban filters loaded %d/%d; sample lines agreeing %d/%d; logs fully agreeing %d/%d%n%s%s%n",
                loaded, names.size(), agreed, checked, fullyAgreeing.size(), results.size(), loadFailures, report);
        assertThat(loadFailures).isEmpty();
        assertThat(loaded).isGreaterThanOrEqualTo(85);
        assertThat(results).hasSizeGreaterThanOrEqualTo(85);
        assertThat(checked).isGreaterThan(1300);
        assertThat(agreed).isEqualTo(checked);
        assertThat(fullyAgreeing).contains("sshd", "postfix", "apache-auth", "apache-badbots", "apache-botsearch",
                "apache-modsecurity", "apache-nohome", "apache-noscript", "apache-overflows", "apache-shellshock",
                "nginx-http-auth", "nginx-limit-req", "nginx-botsearch", "nginx-bad-request");
    }
}
