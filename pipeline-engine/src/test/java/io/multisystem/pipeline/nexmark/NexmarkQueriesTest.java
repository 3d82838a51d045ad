package io.multisystem.pipeline.nexmark;

import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.record.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each Nexmark query definition against a straightforward reference implementation over the same generated events
 * (Beam's Query*Model classes are not used: beam-sdks-java-nexmark is not on this build's class path).
 */
class NexmarkQueriesTest {
    static final int EVENTS = 40_000;
    static final long SEED = 7;
    static final List<Row> PERSONS = new ArrayList<>();
    static final List<Row> AUCTIONS = new ArrayList<>();
    static final List<Row> BIDS = new ArrayList<>();

    @TempDir
    static Path dir;
    static Map<String, String> queries;

    @BeforeAll
    static void generate() {
        NexmarkGenerator g = new NexmarkGenerator(EVENTS, SEED, 10);
        for (long n = 0; n < EVENTS; n++) {
            Row r = g.event(n);
            switch (NexmarkGenerator.kindOf(n)) {
                case PERSON -> PERSONS.add(r);
                case AUCTION -> AUCTIONS.add(r);
                case BID -> BIDS.add(r);
            }
        }
        queries = NexmarkQueries.all(EVENTS, SEED, dir.resolve("out").toString());
    }

