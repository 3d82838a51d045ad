package io.multisystem.ledger.export;

import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.IpRange;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.decision.Scope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Renders the active {@code ban} decisions on addresses and ranges as firewall sets: an nftables script for
 * {@code nft -f} or an {@code ipset restore} file. Each element carries its remaining lifetime as a timeout, so the
 * kernel drops it when the decision expires even if no new export runs.
 *
 * <p>Design: decisions are reduced to distinct elements first (the same target banned by several domains becomes one
 * element with the longest remaining time), split by family. nftables: single addresses go to a plain set with
 * {@code flags timeout}, CIDR ranges to a {@code flags interval, timeout} set (interval sets refuse overlapping
 * elements, so a range contained in another exported range is left out: the wider one already covers it); the script
 * declares the table, sets and an input-hook chain dropping their sources, flushes the sets and adds the elements, and
 * {@code nft -f} applies it as one transaction. ipset: {@code hash:net} sets with timeout support per family, filled
 * under a temporary name and then {@code swap}ped in, so the live set is replaced atomically; ipset timeouts are
 * capped at 2,147,483 s (its maximum) and nft timeouts at 99,999,999 s (the largest nft 1.0.6 parses); a periodic
 * re-export renews them. {@code captcha} and custom actions, and User-scoped decisions, are not
 * firewall material and are skipped (counted in {@link Result#skipped()}).
 */
public final class FirewallExport {
    /** Supported formats. */
    public enum Format {
        NFT, IPSET;

        public static Format parse(String text) {
            String t = text == null ? "" : text.strip().toLowerCase(java.util.Locale.ROOT);
            return switch (t) {
                case "nft", "nftables" -> NFT;
                case "ipset" -> IPSET;
                default -> throw LedgerErrors.invalid("INVALID_FORMAT", "format", "'" + text + "' must be nft or ipset");
            };
        }
    }

    /** One firewall element: an address or CIDR and its remaining lifetime in seconds. */
    public record Element(IpRange range, long timeoutSeconds) {
    }

    /** The rendered script and what went into it. */
    public record Result(String script, List<Element> elements, int skipped) {
    }

    /** ipset's largest timeout. */
    static final long IPSET_MAX_TIMEOUT = 2_147_483L;
    /** The largest timeout nft 1.0.6 accepts in a script (found with {@code nft -c}); about 3.2 years. */
    static final long NFT_MAX_TIMEOUT = 99_999_999L;
    /** Fixed so that re-running an export against existing sets never conflicts ({@code -exist} needs equal params). */
    static final int MAXELEM = 1 << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,23}");

    private FirewallExport() {
    }

    /**
     * Renders {@code decisions} at time {@code now}.
     *
     * @param name nft table name / ipset name prefix (letters, digits, _ -; at most 24)
     * @throws io.multisystem.core.error.InvalidInputException if the name is malformed
     */
    public static Result render(List<Decision> decisions, Format format, String name, Instant now) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw LedgerErrors.invalid("INVALID_SET_NAME", "name", "'" + name
                    + "' must start with a letter and use letters, digits, _ or - (at most 24 characters)");
        }
        Map<IpRange, Long> best = new LinkedHashMap<>();
        int skipped = 0;
        long nowMs = now.toEpochMilli();
        for (Decision d : decisions) {
            if (!"ban".equals(d.type()) || d.scope() == Scope.USER || d.expiresAt() <= nowMs) {
                skipped++;
                continue;
            }
            IpRange r = IpRange.parse(d.value());
            long seconds = Math.max(1, (d.expiresAt() - nowMs + 999) / 1000);
            best.merge(r, seconds, Math::max);
        }
        List<Element> elements = new ArrayList<>();
        best.forEach((r, s) -> elements.add(new Element(r, s)));
        elements.sort(Comparator.comparing((Element e) -> !e.range().isIpv4()).thenComparing(e -> e.range().toString()));
        String header = "# autoblocker-ledger: " + elements.size() + " active bans exported at " + now + "\n";
        String script = format == Format.NFT ? nft(elements, name, header) : ipset(elements, name, header);
        return new Result(script, List.copyOf(elements), skipped);
    }

    private static String nft(List<Element> elements, String table, String header) {
        StringBuilder b = new StringBuilder("#!/usr/sbin/nft -f\n").append(header);
        b.append("table inet ").append(table).append(" {\n")
                .append("  set addr4 { type ipv4_addr; flags timeout; }\n")
                .append("  set addr6 { type ipv6_addr; flags timeout; }\n")
                .append("  set net4 { type ipv4_addr; flags interval, timeout; }\n")
                .append("  set net6 { type ipv6_addr; flags interval, timeout; }\n")
                .append("  chain input {\n")
                .append("    type filter hook input priority filter - 10; policy accept;\n")
                .append("    ip saddr @addr4 drop\n    ip saddr @net4 drop\n")
                .append("    ip6 saddr @addr6 drop\n    ip6 saddr @net6 drop\n")
                .append("  }\n}\n");
        for (String set : List.of("addr4", "addr6", "net4", "net6")) {
            b.append("flush set inet ").append(table).append(' ').append(set).append('\n');
        }
        List<Element> ranges = new ArrayList<>();
        for (Element e : elements) {
            if (!e.range().isSingleAddress()) {
                ranges.add(e);
            }
        }
        for (String set : List.of("addr4", "addr6", "net4", "net6")) {
            boolean v4 = set.endsWith("4");
            boolean single = set.startsWith("addr");
            List<String> items = new ArrayList<>();
            for (Element e : elements) {
                if (e.range().isIpv4() != v4 || e.range().isSingleAddress() != single) {
                    continue;
                }
                if (!single && coveredByAnother(e, ranges)) {
                    continue;
                }
                items.add(e.range() + " timeout " + Math.min(NFT_MAX_TIMEOUT, e.timeoutSeconds()) + "s");
            }
            for (int i = 0; i < items.size(); i += 1000) {
                b.append("add element inet ").append(table).append(' ').append(set).append(" { ")
                        .append(String.join(", ", items.subList(i, Math.min(items.size(), i + 1000)))).append(" }\n");
            }
        }
        return b.toString();
    }

    private static boolean coveredByAnother(Element e, List<Element> ranges) {
        for (Element o : ranges) {
            if (o != e && o.range().isIpv4() == e.range().isIpv4() && o.range().contains(e.range())
                    && !o.range().equals(e.range())) {
                return true;
            }
        }
        return false;
    }

    private static String ipset(List<Element> elements, String name, String header) {
        StringBuilder b = new StringBuilder(header);
        for (String fam : List.of("4", "6")) {
            String live = name + "-v" + fam;
            String next = name + "-v" + fam + "-new";
            String family = fam.equals("4") ? "inet" : "inet6";
            int max = MAXELEM;
            b.append("create ").append(live).append(" hash:net family ").append(family).append(" timeout 0 maxelem ")
                    .append(max).append(" -exist\n");
            b.append("create ").append(next).append(" hash:net family ").append(family).append(" timeout 0 maxelem ")
                    .append(max).append(" -exist\n");
            b.append("flush ").append(next).append('\n');
            for (Element e : elements) {
                if (e.range().isIpv4() == fam.equals("4")) {
                    b.append("add ").append(next).append(' ').append(e.range()).append(" timeout ")
                            .append(Math.min(IPSET_MAX_TIMEOUT, e.timeoutSeconds())).append(" -exist\n");
                }
            }
            b.append("swap ").append(next).append(' ').append(live).append('\n');
            b.append("destroy ").append(next).append('\n');
        }
        return b.toString();
    }
}
