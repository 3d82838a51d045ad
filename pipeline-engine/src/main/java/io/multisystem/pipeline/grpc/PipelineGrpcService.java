package io.multisystem.pipeline.grpc;

import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.synthetic.GaussianCopula;
import io.multisystem.pipeline.synthetic.PrivacyCheck;
import io.multisystem.pipeline.synthetic.Profiler;
import io.multisystem.pipeline.synthetic.QualityReport;
import io.multisystem.pipeline.synthetic.Table;
import io.multisystem.pipeline.synthetic.TableCsv;
import io.multisystem.pipeline.v1.ColumnProfile;
import io.multisystem.pipeline.v1.CsvTable;
import io.multisystem.pipeline.v1.GenerateSyntheticRequest;
import io.multisystem.pipeline.v1.GenerateSyntheticResponse;
import io.multisystem.pipeline.v1.MetricScore;
import io.multisystem.pipeline.v1.NumericModel;
import io.multisystem.pipeline.v1.PipelineServiceGrpc;
import io.multisystem.pipeline.v1.Privacy;
import io.multisystem.pipeline.v1.ProfileRequest;
import io.multisystem.pipeline.v1.ProfileResponse;
import io.multisystem.pipeline.v1.QualityReportRequest;
import io.multisystem.pipeline.v1.QualityReportResponse;
import io.multisystem.pipeline.v1.ValueCount;
import java.util.HashSet;
import io.grpc.stub.ServerCallStreamObserver;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.pipeline.definition.CompiledPipeline;
import io.multisystem.pipeline.definition.PipelineCompiler;
import io.multisystem.pipeline.definition.PipelineDefinition;
import io.multisystem.pipeline.job.JobManager;
import io.multisystem.pipeline.job.JobState;
import io.multisystem.pipeline.record.Schema;
import io.multisystem.pipeline.v1.CancelRequest;
import io.multisystem.pipeline.v1.DefinitionProblem;
import io.multisystem.pipeline.v1.JobStatus;
import io.multisystem.pipeline.v1.PipelineSource;
import io.multisystem.pipeline.v1.SchemaField;
import io.multisystem.pipeline.v1.StageSchema;
import io.multisystem.pipeline.v1.StatusRequest;
import io.multisystem.pipeline.v1.SubmitRequest;
import io.multisystem.pipeline.v1.SubmitResponse;
import io.multisystem.pipeline.v1.ValidateRequest;
import io.multisystem.pipeline.v1.ValidateResponse;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code PipelineService}: pipeline definitions (validate, submit as jobs, status stream, cancel), synthetic data,
 * profiles and quality reports over CSV tables.
 */
public final class PipelineGrpcService extends PipelineServiceGrpc.PipelineServiceImplBase {
    /** Rows one GenerateSynthetic call may ask for (the CLI in-process allows 10 million). */
    public static final int MAX_API_ROWS = 1_000_000;

    /** How often a Status stream reports progress of a running job. */
    static final long STATUS_INTERVAL_MILLIS = 250;

    private final MeterRegistry meters;
    private final JobManager jobs;
    private final Path defaultBaseDirectory;
    private final ScheduledExecutorService ticker;

    /**
     * @param jobs                 runs submitted pipelines
     * @param defaultBaseDirectory relative paths of a definition without base_dir resolve against it
     * @param ticker               drives Status streams (not owned: the caller shuts it down)
     */
    public PipelineGrpcService(MeterRegistry meters, JobManager jobs, Path defaultBaseDirectory,
            ScheduledExecutorService ticker) {
        this.meters = meters;
        this.jobs = jobs;
        this.defaultBaseDirectory = defaultBaseDirectory;
        this.ticker = ticker;
    }

