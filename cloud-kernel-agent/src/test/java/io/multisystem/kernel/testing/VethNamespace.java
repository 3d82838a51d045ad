package io.multisystem.kernel.testing;

import io.multisystem.kernel.nativeio.KernelHelper;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace with a veth pair: the host end {@link #hostInterface} (address {@link #hostAddress}) and the
 * peer inside the namespace holding two addresses, {@link #allowedAddress} and {@link #blockedAddress}. Created with
 * iproute2 and removed by {@link #close()} (deleting the namespace deletes the pair). Skips the calling test, saying
 * why, when the helper, iproute2 or the privilege is missing.
 */
public final class VethNamespace implements AutoCloseable {
    public final String namespace;
    public final Path namespacePath;
    public final String hostInterface;
    public final String peerInterface;
    public final String hostAddress;
    public final String allowedAddress;
    public final String blockedAddress;
    public final String hostAddress6;
    public final String allowedAddress6;
    public final String blockedAddress6;

    private VethNamespace() {
        String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        int subnet = ThreadLocalRandom.current().nextInt(1, 250);
        namespace = "mskt" + tag;
        namespacePath = Path.of("/var/run/netns", namespace);
        hostInterface = "mskh" + tag;
        peerInterface = "mskp" + tag;
        hostAddress = "10.231." + subnet + ".1";
        allowedAddress = "10.231." + subnet + ".2";
        blockedAddress = "10.231." + subnet + ".3";
        hostAddress6 = "fd00:231:" + Integer.toHexString(subnet) + "::1";
        allowedAddress6 = "fd00:231:" + Integer.toHexString(subnet) + "::2";
        blockedAddress6 = "fd00:231:" + Integer.toHexString(subnet) + "::3";
    }

    public static VethNamespace create() {
        Assumptions.assumeTrue(KernelHelper.unavailableReason().isEmpty(),
                () -> "JNI helper not loaded: " + KernelHelper.unavailableReason().orElse(""));
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
                "iproute2 (ip) is not installed: apt-get install iproute2");
        VethNamespace ns = new VethNamespace();
        try {
            ns.ip("netns", "add", ns.namespace);
        } catch (IllegalStateException e) {
            Assumptions.abort("cannot create a network namespace (needs CAP_SYS_ADMIN): " + e.getMessage());
        }
        try {
            ns.ip("link", "add", ns.hostInterface, "type", "veth", "peer", "name", ns.peerInterface);
            ns.ip("link", "set", ns.peerInterface, "netns", ns.namespace);
            ns.ip("addr", "add", ns.hostAddress + "/24", "dev", ns.hostInterface);
            ns.ip("-6", "addr", "add", ns.hostAddress6 + "/64", "dev", ns.hostInterface, "nodad");
            ns.ip("link", "set", ns.hostInterface, "up");
            ns.ip("-n", ns.namespace, "addr", "add", ns.allowedAddress + "/24", "dev", ns.peerInterface);
            ns.ip("-n", ns.namespace, "addr", "add", ns.blockedAddress + "/24", "dev", ns.peerInterface);
            ns.ip("-n", ns.namespace, "-6", "addr", "add", ns.allowedAddress6 + "/64", "dev", ns.peerInterface, "nodad");
            ns.ip("-n", ns.namespace, "-6", "addr", "add", ns.blockedAddress6 + "/64", "dev", ns.peerInterface, "nodad");
            ns.ip("-n", ns.namespace, "link", "set", ns.peerInterface, "up");
            ns.ip("-n", ns.namespace, "link", "set", "lo", "up");
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    public void ip(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        try {
            ip("link", "del", hostInterface);
        } catch (IllegalStateException ignored) {
            // already gone with the namespace or never created
        }
        ip("netns", "del", namespace);
    }
}
