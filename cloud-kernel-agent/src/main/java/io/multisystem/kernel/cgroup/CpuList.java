package io.multisystem.kernel.cgroup;

import java.util.BitSet;
import java.util.regex.Pattern;

/** The kernel's list format for CPUs and NUMA nodes ({@code 0-3,6,8-9}), as in cpuset.cpus and sysfs cpulist. */
public final class CpuList {
    private static final Pattern FORMAT = Pattern.compile("\\d{1,4}(-\\d{1,4})?(,\\d{1,4}(-\\d{1,4})?)*");

    private CpuList() {
    }

    public static boolean isValid(String text) {
        if (text == null || !FORMAT.matcher(text).matches()) {
            return false;
        }
        for (String part : text.split(",")) {
            String[] range = part.split("-");
            if (range.length == 2 && Integer.parseInt(range[0]) > Integer.parseInt(range[1])) {
                return false;
            }
        }
        return true;
    }

    public static BitSet parse(String text) {
        BitSet set = new BitSet();
        if (text == null || text.isBlank()) {
            return set;
        }
        for (String part : text.strip().split(",")) {
            String[] range = part.split("-");
            int from = Integer.parseInt(range[0]);
            int to = range.length == 2 ? Integer.parseInt(range[1]) : from;
            set.set(from, to + 1);
        }
        return set;
    }

    public static String format(BitSet set) {
        StringBuilder sb = new StringBuilder();
        int i = set.nextSetBit(0);
        while (i >= 0) {
            int end = set.nextClearBit(i) - 1;
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(i);
            if (end > i) {
                sb.append('-').append(end);
            }
            i = set.nextSetBit(end + 1);
        }
        return sb.toString();
    }
}
