package io.multisystem.learner.grpc;

import io.grpc.stub.StreamObserver;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.learner.v1.AdaptRequest;
import io.multisystem.learner.v1.AdaptResponse;
import io.multisystem.learner.v1.ContinualRequest;
import io.multisystem.learner.v1.ContinualResponse;
import io.multisystem.learner.v1.EvaluateRequest;
import io.multisystem.learner.v1.EvaluateResponse;
import io.multisystem.learner.v1.FeatureRow;
import io.multisystem.learner.v1.GetModelRequest;
import io.multisystem.learner.v1.LearnerServiceGrpc;
import io.multisystem.learner.v1.ListModelsRequest;
import io.multisystem.learner.v1.ListModelsResponse;
import io.multisystem.learner.v1.MetaTrainRequest;
import io.multisystem.learner.v1.MetaTrainResponse;
import io.multisystem.learner.v1.Model;
import io.multisystem.learner.v1.PredictRequest;
import io.multisystem.learner.v1.PredictResponse;
import io.multisystem.learner.v1.Prediction;
import io.multisystem.learner.v1.TrainProgress;
import io.multisystem.learner.v1.TrainRequest;
import io.multisystem.learner.v1.TrainResult;
import io.multisystem.learner.workflow.Learner;
import io.multisystem.learner.workflow.Outcomes;
import io.multisystem.learner.workflow.Requests;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code io.multisystem.learner.v1.LearnerService} over a {@link Learner}. Requests are translated and validated
 * before any work; errors become gRPC statuses through {@link GrpcErrors} (bad input is INVALID_ARGUMENT, unknown
 * models NOT_FOUND). Train streams one progress message per 10 steps and a final message with the result.
 */
public final class LearnerGrpcService extends LearnerServiceGrpc.LearnerServiceImplBase {
    private final Learner learner;
    private final LearnerMetrics metrics;

    public LearnerGrpcService(Learner learner, LearnerMetrics metrics) {
        this.learner = learner;
        this.metrics = metrics;
    }

    @Override
    public void train(TrainRequest request, StreamObserver<TrainProgress> responses) {
        try {
            Requests.Train train = ProtoMapping.train(request);
            Outcomes.Trained trained = metrics.time("train", () -> learner.train(train, p -> {
                if (p.step() % 10 == 0 || p.step() == p.totalSteps()) {
                    responses.onNext(TrainProgress.newBuilder().setEpoch(p.epoch()).setStep(p.step())
                            .setTotalSteps(p.totalSteps()).setLoss(p.loss()).build());
                }
            }));
            metrics.registered();
            metrics.trained(trained.report().examples(), trained.report().diverged());
            TrainResult.Builder result = TrainResult.newBuilder()
                    .setModel(ProtoMapping.model(trained.model()))
                    .setTestAccuracy(trained.testAccuracy())
                    .addAllEpochLosses(trained.report().epochLosses())
                    .setExamplesPerSecond(trained.report().examplesPerSecond())
                    .setDiverged(trained.report().diverged());
            if (trained.report().divergence() != null) {
                result.setDivergence(trained.report().divergence());
            }
            int steps = trained.report().stepLosses().size();
            responses.onNext(TrainProgress.newBuilder().setStep(steps).setTotalSteps(steps)
                    .setEpoch(Math.max(0, trained.report().epochLosses().size() - 1))
                    .setLoss(trained.report().finalLoss()).setResult(result).build());
            responses.onCompleted();
        } catch (RuntimeException e) {
            responses.onError(GrpcErrors.toStatusException(e));
        }
    }

    @Override
    public void evaluate(EvaluateRequest request, StreamObserver<EvaluateResponse> responses) {
        unary(responses, () -> {
            Outcomes.Evaluation e = metrics.time("evaluate",
                    () -> learner.evaluate(request.getModel(), request.getDataset(), request.getLimit()));
            return EvaluateResponse.newBuilder().setModel(e.model()).setDataset(e.dataset())
                    .setExamples(e.examples()).setAccuracy(e.accuracy())
                    .addAllPerClassAccuracy(Arrays.stream(e.perClass()).boxed().toList()).build();
        });
    }

    @Override
    public void predict(PredictRequest request, StreamObserver<PredictResponse> responses) {
        unary(responses, () -> {
            float[][] rows = new float[request.getRowsCount()][];
            for (int i = 0; i < rows.length; i++) {
                FeatureRow row = request.getRows(i);
                rows[i] = new float[row.getValuesCount()];
                for (int j = 0; j < rows[i].length; j++) {
                    rows[i][j] = row.getValues(j);
                }
            }
            List<Outcomes.Prediction> predictions = metrics.time("predict",
                    () -> learner.predict(request.getModel(), rows));
            metrics.predicted(rows.length);
            PredictResponse.Builder b = PredictResponse.newBuilder();
            for (Outcomes.Prediction p : predictions) {
                Prediction.Builder pb = Prediction.newBuilder().setLabel(p.label());
                for (float v : p.probabilities()) {
                    pb.addProbabilities(v);
                }
                b.addPredictions(pb);
            }
            return b.build();
        });
    }

    @Override
    public void adapt(AdaptRequest request, StreamObserver<AdaptResponse> responses) {
        unary(responses, () -> ProtoMapping.adapt(metrics.time("adapt",
                () -> learner.adapt(ProtoMapping.adapt(request)))));
    }

    @Override
    public void metaTrain(MetaTrainRequest request, StreamObserver<MetaTrainResponse> responses) {
        unary(responses, () -> ProtoMapping.meta(metrics.time("meta_train",
                () -> learner.metaTrain(ProtoMapping.meta(request)))));
    }

    @Override
    public void runContinual(ContinualRequest request, StreamObserver<ContinualResponse> responses) {
        unary(responses, () -> {
            ContinualResponse response = ProtoMapping.continual(metrics.time("continual",
                    () -> learner.continual(ProtoMapping.continual(request), null)));
            if (response.hasModel()) {
                metrics.registered();
            }
            return response;
        });
    }

    @Override
    public void listModels(ListModelsRequest request, StreamObserver<ListModelsResponse> responses) {
        unary(responses, () -> ListModelsResponse.newBuilder()
                .addAllModels(learner.models().stream().map(ProtoMapping::model).toList()).build());
    }

    @Override
    public void getModel(GetModelRequest request, StreamObserver<Model> responses) {
        unary(responses, () -> ProtoMapping.model(learner.model(request.getModel())));
    }

    private static <T> void unary(StreamObserver<T> responses, Supplier<T> work) {
        T value;
        try {
            value = work.get();
        } catch (RuntimeException e) {
            responses.onError(GrpcErrors.toStatusException(e));
            return;
        }
        responses.onNext(value);
        responses.onCompleted();
    }
}
