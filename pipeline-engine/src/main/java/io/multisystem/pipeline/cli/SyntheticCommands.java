package io.multisystem.pipeline.cli;

import io.grpc.ManagedChannel;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.synthetic.GaussianCopula;
import io.multisystem.pipeline.synthetic.PrivacyCheck;
import io.multisystem.pipeline.synthetic.Profiler;
import io.multisystem.pipeline.synthetic.QualityReport;
import io.multisystem.pipeline.synthetic.Table;
import io.multisystem.pipeline.synthetic.TableCsv;
import io.multisystem.pipeline.synthetic.rules.RuleBasedGenerator;
import io.multisystem.pipeline.v1.CsvTable;
import io.multisystem.pipeline.v1.GenerateSyntheticRequest;
import io.multisystem.pipeline.v1.GenerateSyntheticResponse;
import io.multisystem.pipeline.v1.NumericModel;
import io.multisystem.pipeline.v1.PipelineServiceGrpc;
import io.multisystem.pipeline.v1.ProfileRequest;
import io.multisystem.pipeline.v1.QualityReportRequest;
import io.multisystem.pipeline.v1.QualityReportResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** synth, profile and quality: in this process, or on --server. */
final class SyntheticCommands {
    private SyntheticCommands() {
    }

    /** The JSON shape of a quality report (specs/pipeline-engine.md). */
    record ReportView(double overall, double columnShapes, double columnPairTrends, Map<String, Double> columns,
                      Map<String, Double> pairs, PrivacyView privacy) {
        static ReportView of(QualityReport q, PrivacyCheck p) {
            Map<String, Double> columns = new LinkedHashMap<>();
            q.columns().forEach(c -> columns.put(c.column() + " " + c.metric(), c.score()));
            Map<String, Double> pairs = new LinkedHashMap<>();
            q.pairs().forEach(x -> pairs.put(x.left() + "," + x.right() + " " + x.metric(), x.score()));
            return new ReportView(q.overall(), q.columnShapes(), q.columnPairTrends(), columns, pairs,
                    new PrivacyView(p.syntheticRows(), p.copiedRows(), p.dcrMinimum(), p.dcrMedian(),
                            p.baselineMedian()));
        }

        static ReportView of(QualityReportResponse r) {
            Map<String, Double> columns = new LinkedHashMap<>();
            r.getColumnsList().forEach(c -> columns.put(c.getSubject() + " " + c.getMetric(), c.getScore()));
            Map<String, Double> pairs = new LinkedHashMap<>();
            r.getPairsList().forEach(c -> pairs.put(c.getSubject() + " " + c.getMetric(), c.getScore()));
            var p = r.getPrivacy();
            return new ReportView(r.getOverall(), r.getColumnShapes(), r.getColumnPairTrends(), columns, pairs,
                    new PrivacyView(p.getSyntheticRows(), p.getCopiedRows(), p.getDcrMinimum(), p.getDcrMedian(),
                            p.getBaselineMedian()));
        }

        String text() {
            return String.format("overall quality %.4f (column shapes %.4f, column pair trends %.4f)%n"
                            + "privacy: %d of %d synthetic rows copy a real row; distance to closest real record "
                            + "min %.4f, median %.4f (real-to-real median %.4f)",
                    overall, columnShapes, columnPairTrends, privacy.copiedRows(), privacy.syntheticRows(),
                    privacy.dcrMinimum(), privacy.dcrMedian(), privacy.baselineMedian());
        }
    }

    record PrivacyView(int syntheticRows, int copiedRows, double dcrMinimum, double dcrMedian, double baselineMedian) {
    }

    @Command(name = "synth", mixinStandardHelpOptions = true,
            description = "Generate synthetic rows learned from a sample CSV (Gaussian copula), deterministic by seed.")
    static final class Synth implements Callable<Integer> {
        @Option(names = "--from", paramLabel = "SAMPLE.csv", description = "Learn from this real sample.")
        Path from;

        @Option(names = "--rules", paramLabel = "RULES.yaml",
                description = "Or generate tables from rules (types, ranges, regexes, enums, keys, foreign keys).")
        Path rules;

        @Option(names = "--out-dir", paramLabel = "DIR", description = "With --rules: write <table>.csv files here.")
        Path outDir;

