package io.multisystem.kernel.cgroup;

/**
 * An io.max entry for one block device {@code major:minor}: bytes and operations per second for reads and writes,
 * -1 for no limit (v2 {@code max}; v1 writes 0, which removes the throttle rule).
 */
public record IoLimit(int major, int minor, long readBps, long writeBps, long readIops, long writeIops) {
    public String device() {
        return major + ":" + minor;
    }

    /** Parses "MAJ:MIN rbps=N wbps=N riops=N wiops=N" (io.max syntax; omitted keys mean max). */
    public static IoLimit parse(String text) {
        String[] parts = text.strip().split("\\s+");
        String[] dev = parts[0].split(":");
        if (dev.length != 2 || !dev[0].matches("\\d{1,4}") || !dev[1].matches("\\d{1,7}")) {
            throw io.multisystem.kernel.KernelErrors.invalid("IO_LIMIT_INVALID", "io limit '" + text
                    + "' must start with a device MAJOR:MINOR, e.g. '8:0 rbps=1048576 wiops=100'");
        }
        long rbps = -1;
        long wbps = -1;
        long riops = -1;
        long wiops = -1;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw io.multisystem.kernel.KernelErrors.invalid("IO_LIMIT_INVALID", "io limit '" + text + "': '" + parts[i]
                        + "' must be key=value with key rbps, wbps, riops or wiops");
            }
            long value;
            if ("max".equals(kv[1])) {
                value = -1;
            } else if (kv[1].matches("\\d{1,18}") && Long.parseLong(kv[1]) > 0) {
                value = Long.parseLong(kv[1]);
            } else {
                throw io.multisystem.kernel.KernelErrors.invalid("IO_LIMIT_INVALID", "io limit '" + text + "': value of "
                        + kv[0] + " must be a positive integer or 'max'");
            }
            switch (kv[0]) {
                case "rbps" -> rbps = value;
                case "wbps" -> wbps = value;
                case "riops" -> riops = value;
                case "wiops" -> wiops = value;
                default -> throw io.multisystem.kernel.KernelErrors.invalid("IO_LIMIT_INVALID", "io limit '" + text
                        + "': unknown key '" + kv[0] + "' (use rbps, wbps, riops, wiops)");
            }
        }
        return new IoLimit(Integer.parseInt(dev[0]), Integer.parseInt(dev[1]), rbps, wbps, riops, wiops);
    }

    /** The io.max line. */
    public String toV2() {
        return device() + " rbps=" + v(readBps) + " wbps=" + v(writeBps) + " riops=" + v(readIops) + " wiops=" + v(writeIops);
    }

    private static String v(long value) {
        return value < 0 ? "max" : Long.toString(value);
    }
}
