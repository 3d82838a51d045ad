package io.multisystem.kernel.bpf;

import io.multisystem.kernel.KernelErrors;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 prefix in canonical form (host bits zero). Parsing accepts only address literals (never a host
 * name, so no DNS lookup happens) and rejects set host bits, naming the canonical prefix the caller probably meant.
 */
public record Cidr(byte[] address, int prefixLength) {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    public Cidr {
        address = address.clone();
    }

    public static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw KernelErrors.invalid("CIDR_INVALID", "prefix must not be blank; use e.g. 203.0.113.0/24 or 2001:db8::/32");
        }
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String host = slash < 0 ? trimmed : trimmed.substring(0, slash);
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = !v4 && IPV6.matcher(host).matches();
        if (!v4 && !v6) {
            throw KernelErrors.invalid("CIDR_INVALID", "'" + text + "' is not an IPv4 or IPv6 prefix; use e.g. 203.0.113.0/24 or 2001:db8::/32");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw KernelErrors.invalid("CIDR_INVALID", "'" + text + "' has an invalid address: " + e.getMessage());
        }
        if (v6 && bytes.length == 4) {
            throw KernelErrors.invalid("CIDR_INVALID", "'" + text + "' is an IPv4-mapped address; write it as IPv4");
        }
        int max = bytes.length * 8;
        int length = max;
        if (slash >= 0) {
            String len = trimmed.substring(slash + 1);
            if (!len.matches("\\d{1,3}") || Integer.parseInt(len) > max) {
                throw KernelErrors.invalid("CIDR_INVALID", "'" + text + "' has prefix length '" + len + "'; it must be 0.." + max);
            }
            length = Integer.parseInt(len);
        }
        byte[] masked = mask(bytes, length);
        if (!Arrays.equals(masked, bytes)) {
            Cidr canonical = new Cidr(masked, length);
            throw KernelErrors.invalid("CIDR_HOST_BITS_SET", "'" + text + "' has host bits set; did you mean " + canonical + "?");
        }
        return new Cidr(bytes, length);
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    /** The LPM-trie key: little-endian u32 prefix length followed by the address in network order. */
    public byte[] trieKey() {
        byte[] key = new byte[4 + address.length];
        key[0] = (byte) prefixLength;
        key[1] = (byte) (prefixLength >>> 8);
        System.arraycopy(address, 0, key, 4, address.length);
        return key;
    }

    public static Cidr fromTrieKey(byte[] key) {
        int length = (key[0] & 0xff) | (key[1] & 0xff) << 8;
        return new Cidr(Arrays.copyOfRange(key, 4, key.length), length);
    }

    private static byte[] mask(byte[] bytes, int length) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, length - 8 * i));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            String host = InetAddress.getByAddress(address).getHostAddress();
            return host + "/" + prefixLength;
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr other && other.prefixLength == prefixLength && Arrays.equals(other.address, address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + prefixLength;
    }
}