        @Option(names = "--rows", paramLabel = "N", description = "Rows to generate (with --from).")
        Integer rows;

        @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--model", defaultValue = "empirical",
                description = "Numeric marginals: empirical or kde (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN",
                description = "Columns to treat as categories even if numeric.")
        List<String> categorical = new ArrayList<>();

        @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here (default: standard output).")
        Path out;

        @Option(names = "--report", description = "Also print the quality report against the sample (to stderr in "
                + "text mode when the CSV goes to standard output).")
        boolean report;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws IOException {
            if ((from == null) == (rules == null)) {
                throw new InvalidInputException(Errors.COMPONENT, "USAGE",
                        "give either --from SAMPLE.csv --rows N (learn from a sample) or --rules RULES.yaml --out-dir DIR");
            }
            if (rules != null) {
                return fromRules();
            }
            if (rows == null) {
                throw new InvalidInputException(Errors.COMPONENT, "USAGE", "--from needs --rows N");
            }
            GaussianCopula.NumericModel numericModel = switch (model.toLowerCase(java.util.Locale.ROOT)) {
                case "empirical" -> GaussianCopula.NumericModel.EMPIRICAL;
                case "kde" -> GaussianCopula.NumericModel.KDE;
                default -> throw new InvalidInputException(Errors.COMPONENT, "INVALID_MODEL",
                        "--model must be empirical or kde, was " + model);
            };
            String csv;
            ReportView view = null;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    GenerateSyntheticResponse r = PipelineServiceGrpc.newBlockingStub(channel).generateSynthetic(
                            GenerateSyntheticRequest.newBuilder().setSample(csvTable(from, categorical)).setRows(rows)
                                    .setSeed(seed).setWithReport(report)
                                    .setNumericModel(numericModel == GaussianCopula.NumericModel.KDE
                                            ? NumericModel.NUMERIC_MODEL_KDE : NumericModel.NUMERIC_MODEL_EMPIRICAL)
                                    .build());
                    csv = r.getCsv();
                    view = report ? ReportView.of(r.getReport()) : null;
                } finally {
                    channel.shutdownNow();
                }
            } else {
                Table sample = TableCsv.read(from, new HashSet<>(categorical));
                Table synthetic = GaussianCopula.fit(sample, numericModel, seed).sample(rows, seed + 1);
                csv = TableCsv.toCsv(synthetic);
                if (report) {
                    view = ReportView.of(QualityReport.evaluate(sample, synthetic),
                            PrivacyCheck.evaluate(sample, synthetic));
                }
            }
            if (out != null) {
                Files.writeString(out, csv, StandardCharsets.UTF_8);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("rows", rows);
            json.put("out", out == null ? null : out.toString());
            if (out == null) {
                json.put("csv", csv);
            }
            json.put("report", view);
            ReportView shown = view;
            if (common.output() == io.multisystem.core.cli.OutputFormat.json) {
                common.console().result(json, () -> "");
            } else {
                if (out == null) {
                    System.out.print(csv);
                    System.out.flush();
                } else {
                    common.console().info("wrote " + rows + " synthetic rows to " + out);
                }
                if (shown != null) {
                    common.console().info(shown.text());
                }
            }
            return ExitCode.SUCCESS.code();
        }

        private int fromRules() throws IOException {
            if (outDir == null) {
                throw new InvalidInputException(Errors.COMPONENT, "USAGE", "--rules needs --out-dir DIR for the tables");
            }
            if (!Files.isReadable(rules)) {
                throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE", "cannot read " + rules);
            }
            Map<String, Table> tables = RuleBasedGenerator.parse(Files.readString(rules, StandardCharsets.UTF_8))
                    .generate();
            Files.createDirectories(outDir);
            Map<String, Object> written = new LinkedHashMap<>();
            for (Map.Entry<String, Table> t : tables.entrySet()) {
                Path file = outDir.resolve(t.getKey() + ".csv");
                TableCsv.write(t.getValue(), file);
                written.put(t.getKey(), Map.of("rows", t.getValue().rows(), "file", file.toString()));
            }
            common.console().result(Map.of("tables", written), () -> {
                StringBuilder out = new StringBuilder();
                tables.forEach((name, table) -> out.append(String.format("%s: %d rows -> %s%n", name, table.rows(),
                        outDir.resolve(name + ".csv"))));
                return out.toString().stripTrailing();
            });
            return ExitCode.SUCCESS.code();
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true, description = "Per-column statistics of a CSV table.")
    static final class Profile implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DATA.csv")
        Path data;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN")
        List<String> categorical = new ArrayList<>();

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws IOException {
            List<Profiler.ColumnProfile> profile;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    profile = new ArrayList<>();
                    for (var c : PipelineServiceGrpc.newBlockingStub(channel).profile(ProfileRequest.newBuilder()
                            .setTable(csvTable(data, categorical)).build()).getColumnsList()) {
                        profile.add(new Profiler.ColumnProfile(c.getName(), c.getKind(), c.getCount(), c.getMissing(),
                                c.getDistinct(), c.hasMean() ? c.getMean() : null, c.hasStddev() ? c.getStddev() : null,
                                c.hasMin() ? c.getMin() : null, c.hasP25() ? c.getP25() : null,
                                c.hasMedian() ? c.getMedian() : null, c.hasP75() ? c.getP75() : null,
                                c.hasMax() ? c.getMax() : null, c.getTopList().stream()
                                .map(t -> Map.entry(t.getValue(), t.getCount())).toList()));
                    }
                } finally {
                    channel.shutdownNow();
                }
            } else {
                profile = Profiler.profile(TableCsv.read(data, new HashSet<>(categorical)));
            }
            List<Profiler.ColumnProfile> shown = profile;
            common.console().result(shown, () -> {
                StringBuilder out = new StringBuilder(String.format("%-24s %-8s %7s %7s %8s %12s %12s %12s %12s %12s",
                        "COLUMN", "KIND", "COUNT", "MISSING", "DISTINCT", "MEAN", "STDDEV", "MIN", "MEDIAN", "MAX"));
                for (Profiler.ColumnProfile p : shown) {
                    out.append(String.format("%n%-24s %-8s %7d %7d %8d %12s %12s %12s %12s %12s", p.name(), p.kind(),
                            p.count(), p.missing(), p.distinct(), num(p.mean()), num(p.stddev()), num(p.min()),
                            num(p.median()), num(p.max())));
                    if (!p.top().isEmpty()) {
                        out.append("  top: ").append(p.top());
                    }
                }
                return out.toString();
            });
            return ExitCode.SUCCESS.code();
        }

        private static String num(Double v) {
            return v == null ? "-" : String.format("%.4g", v);
        }
    }

    @Command(name = "quality", mixinStandardHelpOptions = true,
            description = "Quality (SDMetrics formulas) and privacy of synthetic data against real data. "
                    + "With --min-score, exit 1 when the overall score is below it or a real row was copied.")
    static final class Quality implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "REAL.csv")
        Path real;

        @Parameters(index = "1", paramLabel = "SYNTHETIC.csv")
        Path synthetic;

        @Option(names = "--categorical", split = ",", paramLabel = "COLUMN")
        List<String> categorical = new ArrayList<>();

        @Option(names = "--min-score", paramLabel = "SCORE", description = "Fail (exit 1) below this overall score.")
        Double minScore;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws IOException {
            ReportView view;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    view = ReportView.of(PipelineServiceGrpc.newBlockingStub(channel).qualityReport(
                            QualityReportRequest.newBuilder().setReal(csvTable(real, categorical))
                                    .setSynthetic(csvTable(synthetic, categorical)).build()));
                } finally {
                    channel.shutdownNow();
                }
            } else {
                Table r = TableCsv.read(real, new HashSet<>(categorical));
                Table s = TableCsv.read(synthetic, new HashSet<>(categorical));
                view = ReportView.of(QualityReport.evaluate(r, s), PrivacyCheck.evaluate(r, s));
            }
            ReportView shown = view;
            common.console().result(shown, shown::text);
            boolean failed = minScore != null && (shown.overall() < minScore || shown.privacy().copiedRows() > 0);
            return failed ? ExitCode.DOMAIN_REJECTED.code() : ExitCode.SUCCESS.code();
        }
    }

    private static CsvTable csvTable(Path file, List<String> categorical) throws IOException {
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE", "cannot read " + file);
        }
        return CsvTable.newBuilder().setCsv(Files.readString(file, StandardCharsets.UTF_8))
                .addAllCategoricalColumns(categorical).build();
    }
}
