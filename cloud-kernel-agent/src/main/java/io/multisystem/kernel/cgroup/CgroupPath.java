package io.multisystem.kernel.cgroup;

import io.multisystem.kernel.KernelErrors;

import java.util.regex.Pattern;

/**
 * A validated cgroup path relative to a hierarchy's root, e.g. {@code multisystem.slice/tenant-a}: segments of letters,
 * digits and {@code _ . - @ :}, no {@code .}/{@code ..}, no leading or trailing slash, at most 16 levels, and no segment
 * that names a control file prefix ({@code cgroup.}, {@code cpu.}, ...), so a path can never escape its hierarchy or
 * alias a kernel file.
 */
public record CgroupPath(String value) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_@:][A-Za-z0-9_.@:-]{0,127}");
    private static final Pattern CONTROL_PREFIX = Pattern.compile(
            "(cgroup|cpu|cpuacct|cpuset|memory|io|blkio|pids|hugetlb|rdma|misc|net_cls|net_prio|freezer|devices|notify_on_release|tasks|release_agent)(\\..*)?");

    public CgroupPath {
        String problem = problem(value);
        if (problem != null) {
            throw KernelErrors.invalid("CGROUP_PATH_INVALID", "cgroup path '" + value + "' is invalid: " + problem);
        }
    }

    public static CgroupPath of(String value) {
        return new CgroupPath(value == null ? null : value.strip());
    }

    private static String problem(String value) {
        if (value == null || value.isEmpty()) {
            return "it must not be empty";
        }
        if (value.startsWith("/") || value.endsWith("/")) {
            return "write it relative to the hierarchy root, without leading or trailing '/'";
        }
        String[] segments = value.split("/", -1);
        if (segments.length > 16) {
            return "at most 16 levels";
        }
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                return "segment '" + s + "' is not allowed";
            }
            if (!SEGMENT.matcher(s).matches()) {
                return "segment '" + s + "' must be letters, digits and _ . - @ : (at most 128)";
            }
            if (CONTROL_PREFIX.matcher(s).matches()) {
                return "segment '" + s + "' looks like a control file name";
            }
        }
        return null;
    }

    public boolean isWithin(CgroupPath root) {
        return value.equals(root.value) || value.startsWith(root.value + "/");
    }

    public CgroupPath child(String name) {
        return new CgroupPath(value + "/" + name);
    }

    public java.util.Optional<CgroupPath> parent() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? java.util.Optional.empty() : java.util.Optional.of(new CgroupPath(value.substring(0, slash)));
    }

    public int depth() {
        return value.split("/").length;
    }

    @Override
    public String toString() {
        return value;
    }
}
