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

/** {@code PipelineService}: synthetic data, profiles and quality reports over CSV tables. */
public final class PipelineGrpcService extends PipelineServiceGrpc.PipelineServiceImplBase {
    /** Rows one GenerateSynthetic call may ask for (the CLI in-process allows 10 million). */
    public static final int MAX_API_ROWS = 1_000_000;

    private final MeterRegistry meters;

    public PipelineGrpcService(MeterRegistry meters) {
        this.meters = meters;
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
