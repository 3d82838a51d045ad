package io.multisystem.learner.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.learner.TestData;
import io.multisystem.learner.v1.FeatureRow;
import io.multisystem.learner.v1.GetModelRequest;
import io.multisystem.learner.v1.LearnerServiceGrpc;
import io.multisystem.learner.v1.ListModelsRequest;
import io.multisystem.learner.v1.PredictRequest;
import io.multisystem.learner.v1.PredictResponse;
import io.multisystem.learner.v1.TrainProgress;
import io.multisystem.learner.v1.TrainRequest;
import io.multisystem.learner.workflow.Learner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LearnerGrpcServiceTest {
    @TempDir
    Path dir;
    Learner learner;
    InProcessGrpc grpc;
    LearnerServiceGrpc.LearnerServiceBlockingStub stub;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void start() {
        TestData.require("iris");
        learner = new Learner(dir, TestData.catalog(), Clock.systemUTC());
        grpc = InProcessGrpc.start(new LearnerGrpcService(learner, new LearnerMetrics(meters)));
        stub = LearnerServiceGrpc.newBlockingStub(grpc.channel());
    }

    @AfterEach
    void stop() {
        grpc.close();
        learner.close();
    }

    private List<TrainProgress> trainIris(String name) {
        List<TrainProgress> messages = new ArrayList<>();
        stub.train(TrainRequest.newBuilder().setModelName(name).setDataset("iris").addHidden(16).setEpochs(30)
                .setBatchSize(16).setLearningRate(0.01).setSeed(1).build()).forEachRemaining(messages::add);
        return messages;
    }

    @Test
    void trainStreamsProgressThenRegistersTheModel() {
        List<TrainProgress> messages = trainIris("iris-mlp");

        TrainProgress last = messages.get(messages.size() - 1);
        assertThat(messages.size()).isGreaterThan(2);
        assertThat(last.getResult().getModel().getName()).isEqualTo("iris-mlp");
        assertThat(last.getResult().getTestAccuracy()).isGreaterThan(0.8);
        assertThat(stub.listModels(ListModelsRequest.getDefaultInstance()).getModelsList()).hasSize(1);
        assertThat(stub.getModel(GetModelRequest.newBuilder().setModel("iris-mlp:1").build()).getTrainingDataHash())
                .hasSize(64);
        assertThat(meters.get("learner.operation").tag("operation", "train").timer().count()).isEqualTo(1);
    }

    @Test
    void predictServesTheRegisteredModel() {
        trainIris("iris-mlp");
        float[] setosa = TestData.catalog().load("iris").features()[0];
        FeatureRow.Builder row = FeatureRow.newBuilder();
        for (float v : setosa) {
            row.addValues(v);
        }

        PredictResponse r = stub.predict(PredictRequest.newBuilder().setModel("iris-mlp").addRows(row).build());

        assertThat(r.getPredictions(0).getLabel()).isZero();
        assertThat(r.getPredictions(0).getProbabilitiesList()).hasSize(3);
    }

    @Test
    void unknownModelIsNotFound() {
        assertThatThrownBy(() -> stub.getModel(GetModelRequest.newBuilder().setModel("ghost").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    @Test
    void rowOfTheWrongWidthIsInvalidArgument() {
        trainIris("iris-mlp");

        assertThatThrownBy(() -> stub.predict(PredictRequest.newBuilder().setModel("iris-mlp")
                .addRows(FeatureRow.newBuilder().addValues(1f).addValues(2f)).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("row 0 has 2 values");
                });
    }

    @Test
    void badTrainRequestIsRejectedWithoutRegisteringAnything() {
        assertThatThrownBy(() -> stub.train(TrainRequest.newBuilder().setModelName("x").setDataset("iris")
                .setEpochs(-1).build()).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThatThrownBy(() -> stub.train(TrainRequest.newBuilder().setModelName("x").setDataset("iris")
                .setParent("ghost").build()).forEachRemaining(m -> { }))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));

        assertThat(stub.listModels(ListModelsRequest.getDefaultInstance()).getModelsList()).isEmpty();
    }
}
