package io.multisystem.contract.value;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Cedar's {@code ipaddr}: an IPv4 or IPv6 address with a prefix length (a single address has the full prefix).
 * Equality is structural (address as written plus prefix), as in Cedar. Range tests compare the network and
 * broadcast addresses as unsigned integers. Like Cedar, IPv4-embedded IPv6 notation and leading zeros are rejected.
 */
public final class IpAddr {
    private final byte[] addr;
    private final int prefix;

    private IpAddr(byte[] addr, int prefix) {
        this.addr = addr;
        this.prefix = prefix;
    }

    public static IpAddr parse(String s) {
        String host = s;
        Integer prefix = null;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            host = s.substring(0, slash);
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw bad(s);
            }
            prefix = Integer.parseInt(p);
        }
        byte[] bytes;
        if (host.contains(":")) {
            if (host.contains(".")) {
                throw bad(s);
            }
            bytes = parseV6(host, s);
        } else {
            bytes = parseV4(host, s);
        }
        int max = bytes.length * 8;
        int pl = prefix == null ? max : prefix;
        if (pl > max) {
            throw bad(s);
        }
        return new IpAddr(bytes, pl);
    }

    private static EvalException bad(String s) {
        return new EvalException("error evaluating `ip(" + Values.quote(s) + ")`: invalid IP address: " + s);
    }

    private static byte[] parseV4(String host, String s) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            throw bad(s);
        }
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0')) {
                throw bad(s);
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw bad(s);
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] parseV6(String host, String s) {
        int dbl = host.indexOf("::");
        if (dbl >= 0 && host.indexOf("::", dbl + 1) >= 0) {
            throw bad(s);
        }
        String head = dbl >= 0 ? host.substring(0, dbl) : host;
        String tail = dbl >= 0 ? host.substring(dbl + 2) : "";
        int[] h = groups(head, s);
        int[] t = groups(tail, s);
        if (dbl < 0 && h.length != 8) {
            throw bad(s);
        }
        if (dbl >= 0 && h.length + t.length > 7) {
            throw bad(s);
        }
        byte[] b = new byte[16];
        for (int i = 0; i < h.length; i++) {
            b[2 * i] = (byte) (h[i] >> 8);
            b[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int g = 8 - t.length + i;
            b[2 * g] = (byte) (t[i] >> 8);
            b[2 * g + 1] = (byte) t[i];
        }
        return b;
    }

    private static int[] groups(String part, String s) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] gs = part.split(":", -1);
        int[] out = new int[gs.length];
        for (int i = 0; i < gs.length; i++) {
            String g = gs[i];
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw bad(s);
            }
            out[i] = Integer.parseInt(g, 16);
        }
        return out;
    }

    public boolean isIpv4() {
        return addr.length == 4;
    }

    public boolean isIpv6() {
        return addr.length == 16;
    }

    public boolean isLoopback() {
        if (isIpv4()) {
            return (addr[0] & 0xff) == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (addr[i] != 0) {
                return false;
            }
        }
        return addr[15] == 1;
    }

    public boolean isMulticast() {
        if (isIpv4()) {
            return (addr[0] & 0xf0) == 0xe0 && prefix >= 4;
        }
        return (addr[0] & 0xff) == 0xff && prefix >= 8;
    }

    /** True when this whole range lies inside {@code other}'s range (same family). */
    public boolean isInRange(IpAddr other) {
        if (other.addr.length != addr.length) {
            return false;
        }
        BigInteger lo = network(), hi = broadcast();
        BigInteger olo = other.network(), ohi = other.broadcast();
        return lo.compareTo(olo) >= 0 && hi.compareTo(ohi) <= 0 && lo.compareTo(ohi) <= 0;
    }

    private BigInteger value() {
        return new BigInteger(1, addr);
    }

    private BigInteger hostMask() {
        int bits = addr.length * 8;
        return BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE);
    }

    /** The first address of the range, as an unsigned integer. */
    public BigInteger network() {
        return value().andNot(hostMask());
    }

    /** The last address of the range, as an unsigned integer. */
    public BigInteger broadcast() {
        return value().or(hostMask());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddr && ((IpAddr) o).prefix == prefix && Arrays.equals(((IpAddr) o).addr, addr);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(addr) * 31 + prefix;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (isIpv4()) {
            for (int i = 0; i < 4; i++) {
                sb.append(i == 0 ? "" : ".").append(addr[i] & 0xff);
            }
        } else {
            for (int i = 0; i < 8; i++) {
                sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((addr[2 * i] & 0xff) << 8) | (addr[2 * i + 1] & 0xff)));
            }
        }
        return sb.append('/').append(prefix).toString();
    }
}
