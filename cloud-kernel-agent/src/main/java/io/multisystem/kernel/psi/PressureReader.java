package io.multisystem.kernel.psi;

import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.KernelFiles;
import io.multisystem.kernel.cgroup.CgroupLayout;
import io.multisystem.kernel.cgroup.CgroupPath;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads PSI from {@code <proc>/pressure/{cpu,memory,io}} (system) and {@code <cgroup2 group>/{cpu,memory,io}.pressure}
 * (per group; on a hybrid host through the unified mount). Lines have the kernel's format
 * {@code some avg10=0.00 avg60=0.00 avg300=0.00 total=0}; a missing "full" line (cpu on kernels before 5.13) is empty.
 */
public final class PressureReader {
    public static final List<String> RESOURCES = List.of("cpu", "memory", "io");
    private final Path procRoot;

    public PressureReader(Path procRoot) {
        this.procRoot = procRoot;
    }

    public Path systemFile(String resource) {
        requireResource(resource);
        return procRoot.resolve("pressure").resolve(resource);
    }

    public static Path cgroupFile(CgroupLayout layout, CgroupPath group, String resource) {
        requireResource(resource);
        Path mount = layout.unified().orElseThrow(() -> KernelErrors.precondition(KernelErrors.PRESSURE_UNAVAILABLE,
                "per-cgroup pressure needs a cgroup v2 (unified) mount; none is mounted under " + layout.root())).mount();
        return mount.resolve(group.value()).resolve(resource + ".pressure");
    }

    public static void requireResource(String resource) {
        if (!RESOURCES.contains(resource)) {
            throw KernelErrors.invalid("PRESSURE_RESOURCE_INVALID", "pressure resource '" + resource + "' must be one of " + RESOURCES);
        }
    }

    public Map<String, Pressure> system() {
        return readAll(procRoot.resolve("pressure"), "", "/proc/pressure (kernel built without CONFIG_PSI or booted with psi=0)");
    }

    public static Map<String, Pressure> cgroup(CgroupLayout layout, CgroupPath group) {
        Path dir = cgroupFile(layout, group, "cpu").getParent();
        return readAll(dir, ".pressure", dir + "/*.pressure");
    }

    private static Map<String, Pressure> readAll(Path dir, String suffix, String what) {
        Map<String, Pressure> out = new LinkedHashMap<>();
        for (String resource : RESOURCES) {
            KernelFiles.read(dir.resolve(resource + suffix)).ifPresent(text -> out.put(resource, parse(resource, text)));
        }
        if (out.isEmpty()) {
            throw KernelErrors.precondition(KernelErrors.PRESSURE_UNAVAILABLE, "no pressure information: " + what + " is missing");
        }
        return out;
    }

    public static Pressure parse(String resource, String text) {
        Pressure.Line some = null;
        Pressure.Line full = null;
        for (String line : text.split("\n")) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length != 5) {
                continue;
            }
            Pressure.Line parsed = new Pressure.Line(value(parts[1], "avg10"), value(parts[2], "avg60"),
                    value(parts[3], "avg300"), total(parts[4]));
            if ("some".equals(parts[0])) {
                some = parsed;
            } else if ("full".equals(parts[0])) {
                full = parsed;
            }
        }
        if (some == null) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "pressure of " + resource + " has no 'some' line: " + text);
        }
        return new Pressure(resource, some, Optional.ofNullable(full));
    }

    /** {@code total=N}: microseconds as an exact integer (a double would round totals above 2^53). */
    private static long total(String field) {
        double checked = value(field, "total");
        String digits = field.substring("total=".length());
        if (digits.indexOf('.') >= 0) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "pressure field '" + field + "' must be a whole number");
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "pressure field '" + field + "' exceeds 64 bits (" + checked + ")");
        }
    }

    private static double value(String field, String key) {
        String[] kv = field.split("=", 2);
        if (kv.length != 2 || !kv[0].equals(key)) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "unexpected pressure field '" + field + "', wanted " + key);
        }
        String number = kv[1];
        boolean decimal = !number.isEmpty();
        for (int i = 0; i < number.length() && decimal; i++) {
            char c = number.charAt(i);
            decimal = (c >= '0' && c <= '9') || (c == '.' && i > 0 && i < number.length() - 1);
        }
        if (!decimal || number.indexOf('.') != number.lastIndexOf('.') || number.length() > 24) {
            throw KernelErrors.precondition(KernelErrors.READ_FAILED, "pressure field '" + field + "' is not a non-negative "
                    + "decimal number");
        }
        return Double.parseDouble(number);
    }
}
