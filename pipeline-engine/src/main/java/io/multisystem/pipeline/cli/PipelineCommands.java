package io.multisystem.pipeline.cli;

import io.grpc.ManagedChannel;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.ExitCode;
import io.multisystem.core.cli.OutputFormat;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.definition.CompiledPipeline;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.flink.FlinkRunner;
import io.multisystem.pipeline.execution.ExecutionResult;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.v1.JobState;
import io.multisystem.pipeline.v1.JobStatus;
import io.multisystem.pipeline.v1.PipelineServiceGrpc;
import io.multisystem.pipeline.v1.PipelineSource;
import io.multisystem.pipeline.v1.StatusRequest;
import io.multisystem.pipeline.v1.SubmitRequest;
import io.multisystem.pipeline.v1.SubmitResponse;
import io.multisystem.pipeline.v1.ValidateRequest;
import io.multisystem.pipeline.v1.ValidateResponse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** validate and run: pipeline definitions in this process, or on --server. */
final class PipelineCommands {
    private PipelineCommands() {
    }

    /** The JSON shape of {@code validate}. */
    record ValidationView(boolean valid, String code, List<Map<String, String>> problems,
                          List<Map<String, Object>> stages) {
    }

    /** The JSON shape of {@code run}. */
    record RunView(String name, String jobId, String state, long recordsRead, long recordsWritten, long lateRecords,
                   long elapsedMillis, String errorCode, String errorMessage) {
        String text() {
            return String.format("%s %s: %d records read, %d written, %d late, %.3f s%s", name, state, recordsRead,
                    recordsWritten, lateRecords, elapsedMillis / 1000.0,
                    errorCode == null || errorCode.isEmpty() ? "" : " (" + errorCode + ": " + errorMessage + ")");
        }
    }

