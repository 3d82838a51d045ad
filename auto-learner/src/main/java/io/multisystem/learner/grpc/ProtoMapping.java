package io.multisystem.learner.grpc;

import com.google.protobuf.Timestamp;
import io.multisystem.learner.adaptation.AdaptationResult;
import io.multisystem.learner.continual.ContinualResult;
import io.multisystem.learner.meta.MetaResult;
import io.multisystem.learner.registry.ModelRecord;
import io.multisystem.learner.v1.AccuracyRow;
import io.multisystem.learner.v1.AdaptRequest;
import io.multisystem.learner.v1.AdaptResponse;
import io.multisystem.learner.v1.ContinualRequest;
import io.multisystem.learner.v1.ContinualResponse;
import io.multisystem.learner.v1.MetaTrainRequest;
import io.multisystem.learner.v1.MetaTrainResponse;
import io.multisystem.learner.v1.Model;
import io.multisystem.learner.v1.TrainRequest;
import io.multisystem.learner.workflow.Requests;

import java.util.Arrays;

/** Translates between learner.v1 messages and the domain's requests and results, both ways. */
public final class ProtoMapping {
    private ProtoMapping() {
    }

    public static Model model(ModelRecord r) {
        return Model.newBuilder()
                .setName(r.name())
                .setVersion(r.version())
                .setCreatedAt(Timestamp.newBuilder().setSeconds(r.createdAt().getEpochSecond())
                        .setNanos(r.createdAt().getNano()))
                .setArchitecture(r.architecture())
                .setParameters(r.parameters())
                .addAllHeads(Arrays.stream(r.heads()).boxed().toList())
                .setDomain(r.metadata().domain())
                .setTask(r.metadata().task())
                .putAllMetrics(r.metadata().metrics())
                .setParent(r.metadata().parent())
                .setTrainingDataHash(r.metadata().trainingDataHash())
                .setMethod(r.metadata().method())
                .build();
    }

    public static Requests.Train train(TrainRequest r) {
        return new Requests.Train(r.getModelName(), r.getDataset(), r.getArchitecture(),
                r.getHiddenList().stream().mapToInt(Integer::intValue).toArray(), r.getEpochs(), r.getBatchSize(),
                r.getLearningRate(), r.getSeed(), r.getParent(), r.getFrozenEpochs(), r.getLimit(), r.getDomain(),
                r.getTask());
    }

    public static TrainRequest train(Requests.Train r) {
        TrainRequest.Builder b = TrainRequest.newBuilder().setModelName(r.modelName()).setDataset(r.dataset())
                .setArchitecture(r.architecture()).setEpochs(r.epochs()).setBatchSize(r.batchSize())
                .setLearningRate(r.learningRate()).setSeed(r.seed()).setParent(r.parent())
                .setFrozenEpochs(r.frozenEpochs()).setLimit(r.limit());
        Arrays.stream(r.hidden()).forEach(b::addHidden);
        if (r.domain() != null) {
            b.setDomain(r.domain());
        }
        if (r.task() != null) {
            b.setTask(r.task());
        }
        return b.build();
    }

    public static Requests.Continual continual(ContinualRequest r) {
        return new Requests.Continual(r.getStrategy(), r.getBenchmark(), r.getTasks(), r.getEpochs(), r.getSeed(),
                r.getLimit(), r.getMemory(), 0f, r.getModelName());
    }

    public static ContinualRequest continual(Requests.Continual r) {
        return ContinualRequest.newBuilder().setStrategy(r.strategy()).setBenchmark(r.benchmark())
                .setTasks(r.tasks()).setEpochs(r.epochs()).setSeed(r.seed()).setLimit(r.limit())
                .setMemory(r.memory()).setModelName(r.modelName() == null ? "" : r.modelName()).build();
    }

    public static ContinualResponse continual(ContinualResult r) {
        ContinualResponse.Builder b = ContinualResponse.newBuilder().setStrategy(r.strategy())
                .setBenchmark(r.benchmark()).addAllTasks(r.tasks())
                .setAverageAccuracy(r.metrics().averageAccuracy())
                .setBackwardTransfer(r.metrics().backwardTransfer())
                .setForwardTransfer(r.metrics().forwardTransfer())
                .setForgetting(r.metrics().forgetting())
                .setSeconds(r.seconds());
        for (double[] row : r.accuracy()) {
            b.addAccuracy(AccuracyRow.newBuilder().addAllValues(Arrays.stream(row).boxed().toList()));
        }
        if (r.model() != null) {
            b.setModel(model(r.model()));
        }
        return b.build();
    }

    public static Requests.Adapt adapt(AdaptRequest r) {
        return new Requests.Adapt(r.getMethod(), r.getSource(), r.getTarget(), r.getEpochs(), r.getSeed(),
                r.getShots());
    }

    public static AdaptRequest adapt(Requests.Adapt r) {
        return AdaptRequest.newBuilder().setMethod(r.method()).setSource(r.source()).setTarget(r.target())
                .setEpochs(r.epochs()).setSeed(r.seed()).setShots(r.shots()).build();
    }

    public static AdaptResponse adapt(AdaptationResult r) {
        return AdaptResponse.newBuilder().setMethod(r.method().id()).setSourceAccuracy(r.sourceAccuracy())
                .setTargetSourceOnlyAccuracy(r.targetSourceOnlyAccuracy())
                .setTargetAdaptedAccuracy(r.targetAdaptedAccuracy()).addAllLosses(r.losses())
                .setSeconds(r.seconds()).build();
    }

    public static Requests.Meta meta(MetaTrainRequest r) {
        return new Requests.Meta(r.getAlgorithm(), r.getShots(), r.getIterations(), r.getSeed(), r.getWays());
    }

    public static MetaTrainRequest meta(Requests.Meta r) {
        return MetaTrainRequest.newBuilder().setAlgorithm(r.algorithm()).setShots(r.shots())
                .setIterations(r.iterations()).setSeed(r.seed()).setWays(r.ways()).build();
    }

    public static MetaTrainResponse meta(MetaResult r) {
        return MetaTrainResponse.newBuilder().setAlgorithm(r.algorithm().id()).setShots(r.shots())
                .setIterations(r.iterations()).setMeasure(r.measure()).setMetaLearnt(r.metaLearnt())
                .setBaseline(r.baseline()).addAllTrainingCurve(r.trainingCurve()).setSeconds(r.seconds()).build();
    }
}
