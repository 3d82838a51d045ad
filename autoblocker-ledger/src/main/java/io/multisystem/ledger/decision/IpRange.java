package io.multisystem.ledger.decision;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 address or CIDR range, parsed strictly (no host name lookups, no octal, no IPv4 shorthand like
 * {@code 10.1}). A single address is a range of prefix length 32 / 128. IPv4-mapped IPv6 addresses
 * ({@code ::ffff:1.2.3.4}) are normalised to IPv4. The canonical text is the network address with the prefix
 * ({@code 10.0.0.0/8}) or just the address for a single host.
 */
public final class IpRange {
    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;

    private IpRange(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** Parses an address ({@code 192.0.2.1}, {@code 2001:db8::1}) or a range ({@code 192.0.2.0/24}). */
    public static IpRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw LedgerErrors.invalid(LedgerErrors.INVALID_ADDRESS, "address", "is empty; give an IPv4/IPv6 address or CIDR");
        }
        String t = text.strip();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = parseAddress(addr, t);
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                throw LedgerErrors.invalid(LedgerErrors.INVALID_ADDRESS, "address", "'" + t + "' has a bad prefix length");
            }
            prefix = Integer.parseInt(p);
            if (bytes.length == 4 && addr.contains(":")) {
                prefix -= 96;
            }
            if (prefix < 0 || prefix > max) {
                throw LedgerErrors.invalid(LedgerErrors.INVALID_ADDRESS, "address",
                        "'" + t + "' prefix length must be 0.." + max);
            }
        }
        return new IpRange(mask(bytes, prefix), prefix);
    }

    /** True if {@code text} parses. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static byte[] parseAddress(String addr, String whole) {
        if (IPV4.matcher(addr).matches()) {
            return literal(addr, whole);
        }
        if (addr.contains(":") && IPV6_CHARS.matcher(addr).matches()) {
            byte[] b = literal(addr, whole);
            if (b.length == 4) {
                return b;
            }
            return b;
        }
        throw LedgerErrors.invalid(LedgerErrors.INVALID_ADDRESS, "address",
                "'" + whole + "' is not an IPv4/IPv6 address or CIDR");
    }

    private static byte[] literal(String addr, String whole) {
        try {
            // only literals reach here (checked above), so no DNS lookup happens
            return InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw LedgerErrors.invalid(LedgerErrors.INVALID_ADDRESS, "address",
                    "'" + whole + "' is not an IPv4/IPv6 address or CIDR");
        }
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int prefix() {
        return prefix;
    }

    public boolean isSingleAddress() {
        return prefix == network.length * 8;
    }

    /** True if {@code other} lies entirely inside this range. */
    public boolean contains(IpRange other) {
        if (other.network.length != network.length || other.prefix < prefix) {
            return false;
        }
        return Arrays.equals(mask(other.network, prefix), network);
    }

    /** The number of addresses, saturated at Long.MAX_VALUE. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(network.length * 8 - prefix);
    }

    byte[] networkBytes() {
        return network.clone();
    }

    @Override
    public String toString() {
        String a;
        try {
            a = InetAddress.getByAddress(network).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        if (!isIpv4()) {
            a = compress(a);
        }
        return isSingleAddress() ? a : a + "/" + prefix;
    }

    private static String compress(String full) {
        // Java prints 2001:db8:0:0:0:0:0:1; compress the longest zero run as RFC 5952 says
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String left = String.join(":", Arrays.copyOfRange(parts, 0, bestStart));
        String right = String.join(":", Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return left + "::" + right;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpRange r && r.prefix == prefix && Arrays.equals(r.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + prefix;
    }
}