    static List<String> run(String query) throws Exception {
        PipelineCompiler.compile(PipelineDefinition.parseYaml(queries.get(query), dir)).run();
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("out-" + query + ".csv")));
        lines.remove(0);
        lines.sort(null);
        return lines;
    }

    static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines);
        out.sort(null);
        return out;
    }

    @Test
    void generatorIsDeterministicAndKeepsBeamsProportions() {
        NexmarkGenerator again = new NexmarkGenerator(EVENTS, SEED, 10);
        assertThat(again.event(12345)).isEqualTo(new NexmarkGenerator(EVENTS, SEED, 10).event(12345));
        assertThat(new NexmarkGenerator(EVENTS, SEED + 1, 10).event(12345)).isNotEqualTo(again.event(12345));
        assertThat(PERSONS).hasSize(EVENTS / 50);
        assertThat(AUCTIONS).hasSize(EVENTS / 50 * 3);
        assertThat(BIDS).hasSize(EVENTS / 50 * 46);
        Set<Long> auctionIds = new HashSet<>();
        AUCTIONS.forEach(a -> auctionIds.add(a.getLong("id")));
        assertThat(BIDS).allMatch(b -> auctionIds.contains(b.getLong("auction")));
    }

    @Test
    void q0PassesEveryBidThrough() throws Exception {
        assertThat(run("q0")).hasSize(BIDS.size()).isEqualTo(sorted(BIDS.stream().map(b -> b.getLong("auction") + ","
                + b.getLong("bidder") + "," + b.getLong("price") + "," + b.getString("channel") + ","
                + b.getLong("date_time")).toList()));
    }

    @Test
    void q1ConvertsPrices() throws Exception {
        assertThat(run("q1")).isEqualTo(sorted(BIDS.stream().map(b -> b.getLong("auction") + "," + b.getLong("bidder")
                + "," + (b.getLong("price") * 89 / 100) + "," + b.getString("channel") + "," + b.getLong("date_time"))
                .toList()));
    }

    @Test
    void q2SelectsAuctionsDivisibleBy123() throws Exception {
        List<String> expected = sorted(BIDS.stream().filter(b -> b.getLong("auction") % 123 == 0)
                .map(b -> b.getLong("auction") + "," + b.getLong("price")).toList());
        assertThat(expected).isNotEmpty();
        assertThat(run("q2")).isEqualTo(expected);
    }

    @Test
    void q3SuggestsLocalItems() throws Exception {
        Map<Long, Row> persons = new HashMap<>();
        PERSONS.forEach(p -> persons.put(p.getLong("id"), p));
        List<String> expected = new ArrayList<>();
        for (Row a : AUCTIONS) {
            Row p = persons.get(a.getLong("seller"));
            if (a.getLong("category") == 10 && p != null && Set.of("OR", "ID", "CA").contains(p.getString("state"))) {
                expected.add(p.getString("name") + "," + p.getString("city") + "," + p.getString("state") + ","
                        + a.getLong("id"));
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(run("q3")).isEqualTo(sorted(expected));
    }

    @Test
    void q4AndQ6AverageWinningPricesPerCategoryAndSeller() throws Exception {
        Map<Long, Row> auctions = new HashMap<>();
        AUCTIONS.forEach(a -> auctions.put(a.getLong("id"), a));
        Map<Long, Long> winning = new TreeMap<>();
        for (Row b : BIDS) {
            Row a = auctions.get(b.getLong("auction"));
            long t = b.getLong("date_time");
            if (t >= a.getLong("date_time") && t < a.getLong("expires") && b.getLong("price") >= a.getLong("reserve")) {
                winning.merge(a.getLong("id"), b.getLong("price"), Math::max);
            }
        }
        Map<Long, double[]> byCategory = new TreeMap<>();
        Map<Long, double[]> bySeller = new TreeMap<>();
        winning.forEach((id, price) -> {
            byCategory.computeIfAbsent(auctions.get(id).getLong("category"), k -> new double[2]);
            bySeller.computeIfAbsent(auctions.get(id).getLong("seller"), k -> new double[2]);
            double[] c = byCategory.get(auctions.get(id).getLong("category"));
            double[] s = bySeller.get(auctions.get(id).getLong("seller"));
            c[0] += price;
            c[1]++;
            s[0] += price;
            s[1]++;
        });
        assertThat(winning).isNotEmpty();
        assertThat(run("q4a")).hasSize(winning.size());
        PipelineCompiler.compile(PipelineDefinition.parseYaml(queries.get("q4b"), dir)).run();
        List<String> q4 = readSorted("q4");
        assertThat(q4).hasSize(byCategory.size());
        for (String line : q4) {
            String[] f = line.split(",");
            double[] c = byCategory.get(Long.parseLong(f[0]));
            assertThat(Double.parseDouble(f[1])).isCloseTo(c[0] / c[1], org.assertj.core.data.Offset.offset(1e-6));
        }
        PipelineCompiler.compile(PipelineDefinition.parseYaml(queries.get("q6"), dir)).run();
        List<String> q6 = readSorted("q6");
        assertThat(q6).hasSize(bySeller.size());
        for (String line : q6) {
            String[] f = line.split(",");
            double[] s = bySeller.get(Long.parseLong(f[0]));
            assertThat(Double.parseDouble(f[1])).isCloseTo(s[0] / s[1], org.assertj.core.data.Offset.offset(1e-6));
        }
    }

    static List<String> readSorted(String query) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("out-" + query + ".csv")));
        lines.remove(0);
        lines.sort(null);
        return lines;
    }

    @Test
    void q5CountsBidsPerAuctionInSlidingWindows() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (Row b : BIDS) {
            long t = b.getLong("date_time");
            long lastStart = Math.floorDiv(t, 5000) * 5000;
            for (long start = lastStart; start > t - 10_000; start -= 5000) {
                counts.merge(b.getLong("auction") + "," + start + "," + (start + 10_000), 1L, Long::sum);
            }
        }
        List<String> expected = new ArrayList<>();
        counts.forEach((k, v) -> expected.add(k + "," + v));
        assertThat(run("q5")).isEqualTo(sorted(expected));
    }

    @Test
    void q7FindsTheHighestBidPerWindow() throws Exception {
        Map<Long, Long> highest = new TreeMap<>();
        BIDS.forEach(b -> highest.merge(Math.floorDiv(b.getLong("date_time"), 10_000) * 10_000, b.getLong("price"),
                Math::max));
        List<String> expected = new ArrayList<>();
        highest.forEach((start, price) -> expected.add(String.format(Locale.ROOT, "all,%d,%d,%d", start,
                start + 10_000, price)));
        assertThat(run("q7")).isEqualTo(sorted(expected));
    }

    @Test
    void q8FindsNewUsersWhoOpenedAuctionsInTheirFirstWindow() throws Exception {
        Map<Long, Row> persons = new HashMap<>();
        PERSONS.forEach(p -> persons.put(p.getLong("id"), p));
        Set<String> expected = new HashSet<>();
        for (Row a : AUCTIONS) {
            Row p = persons.get(a.getLong("seller"));
            if (p != null && p.getLong("date_time") / 10_000 == a.getLong("date_time") / 10_000) {
                expected.add(p.getLong("id") + "," + p.getString("name") + ","
                        + p.getLong("date_time") / 10_000 * 10_000);
            }
        }
        assertThat(expected).isNotEmpty();
        assertThat(run("q8")).isEqualTo(sorted(new ArrayList<>(expected)));
    }
}
