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

    /** The limit file of a process's cgroup (cgroup v2: the {@code 0::} line). */
    public Path limitFile(long pid, Provider.CgroupResource resource) {
        String relative = groupOf(pid, resource, false);
        Path dir = cgroupRoot.resolve(relative).normalize();
        if (!dir.startsWith(cgroupRoot)) {
            throw failed("the cgroup " + relative + " of process " + pid + " lies outside " + cgroupRoot);
        }
        return dir.resolve(resource == Provider.CgroupResource.CPU ? "cpu.max" : "memory.max");
    }

    /**
     * The cgroup of a process that carries {@code resource}, relative to the hierarchy root ({@code
     * multisystem.slice/w1}): the cgroup v2 {@code 0::} line, or, on a cgroup v1 host, the line of the hierarchy
     * whose controllers include it ({@code 4:cpu,cpuacct:/path}). The kernel agent maps the path to the right
     * hierarchy itself.
     */
    public String cgroupPath(long pid, Provider.CgroupResource resource) {
        return groupOf(pid, resource, true);
    }

    private String groupOf(long pid, Provider.CgroupResource resource, boolean v1Too) {
        Path membership = procRoot.resolve(String.valueOf(pid)).resolve("cgroup");
        String controller = resource == Provider.CgroupResource.CPU ? "cpu" : "memory";
        String v1 = null;
        try {
            for (String line : Files.readAllLines(membership, StandardCharsets.UTF_8)) {
                String[] parts = line.split(":", 3);
                if (parts.length != 3) {
                    continue;
                }
                if (parts[0].equals("0") && parts[1].isEmpty()) {
                    return parts[2].replaceFirst("^/", "");
                }
                if (v1 == null && java.util.Arrays.asList(parts[1].split(",")).contains(controller)) {
                    v1 = parts[2].replaceFirst("^/", "");
                }
            }
        } catch (IOException e) {
            throw failed("cannot read the cgroup of process " + pid + " (" + membership + "): " + e.getMessage());
        }
        if (v1Too && v1 != null) {
            return v1;
        }
        throw failed("process " + pid + " is not in a cgroup v2 hierarchy (no 0:: line in " + membership + ")"
                + (v1Too ? " nor in a v1 hierarchy with the " + controller + " controller" : ""));
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
