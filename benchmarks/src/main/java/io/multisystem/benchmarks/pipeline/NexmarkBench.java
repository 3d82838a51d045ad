package io.multisystem.benchmarks.pipeline;

import io.multisystem.pipeline.definition.CompiledPipeline;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.execution.ExecutionResult;
import io.multisystem.pipeline.nexmark.NexmarkGenerator;
import io.multisystem.pipeline.nexmark.NexmarkQueries;
import io.multisystem.pipeline.synthetic.Column;
import io.multisystem.pipeline.synthetic.GaussianCopula;
import io.multisystem.pipeline.synthetic.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Whole-process benchmark of the local engine on the Nexmark queries (Q0–Q8 as pipeline definitions) and of synthetic
 * data generation. Usage: {@code java -cp benchmarks.jar io.multisystem.benchmarks.pipeline.NexmarkBench
 * [events=1000000] [parallelism=2]}. For each query it reports the whole stream's events per second through the
 * engine (generation, transforms, sink writing CSV to a temporary directory) and, for the bid-only queries Q0, Q1,
 * Q2 and Q7, the same query hand-written as one single-threaded Java loop over the same generator writing the same
 * CSV (the in-run baseline; Flink is not on this class path). Ratio = engine events/s ÷ hand-written events/s.
 */
public final class NexmarkBench {
    private NexmarkBench() {
    }

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Path dir = Files.createTempDirectory("nexmark-bench");
        Map<String, String> queries = NexmarkQueries.all(events, 1, dir.resolve("out").toString());
        System.out.printf(Locale.ROOT, "events=%d parallelism=%d cores=%d jdk=%s%n", events, parallelism,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        // warm-up on a small stream so the JIT has compiled the hot paths
        for (String yaml : NexmarkQueries.all(50_000, 2, dir.resolve("warm").toString()).values()) {
            PipelineCompiler.compile(PipelineDefinition.parseYaml(withParallelism(yaml, parallelism), dir)).run();
        }
        for (String q : List.of("q0", "q1", "q2", "q7")) {
            handWritten(q, Math.min(events, 200_000), dir); // warm-up
        }
        System.out.printf(Locale.ROOT, "%-5s %12s %14s %14s %8s%n", "query", "seconds", "events/s",
                "hand-written/s", "ratio");
        for (Map.Entry<String, String> q : queries.entrySet()) {
            CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(
                    withParallelism(q.getValue(), parallelism), dir));
            long start = System.nanoTime();
            ExecutionResult r = compiled.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            long input = q.getKey().equals("q4b") || q.getKey().equals("q6") ? r.recordsRead() : events;
            double hand = List.of("q0", "q1", "q2", "q7").contains(q.getKey())
                    ? events / handWritten(q.getKey(), events, dir) : Double.NaN;
            System.out.printf(Locale.ROOT, "%-5s %12.3f %14.0f %14.0f %8.2f   (%d rows read, %d written)%n",
                    q.getKey(), seconds, input / seconds, hand, input / seconds / hand, r.recordsRead(),
                    r.recordsWritten());
        }
        synthetic();
    }

    private static String withParallelism(String yaml, int parallelism) {
        return "parallelism: " + parallelism + "\n" + yaml;
    }

    /** Seconds for the query as one hand-written loop: generate bids, apply the query, write CSV. */
    private static double handWritten(String query, long events, Path dir) throws java.io.IOException {
        NexmarkGenerator g = new NexmarkGenerator(events, 1, 10);
        long start = System.nanoTime();
        try (java.io.BufferedWriter out = Files.newBufferedWriter(dir.resolve("hand-" + query + ".csv"))) {
            out.write("header\n");
            long windowStart = Long.MIN_VALUE;
            long highest = Long.MIN_VALUE;
            for (long n = 0; n < events; n++) {
                if (NexmarkGenerator.kindOf(n) != NexmarkGenerator.Kind.BID) {
                    continue;
                }
                io.multisystem.pipeline.record.Row b = g.event(n);
                long auction = (Long) b.get(0);
                long price = (Long) b.get(2);
                long time = (Long) b.get(4);
                switch (query) {
                    case "q0" -> out.write(auction + "," + b.get(1) + "," + price + "," + b.get(3) + "," + time + "\n");
                    case "q1" -> out.write(auction + "," + b.get(1) + "," + (price * 89 / 100) + "," + b.get(3) + ","
                            + time + "\n");
                    case "q2" -> {
                        if (auction % 123 == 0) {
                            out.write(auction + "," + price + "\n");
                        }
                    }
                    default -> { // q7: event time is ordered in the generator, so one running window suffices
                        long w = Math.floorDiv(time, 10_000) * 10_000;
                        if (w != windowStart) {
                            if (windowStart != Long.MIN_VALUE) {
                                out.write("all," + windowStart + "," + (windowStart + 10_000) + "," + highest + "\n");
                            }
                            windowStart = w;
                            highest = Long.MIN_VALUE;
                        }
                        highest = Math.max(highest, price);
                    }
                }
            }
            if (query.equals("q7") && windowStart != Long.MIN_VALUE) {
                out.write("all," + windowStart + "," + (windowStart + 10_000) + "," + highest + "\n");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void synthetic() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 2000;
        double[] h = new double[n];
        double[] w = new double[n];
        String[] team = new String[n];
        for (int i = 0; i < n; i++) {
            h[i] = Math.round((150 + 40 * random.nextDouble()) * 10) / 10.0;
            w[i] = Math.round((h[i] * 0.45 + 10 * random.nextDouble()) * 10) / 10.0;
            team[i] = h[i] > 170 ? "blue" : random.nextBoolean() ? "red" : "green";
        }
        Table sample = new Table(List.of(Column.Numeric.of("height", h), Column.Numeric.of("weight", w),
                new Column.Categorical("team", team)));
        for (GaussianCopula.NumericModel model : GaussianCopula.NumericModel.values()) {
            long start = System.nanoTime();
            Table out = GaussianCopula.fit(sample, model, 1).sample(200_000, 2);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "synthetic %-9s fit+sample %d rows x 3 cols: %.3f s, %.0f rows/s%n",
                    model, out.rows(), seconds, out.rows() / seconds);
        }
    }
}
