package io.multisystem.ledger.export;

import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class FirewallExportTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    static Decision d(String type, Scope scope, String value, long secondsLeft) {
        long now = NOW.toEpochMilli();
        return new Decision(UUID.randomUUID().toString(), type, scope, value, "web", "test", "*", now - 1000,
                now + secondsLeft * 1000, List.of(), 1, 1, 0);
    }

    static List<Decision> sample() {
        return List.of(
                d("ban", Scope.IP, "192.0.2.1", 3600),
                d("ban", Scope.IP, "192.0.2.1", 7200),           // same target from another domain: longest wins
                d("ban", Scope.RANGE, "198.51.100.0/24", 86_400),
                d("ban", Scope.RANGE, "198.51.100.128/25", 600), // inside the /24: left out of the interval set
                d("ban", Scope.IP, "2001:db8::7", 60),
                d("ban", Scope.RANGE, "2001:db8:1::/48", 3_000_000_000L),
                d("captcha", Scope.IP, "192.0.2.9", 3600),
                d("ban", Scope.USER, "root", 3600),
                d("ban", Scope.IP, "192.0.2.10", -5));
    }

    @Test
    void nftScriptDeclaresTheSetsFlushesThemAndAddsEachBanWithItsRemainingTime() {
        FirewallExport.Result r = FirewallExport.render(sample(), FirewallExport.Format.NFT, "abl", NOW);

        assertThat(r.skipped()).isEqualTo(3);
        assertThat(r.elements()).hasSize(5);
        assertThat(r.script()).startsWith("#!/usr/sbin/nft -f\n")
                .contains("set net4 { type ipv4_addr; flags interval, timeout; }")
                .contains("flush set inet abl addr4\n")
                .contains("add element inet abl addr4 { 192.0.2.1 timeout 7200s }\n")
                .contains("add element inet abl net4 { 198.51.100.0/24 timeout 86400s }\n")
                .contains("add element inet abl addr6 { 2001:db8::7 timeout 60s }\n")
                .contains("add element inet abl net6 { 2001:db8:1::/48 timeout 99999999s }\n")
                .doesNotContain("198.51.100.128/25").doesNotContain("192.0.2.9").doesNotContain("root")
                .doesNotContain("192.0.2.10");
    }

    @Test
    void ipsetFileFillsATemporarySetAndSwapsItInWithCappedTimeouts() {
        FirewallExport.Result r = FirewallExport.render(sample(), FirewallExport.Format.IPSET, "abl", NOW);

        assertThat(r.script())
                .contains("create abl-v4 hash:net family inet timeout 0 maxelem 1048576 -exist\n")
                .contains("flush abl-v4-new\n")
                .contains("add abl-v4-new 192.0.2.1 timeout 7200 -exist\n")
                .contains("add abl-v4-new 198.51.100.128/25 timeout 600 -exist\n")
                .contains("add abl-v6-new 2001:db8:1::/48 timeout 2147483 -exist\n")
                .contains("swap abl-v4-new abl-v4\ndestroy abl-v4-new\n");
    }

    @Test
    void aBadFormatOrSetNameIsRefused() {
        assertThatThrownBy(() -> FirewallExport.Format.parse("iptables")).hasMessageContaining("must be nft or ipset");
        assertThatThrownBy(() -> FirewallExport.render(List.of(), FirewallExport.Format.NFT, "bad name; drop", NOW))
                .hasMessageContaining("must start with a letter");
    }

    @Test
    void nftAcceptsTheScriptInCheckMode() throws Exception {
        requireRootAndBinary("nft");
        String table = "abltest" + Long.toHexString(System.nanoTime() & 0xffffff);
        Path script = dir.resolve("export.nft");
        Files.writeString(script, FirewallExport.render(many(), FirewallExport.Format.NFT, table, NOW).script());
        Result check = run(List.of("nft", "-c", "-f", script.toString()));
        assumeTrue(!check.out.contains("Operation not permitted"), "nft cannot talk to netfilter here: " + check.out);
        assertThat(check.code).as(check.out).isZero();
        Files.writeString(dir.resolve("empty.nft"), FirewallExport.render(List.of(), FirewallExport.Format.NFT, table, NOW)
                .script());
        Result empty = run(List.of("nft", "-c", "-f", dir.resolve("empty.nft").toString()));
        assertThat(empty.code).as(empty.out).isZero();
    }

    @Test
    void ipsetRestoresTheFileIntoAThrowawaySet() throws Exception {
        requireRootAndBinary("ipset");
        String name = "abl" + Long.toHexString(System.nanoTime() & 0xffffff);
        Path file = dir.resolve("export.ipset");
        Files.writeString(file, FirewallExport.render(many(), FirewallExport.Format.IPSET, name, NOW).script());
        try {
            Result restore = run(List.of("ipset", "restore", "-file", file.toString()));
            assumeTrue(!restore.out.contains("Operation not permitted") && !restore.out.contains("Kernel error"),
                    "ipset cannot talk to the kernel here: " + restore.out);
            assertThat(restore.code).as(restore.out).isZero();
            Result list = run(List.of("ipset", "list", name + "-v4"));
            assertThat(list.out).contains("192.0.2.1 timeout").contains("198.51.100.0/24 timeout")
                    .contains("Number of entries: 103");
            Result again = run(List.of("ipset", "restore", "-file", file.toString()));
            assertThat(again.code).as("re-running an export replaces the set: " + again.out).isZero();
        } finally {
            run(List.of("ipset", "destroy", name + "-v4"));
            run(List.of("ipset", "destroy", name + "-v6"));
            run(List.of("ipset", "destroy", name + "-v4-new"));
            run(List.of("ipset", "destroy", name + "-v6-new"));
        }
    }

    static List<Decision> many() {
        List<Decision> out = new ArrayList<>(sample());
        for (int i = 0; i < 100; i++) {
            out.add(d("ban", Scope.IP, "203.0.113." + i, 100 + i));
        }
        return out;
    }

    record Result(int code, String out) {
    }

    static void requireRootAndBinary(String binary) throws Exception {
        Result id = run(List.of("id", "-u"));
        assumeTrue(id.code == 0 && id.out.strip().equals("0"), binary + " check skipped: not running as root");
        boolean found = false;
        for (String d : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            found |= Files.isExecutable(Path.of(d, binary));
        }
        assumeTrue(found, binary + " check skipped: the " + binary + " binary is not installed "
                + "(scripts/fetch/autoblocker-ledger.sh installs it)");
    }

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 30 s");
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
