package io.multisystem.ledger.filter;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line shapes behind the old "11,000 vs 10,899 failregex hits" benchmark discrepancy against
 * {@code fail2ban-regex} (sshd.conf, unchanged):
 * <ul>
 *   <li>{@code Failed publickey for invalid user ...} matches two failregex of sshd.conf. {@code fail2ban-regex}
 *   runs in fail2ban's {@code checkAllRegex} mode and counts both; the fail2ban server (and our default matcher)
 *   stops at the first.</li>
 *   <li>A host name instead of an address ({@code from host.example.org}): {@code fail2ban-regex} without {@code -r}
 *   resolves it (usedns=warn); without DNS it yields no address and the match is not counted at all. Ours keeps
 *   hosts raw (no DNS), which is {@code fail2ban-regex -r}.</li>
 *   <li>The same connection id later supplies an IPv6 address: repeated, the cached connection gives the host-name
 *   line an address, so without {@code -r} the count grew by one per repeated copy (10,899 = 100 x 108 + 99).</li>
 * </ul>
 */
class FailregexCountParityTest {
    static final Instant REFERENCE = Instant.parse("2005-01-01T00:00:00Z");

    /** Own lines, same shapes as the differing lines of Debian's sshd sample log. */
    static final List<String> LINES = List.of(
            "Mar 03 10:11:12 gw sshd[1201]: Failed publickey for invalid user alice from 198.51.100.7 port 40001 "
                    + "ssh2: RSA SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg",
            "Mar 03 10:11:13 gw sshd[1202]: Failed publickey for invalid user alice from 2001:db8::7 port 40002 "
                    + "ssh2: ED25519 SHA256:AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg",
            "Mar 03 10:11:14 gw sshd[1203]: User bob from host.example.org not allowed because not listed in AllowUsers",
            "Mar 03 10:11:15 gw sshd[1204]: error: PAM: Authentication failure for carol from host.example.org",
            "Mar 03 10:11:16 gw sshd[1204]: error: PAM: Authentication failure for dave from 2001:db8::42",
            "Mar 03 10:11:17 gw sshd[1205]: Failed password for erin from 203.0.113.9 port 40003 ssh2");

    static List<String> twice() {
        List<String> l = new ArrayList<>(LINES);
        l.addAll(LINES);
        return l;
    }

    record Run(long hits, List<String> hosts) {
    }

    static Run run(FilterMatcher m, List<String> lines) {
        List<String> hosts = new ArrayList<>();
        for (String l : lines) {
            Optional<FilterMatch> r = m.process(l);
            hosts.add(r.map(FilterMatch::host).orElse("-"));
        }
        return new Run(m.regexHits(), hosts);
    }

    @Test
    void checkAllCountsEveryMatchingFailregexWhileTheServerModeCountsTheFirst() throws IOException {
        Fail2banFilter sshd = Fail2banFilter.load(Fail2banData.filterDir().resolve("sshd.conf"));
        Run server = run(sshd.newMatcher(REFERENCE), twice());
        Run all = run(sshd.newCheckAllMatcher(REFERENCE), twice());
        // per copy: 6 lines, each matched; the two "Failed publickey for invalid user" lines match two failregex
        assertThat(server.hits()).isEqualTo(12);
        assertThat(all.hits()).isEqualTo(16);
        // both modes report the same failures with raw hosts (no DNS)
        assertThat(all.hosts()).isEqualTo(server.hosts());
        assertThat(server.hosts().subList(0, 6)).containsExactly("198.51.100.7", "2001:db8::7", "host.example.org",
                "host.example.org", "2001:db8::42", "203.0.113.9");
        // second copy: connection sshd[1204] is still cached with dave's IPv6, which wins over the host name
        assertThat(server.hosts().get(9)).isEqualTo("2001:db8::42");
    }

    /** Runs the real {@code fail2ban-regex} when installed; compares its "Failregex: N total" with ours. */
    @Test
    void countsEqualFail2banRegexWithRawHosts() throws Exception {
        Path filter = Fail2banData.filterDir().resolve("sshd.conf");
        Path tool = Path.of("/usr/bin/fail2ban-regex");
        Assumptions.assumeTrue(Files.isExecutable(tool), "fail2ban-regex not installed (scripts/fetch/autoblocker-ledger.sh)");
        Path log = Files.createTempFile("failregex-parity", ".log");
        try {
            Files.write(log, twice(), StandardCharsets.UTF_8);
            long theirs = fail2banRegexTotal(tool, log, filter, "-r");
            Assumptions.assumeTrue(theirs >= 0, "fail2ban-regex did not run");
            Fail2banFilter sshd = Fail2banFilter.load(filter);
            assertThat(run(sshd.newCheckAllMatcher(REFERENCE), twice()).hits()).isEqualTo(theirs);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    static long fail2banRegexTotal(Path tool, Path log, Path filter, String... opts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(opts));
        cmd.addAll(List.of("--print-no-missed", "--print-no-ignored", log.toString(), filter.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(50, TimeUnit.SECONDS)) {
                return -1;
            }
            Matcher m = Pattern.compile("Failregex: (\\d+) total").matcher(out);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        } finally {
            p.destroyForcibly();
        }
    }
}