    static String read(Path file) throws IOException {
        if (!Files.isReadable(file)) {
            throw new InvalidInputException(Errors.COMPONENT, "FILE_NOT_READABLE", "cannot read " + file
                    + "; check the path");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static Path baseDirectory(Path file) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("").toAbsolutePath() : parent;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a pipeline definition without running it: structure, schemas, expression types. "
                    + "Exit 2 listing every problem with the path of its field.")
    static final class Validate implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PIPELINE.yaml")
        Path file;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws IOException {
            String yaml = read(file);
            ValidationView view;
            if (common.server().isPresent()) {
                ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
                try {
                    ValidateResponse r = PipelineServiceGrpc.newBlockingStub(channel).validate(ValidateRequest
                            .newBuilder().setPipeline(PipelineSource.newBuilder().setDefinitionYaml(yaml)
                                    .setBaseDir(baseDirectory(file).toString())).build());
                    List<Map<String, String>> problems = new ArrayList<>();
                    r.getProblemsList().forEach(p -> problems.add(problem(p.getPath(), p.getMessage())));
                    List<Map<String, Object>> stages = new ArrayList<>();
                    r.getStagesList().forEach(s -> {
                        Map<String, String> fields = new LinkedHashMap<>();
                        s.getFieldsList().forEach(f -> fields.put(f.getName(), f.getType()));
                        stages.add(stage(s.getPath(), s.getType(), fields));
                    });
                    view = new ValidationView(r.getValid(), r.getCode(), problems, stages);
                } finally {
                    channel.shutdownNow();
                }
            } else {
                view = validateHere(yaml, baseDirectory(file));
            }
            ValidationView v = view;
            if (!v.valid()) {
                if (common.output() == OutputFormat.json) {
                    common.console().result(v, () -> "");
                } else {
                    PrintStream err = System.err;
                    err.println("error " + v.code() + ": " + file + " has " + v.problems().size() + " problem"
                            + (v.problems().size() == 1 ? "" : "s"));
                    v.problems().forEach(p -> err.println("  " + p.get("path") + ": " + p.get("message")));
                }
                return ExitCode.BAD_INPUT.code();
            }
            common.console().result(v, () -> {
                StringBuilder sb = new StringBuilder(file + " is valid");
                for (Map<String, Object> s : v.stages()) {
                    sb.append(String.format("%n  %-16s %-12s %s", s.get("path"), s.get("type"), s.get("fields")));
                }
                return sb.toString();
            });
            return ExitCode.SUCCESS.code();
        }

        private static ValidationView validateHere(String yaml, Path base) {
            try {
                CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml, base));
                List<Map<String, Object>> stages = new ArrayList<>();
                for (CompiledPipeline.Stage s : compiled.stages()) {
                    Map<String, String> fields = new LinkedHashMap<>();
                    for (Schema.Field f : s.output().fields()) {
                        fields.put(f.name(), f.type().name());
                    }
                    stages.add(stage(s.path(), s.type(), fields));
                }
                return new ValidationView(true, "", List.of(), stages);
            } catch (InvalidInputException e) {
                List<Map<String, String>> problems = new ArrayList<>();
                e.violations().forEach(v -> problems.add(problem(v.field(), v.problem())));
                if (problems.isEmpty()) {
                    problems.add(problem("", e.getMessage()));
                }
                return new ValidationView(false, e.code(), problems, List.of());
            }
        }

        private static Map<String, String> problem(String path, String message) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("message", message);
            return m;
        }

        private static Map<String, Object> stage(String path, String type, Map<String, String> fields) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            m.put("type", type);
            m.put("fields", fields);
            return m;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run a pipeline definition to the end of its input, with progress on stderr. In-process by "
                    + "default; with --server it is submitted as a job and watched. Exit 1 when the job failed or "
                    + "was cancelled on the server, 2 for an invalid definition or bad input data.")
    static final class Run implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PIPELINE.yaml")
        Path file;

        @Option(names = "--engine", defaultValue = "local", paramLabel = "local|flink",
                description = "Engine to run on: local (default) or flink (an embedded Apache Flink MiniCluster; "
                        + "csv/jsonl sources and sinks, map, filter, keyBy, tumbling window and "
                        + "count/sum/avg/min/max aggregates).")
        String engine;

        @Option(names = "--progress-interval", defaultValue = "1000", paramLabel = "MILLIS",
                description = "How often progress is printed on stderr (default: ${DEFAULT-VALUE} ms).")
        long progressMillis;

        @Mixin
        CommonOptions common;

        @Override
        public Integer call() throws Exception {
            if (!engine.equals("local") && !engine.equals("flink")) {
                throw new InvalidInputException(Errors.COMPONENT, "ENGINE_UNSUPPORTED", "--engine " + engine
                        + " is not available; use --engine local or --engine flink");
            }
            if (engine.equals("flink") && common.server().isPresent()) {
                throw new InvalidInputException(Errors.COMPONENT, "ENGINE_UNSUPPORTED", "--engine flink runs "
                        + "in-process on an embedded Flink MiniCluster; drop --server");
            }
            if (progressMillis < 10) {
                throw new InvalidInputException(Errors.COMPONENT, "PROGRESS_INTERVAL_INVALID",
                        "--progress-interval must be at least 10 ms");
            }
            String yaml = read(file);
            if (engine.equals("flink")) {
                return runOnFlink(yaml);
            }
            return common.server().isPresent() ? runRemote(yaml) : runHere(yaml);
        }

        private int runOnFlink(String yaml) {
            FlinkRunner runner = FlinkRunner.prepare(PipelineDefinition.parseYaml(yaml, baseDirectory(file)));
            System.err.println("running on Apache Flink " + FlinkRunner.flinkVersion() + " (local MiniCluster)");
            FlinkRunner.Result r = runner.runLocal();
            RunView view = new RunView(r.name(), "", "SUCCEEDED", r.recordsRead(), r.recordsWritten(), 0,
                    r.elapsed().toMillis(), "", "");
            System.err.println(view.text());
            if (common.output() == OutputFormat.json) {
                common.console().result(view, view::text);
            }
            return ExitCode.SUCCESS.code();
        }

        private int runHere(String yaml) throws InterruptedException {
            AtomicLong read = new AtomicLong();
            CompiledPipeline compiled = PipelineCompiler.compile(PipelineDefinition.parseYaml(yaml,
                    baseDirectory(file)), PipelineCompiler.Options.defaults().withStdout(System.out)
                    .withSourceDecorator(source -> counting(source, read)));
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    outcome.set(compiled.run());
                } catch (RuntimeException | Error e) {
                    outcome.set(e);
                }
            }, "pipeline-run");
            worker.setDaemon(true);
            long start = System.nanoTime();
            worker.start();
            while (true) {
                worker.join(progressMillis);
                if (!worker.isAlive()) {
                    break;
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.err.printf("progress: %d records read in %.1f s (%.0f/s)%n", read.get(), seconds,
                        read.get() / Math.max(seconds, 1e-9));
            }
            Object o = outcome.get();
            if (o instanceof RuntimeException e) {
                throw e;
            }
            if (o instanceof Error e) {
                throw e;
            }
            ExecutionResult r = (ExecutionResult) o;
            RunView view = new RunView(compiled.name(), "", "SUCCEEDED", r.recordsRead(), r.recordsWritten(),
                    r.lateRecordsDropped(), r.elapsed().toMillis(), "", "");
            System.err.println(view.text());
            if (common.output() == OutputFormat.json) {
                common.console().result(view, view::text);
            }
            return ExitCode.SUCCESS.code();
        }

        private int runRemote(String yaml) {
            ManagedChannel channel = common.clientFactory().open(common.server().get().toString());
            try {
                SubmitResponse submitted = PipelineServiceGrpc.newBlockingStub(channel).submit(SubmitRequest
                        .newBuilder().setPipeline(PipelineSource.newBuilder().setDefinitionYaml(yaml)
                                .setBaseDir(baseDirectory(file).toString())).build());
                System.err.println("submitted job " + submitted.getJobId());
                JobStatus last = null;
                // The status stream ends by itself when the job ends; no overall deadline on a long job.
                Iterator<JobStatus> updates = PipelineServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(7, TimeUnit.DAYS)
                        .status(StatusRequest.newBuilder().setJobId(submitted.getJobId()).build());
                long lastPrinted = 0;
                while (updates.hasNext()) {
                    last = updates.next();
                    long now = System.nanoTime();
                    if (now - lastPrinted >= progressMillis * 1_000_000L && last.getState() == JobState.JOB_STATE_RUNNING) {
                        lastPrinted = now;
                        System.err.printf("progress: %s %d records read in %.1f s%n", last.getState().name()
                                .substring(10), last.getRecordsRead(), last.getElapsedMillis() / 1000.0);
                    }
                }
                JobStatus s = last;
                RunView view = new RunView(submitted.getName(), s.getJobId(), s.getState().name().substring(10),
                        s.getRecordsRead(), s.getRecordsWritten(), s.getLateRecords(), s.getElapsedMillis(),
                        s.getErrorCode(), s.getErrorMessage());
                System.err.println(view.text());
                if (common.output() == OutputFormat.json) {
                    common.console().result(view, view::text);
                }
                return s.getState() == JobState.JOB_STATE_SUCCEEDED ? ExitCode.SUCCESS.code()
                        : ExitCode.DOMAIN_REJECTED.code();
            } finally {
                channel.shutdownNow();
            }
        }

        private static Source counting(Source source, AtomicLong read) {
            return new Source() {
                @Override
                public Schema schema() {
                    return source.schema();
                }

                @Override
                public RowIterator open() {
                    RowIterator in = source.open();
                    return new RowIterator() {
                        @Override
                        public boolean hasNext() {
                            return in.hasNext();
                        }

                        @Override
                        public Row next() {
                            Row r = in.next();
                            read.incrementAndGet();
                            return r;
                        }

                        @Override
                        public void close() {
                            in.close();
                        }
                    };
                }
            };
        }
    }
}