    @Override
    public void validate(ValidateRequest request, StreamObserver<ValidateResponse> response) {
        ValidateResponse.Builder out = ValidateResponse.newBuilder();
        try {
            CompiledPipeline compiled = PipelineCompiler.compile(definition(request.getPipeline()));
            out.setValid(true);
            for (CompiledPipeline.Stage stage : compiled.stages()) {
                StageSchema.Builder st = StageSchema.newBuilder().setPath(stage.path()).setType(stage.type());
                for (Schema.Field f : stage.output().fields()) {
                    st.addFields(SchemaField.newBuilder().setName(f.name()).setType(f.type().name()));
                }
                out.addStages(st);
            }
        } catch (InvalidInputException e) {
            out.setValid(false).setCode(e.code());
            if (e.violations().isEmpty()) {
                out.addProblems(DefinitionProblem.newBuilder().setPath("").setMessage(e.getMessage()));
            }
            e.violations().forEach(v -> out.addProblems(DefinitionProblem.newBuilder().setPath(v.field())
                    .setMessage(v.problem())));
        } catch (PlatformException e) {
            response.onError(GrpcErrors.toStatusException(e));
            return;
        }
        meters.counter("pipeline.validations", "valid", Boolean.toString(out.getValid())).increment();
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void submit(SubmitRequest request, StreamObserver<SubmitResponse> response) {
        try {
            io.multisystem.pipeline.job.JobStatus status = jobs.submit(definition(request.getPipeline()));
            meters.counter("pipeline.jobs.submitted").increment();
            response.onNext(SubmitResponse.newBuilder().setJobId(status.id()).setName(status.name()).build());
            response.onCompleted();
        } catch (PlatformException e) {
            response.onError(GrpcErrors.toStatusException(e));
        }
    }

    @Override
    public void status(StatusRequest request, StreamObserver<JobStatus> response) {
        io.multisystem.pipeline.job.JobStatus first;
        try {
            first = jobs.status(requireJobId(request.getJobId()));
        } catch (PlatformException e) {
            response.onError(GrpcErrors.toStatusException(e));
            return;
        }
        response.onNext(toProto(first));
        if (first.state().isTerminal()) {
            response.onCompleted();
            return;
        }
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        AtomicReference<io.multisystem.pipeline.job.JobStatus> last = new AtomicReference<>(first);
        Object lock = new Object();
        boolean[] closed = {false};
        if (response instanceof ServerCallStreamObserver<JobStatus> server) {
            server.setOnCancelHandler(() -> {
                synchronized (lock) {
                    closed[0] = true;
                }
                ScheduledFuture<?> f = task.get();
                if (f != null) {
                    f.cancel(false);
                }
            });
        }
        task.set(ticker.scheduleAtFixedRate(() -> {
            synchronized (lock) {
                if (closed[0]) {
                    return;
                }
                io.multisystem.pipeline.job.JobStatus now;
                try {
                    now = jobs.status(first.id());
                } catch (PlatformException e) {
                    closed[0] = true;
                    response.onError(GrpcErrors.toStatusException(e));
                    throw new IllegalStateException("status stream ended"); // stops the periodic task
                }
                if (!now.equals(last.get())) {
                    last.set(now);
                    response.onNext(toProto(now));
                }
                if (now.state().isTerminal()) {
                    closed[0] = true;
                    response.onCompleted();
                    throw new IllegalStateException("status stream ended"); // stops the periodic task
                }
            }
        }, STATUS_INTERVAL_MILLIS, STATUS_INTERVAL_MILLIS, TimeUnit.MILLISECONDS));
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<JobStatus> response) {
        try {
            io.multisystem.pipeline.job.JobStatus status = jobs.cancel(requireJobId(request.getJobId()));
            meters.counter("pipeline.jobs.cancel.requests").increment();
            response.onNext(toProto(status));
            response.onCompleted();
        } catch (PlatformException e) {
            response.onError(GrpcErrors.toStatusException(e));
        }
    }

    private static String requireJobId(String id) {
        if (id.isBlank()) {
            throw new InvalidInputException(Errors.COMPONENT, "JOB_ID_MISSING", "job_id is required; use the id "
                    + "Submit returned");
        }
        return id;
    }

    private PipelineDefinition definition(PipelineSource source) {
        if (source.getDefinitionYaml().isBlank()) {
            throw new InvalidInputException(Errors.COMPONENT, "PIPELINE_EMPTY",
                    "pipeline.definition_yaml is empty; send the YAML text of the definition");
        }
        Path base = source.getBaseDir().isBlank() ? defaultBaseDirectory : Path.of(source.getBaseDir());
        return PipelineDefinition.parseYaml(source.getDefinitionYaml(), base);
    }

    static JobStatus toProto(io.multisystem.pipeline.job.JobStatus s) {
        return JobStatus.newBuilder().setJobId(s.id()).setName(s.name()).setState(toProto(s.state()))
                .setRecordsRead(s.recordsRead()).setRecordsWritten(s.recordsWritten())
                .setLateRecords(s.lateRecords()).setElapsedMillis(s.elapsed().toMillis())
                .setErrorCode(s.errorCode()).setErrorMessage(s.errorMessage()).build();
    }

    private static io.multisystem.pipeline.v1.JobState toProto(JobState state) {
        return switch (state) {
            case QUEUED -> io.multisystem.pipeline.v1.JobState.JOB_STATE_QUEUED;
            case RUNNING -> io.multisystem.pipeline.v1.JobState.JOB_STATE_RUNNING;
            case SUCCEEDED -> io.multisystem.pipeline.v1.JobState.JOB_STATE_SUCCEEDED;
            case FAILED -> io.multisystem.pipeline.v1.JobState.JOB_STATE_FAILED;
            case CANCELLED -> io.multisystem.pipeline.v1.JobState.JOB_STATE_CANCELLED;
        };
    }

    @Override
    public void generateSynthetic(GenerateSyntheticRequest request, StreamObserver<GenerateSyntheticResponse> response) {
        if (request.getRows() < 1 || request.getRows() > MAX_API_ROWS) {
            throw new InvalidInputException(Errors.COMPONENT, "INVALID_ROW_COUNT",
                    "rows must be between 1 and " + MAX_API_ROWS + " over the API, was " + request.getRows());
        }
        Table sample = table(request.getSample(), "sample");
        GaussianCopula.NumericModel model = request.getNumericModel() == NumericModel.NUMERIC_MODEL_KDE
                ? GaussianCopula.NumericModel.KDE : GaussianCopula.NumericModel.EMPIRICAL;
        Timer.Sample timing = Timer.start(meters);
        Table synthetic = GaussianCopula.fit(sample, model, request.getSeed()).sample(request.getRows(),
                request.getSeed() + 1);
        timing.stop(Timer.builder("pipeline.synthetic.duration").description("fit and sample time")
                .tag("model", model.name()).register(meters));
        meters.counter("pipeline.synthetic.rows", "model", model.name()).increment(synthetic.rows());
        GenerateSyntheticResponse.Builder out = GenerateSyntheticResponse.newBuilder().setCsv(TableCsv.toCsv(synthetic));
        if (request.getWithReport()) {
            out.setReport(report(sample, synthetic));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void profile(ProfileRequest request, StreamObserver<ProfileResponse> response) {
        Table table = table(request.getTable(), "table");
        ProfileResponse.Builder out = ProfileResponse.newBuilder().setRows(table.rows());
        for (Profiler.ColumnProfile p : Profiler.profile(table)) {
            ColumnProfile.Builder c = ColumnProfile.newBuilder().setName(p.name()).setKind(p.kind())
                    .setCount(p.count()).setMissing(p.missing()).setDistinct(p.distinct());
            if (p.mean() != null) {
                c.setMean(p.mean()).setStddev(p.stddev()).setMin(p.min()).setP25(p.p25()).setMedian(p.median())
                        .setP75(p.p75()).setMax(p.max());
            }
            p.top().forEach(e -> c.addTop(ValueCount.newBuilder().setValue(e.getKey()).setCount(e.getValue())));
            out.addColumns(c);
        }
        meters.counter("pipeline.profiles").increment();
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void qualityReport(QualityReportRequest request, StreamObserver<QualityReportResponse> response) {
        response.onNext(report(table(request.getReal(), "real"), table(request.getSynthetic(), "synthetic")));
        response.onCompleted();
    }

    private QualityReportResponse report(Table real, Table synthetic) {
        QualityReport quality = QualityReport.evaluate(real, synthetic);
        PrivacyCheck privacy = PrivacyCheck.evaluate(real, synthetic);
        meters.counter("pipeline.quality.reports").increment();
        meters.summary("pipeline.quality.overall").record(quality.overall());
        QualityReportResponse.Builder out = QualityReportResponse.newBuilder().setOverall(quality.overall())
                .setColumnShapes(quality.columnShapes()).setColumnPairTrends(quality.columnPairTrends())
                .setPrivacy(Privacy.newBuilder().setSyntheticRows(privacy.syntheticRows())
                        .setCopiedRows(privacy.copiedRows()).setDcrMinimum(privacy.dcrMinimum())
                        .setDcrMedian(privacy.dcrMedian()).setBaselineMedian(privacy.baselineMedian()));
        quality.columns().forEach(c -> out.addColumns(MetricScore.newBuilder().setSubject(c.column())
                .setMetric(c.metric()).setScore(c.score())));
        quality.pairs().forEach(p -> out.addPairs(MetricScore.newBuilder().setSubject(p.left() + "," + p.right())
                .setMetric(p.metric()).setScore(p.score())));
        return out.build();
    }

    private static Table table(CsvTable table, String field) {
        if (table.getCsv().isBlank()) {
            throw new InvalidInputException(Errors.COMPONENT, "CSV_EMPTY",
                    field + ".csv is empty; send the table as CSV text with a header line");
        }
        return TableCsv.parse(table.getCsv(), field + ".csv", new HashSet<>(table.getCategoricalColumnsList()));
    }
}
