package io.multisystem.chaos.experiment;

import io.multisystem.core.error.FailedPreconditionException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory limits through the cgroup v2 file system: a process's cgroup is read from {@code /proc/PID/cgroup}
 * (the {@code 0::/path} line) and the limit written to {@code cpu.max} ({@code "QUOTA PERIOD"}, quota = CPUs x
 * period) or {@code memory.max} (bytes). The previous content is returned so the caller can journal it and write it
 * back on revert. Roots are configurable so tests use a directory tree with the same layout.
 */
public final class CgroupLimits {
    private static final long CPU_PERIOD_MICROS = 100_000;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]i?b?|b)?");

    private final Path procRoot;
    private final Path cgroupRoot;

    public CgroupLimits(Path procRoot, Path cgroupRoot) {
        this.procRoot = procRoot;
        this.cgroupRoot = cgroupRoot;
    }

    public static CgroupLimits system() {
        return new CgroupLimits(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /** The file content a limit text stands for ({@code 0.5} CPUs -> {@code 50000 100000}), or null if malformed. */
    static String parseLimit(Provider.CgroupResource resource, String limit) {
        String text = limit.trim().toLowerCase(Locale.ROOT);
        if (resource == Provider.CgroupResource.CPU) {
            try {
                double cpus = Double.parseDouble(text);
                if (!(cpus > 0) || cpus > 4096) {
                    return null;
                }
                return Math.max(1000, Math.round(cpus * CPU_PERIOD_MICROS)) + " " + CPU_PERIOD_MICROS;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).substring(0, 1);
        long factor = switch (unit) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            default -> 1;
        };
        return n <= 0 ? null : String.valueOf(n * factor);
    }

    /** The limit file of a process's cgroup. */
    public Path limitFile(long pid, Provider.CgroupResource resource) {
        Path membership = procRoot.resolve(String.valueOf(pid)).resolve("cgroup");
        try {
            for (String line : Files.readAllLines(membership, StandardCharsets.UTF_8)) {
                if (line.startsWith("0::")) {
                    String relative = line.substring(3).replaceFirst("^/", "");
                    Path dir = cgroupRoot.resolve(relative).normalize();
                    if (!dir.startsWith(cgroupRoot)) {
                        break;
                    }
                    return dir.resolve(resource == Provider.CgroupResource.CPU ? "cpu.max" : "memory.max");
                }
            }
        } catch (IOException e) {
            throw failed("cannot read the cgroup of process " + pid + " (" + membership + "): " + e.getMessage());
        }
        throw failed("process " + pid + " is not in a cgroup v2 hierarchy (no 0:: line in " + membership + ")");
    }

    /** The current content of a limit file. */
    public String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw failed("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Writes {@code content} to {@code file}, returning what was there. */
    public String write(Path file, String content) {
        try {
            String previous = Files.readString(file, StandardCharsets.UTF_8).trim();
            Files.writeString(file, content + "\n", StandardCharsets.UTF_8);
            return previous;
        } catch (IOException e) {
            throw failed("cannot write " + file + ": " + e.getMessage()
                    + " (the engine needs write access to the cgroup file system)");
        }
    }

    private static FailedPreconditionException failed(String message) {
        return new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED, message);
    }
}
