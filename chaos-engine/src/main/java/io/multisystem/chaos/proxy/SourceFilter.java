package io.multisystem.chaos.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which client source addresses a toxic applies to: a list of CIDR blocks ({@code 127.0.0.1/32}, {@code 10.0.0.0/8},
 * {@code ::1/128}) or bare IP literals (a single host). An empty filter matches every client. Immutable and
 * thread-safe. Host names are refused so that matching never does DNS.
 */
public final class SourceFilter {
    private static final SourceFilter ANY = new SourceFilter(List.of(), List.of());

    private final List<String> blocks;
    private final List<byte[]> networks;
    private final List<Integer> prefixes;

    private SourceFilter(List<String> blocks, List<Block> parsed) {
        this.blocks = List.copyOf(blocks);
        this.networks = new ArrayList<>();
        this.prefixes = new ArrayList<>();
        for (Block block : parsed) {
            networks.add(block.network);
            prefixes.add(block.prefix);
        }
    }

    /** The filter that matches every client. */
    public static SourceFilter any() {
        return ANY;
    }

    /**
     * Parses CIDR blocks; the result prints each block normalised ({@code 10.1.2.3/8} becomes {@code 10.0.0.0/8}).
     *
     * @throws io.multisystem.core.error.InvalidInputException ({@code INVALID_FIELD}, field {@code sources[i]}) for a
     *         value that is not an IP literal with an optional prefix length valid for its family
     */
    public static SourceFilter parse(List<String> cidrs) {
        if (cidrs == null || cidrs.isEmpty()) {
            return ANY;
        }
        List<String> normalised = new ArrayList<>();
        List<Block> parsed = new ArrayList<>();
        for (int i = 0; i < cidrs.size(); i++) {
            Block block = parseBlock("sources[" + i + "]", cidrs.get(i));
            parsed.add(block);
            normalised.add(block.toString());
        }
        return new SourceFilter(normalised, parsed);
    }

    /** The blocks as given (normalised); empty when the filter matches every client. */
    public List<String> blocks() {
        return blocks;
    }

    /** Whether the filter lets the toxic apply to a client connecting from {@code address}. */
    public boolean matches(InetAddress address) {
        if (blocks.isEmpty()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).length == bytes.length && prefixMatches(networks.get(i), bytes, prefixes.get(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixMatches(byte[] network, byte[] address, int prefix) {
        int fullBytes = prefix / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (network[fullBytes] & mask) == (address[fullBytes] & mask);
    }

    private static Block parseBlock(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProxyErrors.invalidField(field, "must be an IP address or CIDR block such as 127.0.0.1/32");
        }
        String text = value.trim();
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        if (!looksLikeIpLiteral(host)) {
            throw ProxyErrors.invalidField(field, "'" + value + "' is not an IP literal; host names are not accepted");
        }
        byte[] network;
        try {
            network = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            throw ProxyErrors.invalidField(field, "'" + value + "' is not an IP literal");
        }
        int maxPrefix = network.length * 8;
        int prefix = maxPrefix;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > maxPrefix) {
                throw ProxyErrors.invalidField(field, "prefix length of '" + value + "' must be 0.." + maxPrefix);
            }
        }
        for (int bit = prefix; bit < maxPrefix; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new Block(network, prefix);
    }

    private static boolean looksLikeIpLiteral(String host) {
        if (host.isEmpty()) {
            return false;
        }
        if (host.indexOf(':') >= 0) {
            return host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
        }
        return host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    }

    private static final class Block {
        final byte[] network;
        final int prefix;

        Block(byte[] network, int prefix) {
            this.network = network;
            this.prefix = prefix;
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SourceFilter && ((SourceFilter) other).blocks.equals(blocks);
    }

    @Override
    public int hashCode() {
        return blocks.hashCode();
    }

    @Override
    public String toString() {
        return blocks.isEmpty() ? "any" : blocks.toString();
    }
}
