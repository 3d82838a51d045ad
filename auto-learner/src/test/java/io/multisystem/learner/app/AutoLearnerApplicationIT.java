package io.multisystem.learner.app;

import io.grpc.ManagedChannel;
import io.multisystem.core.grpc.GrpcClientFactory;
import io.multisystem.core.testing.ServiceProbe;
import io.multisystem.learner.TestData;
import io.multisystem.learner.v1.GetModelRequest;
import io.multisystem.learner.v1.LearnerServiceGrpc;
import io.multisystem.learner.v1.ListModelsRequest;
import io.multisystem.learner.v1.TrainProgress;
import io.multisystem.learner.v1.TrainRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.core.env.Environment;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.grpc.server.port=0", "multisystem.home=${java.io.tmpdir}/multisystem-it-${random.uuid}"})
class AutoLearnerApplicationIT {
    @Autowired
    WebServerApplicationContext context;
    @Autowired
    Environment environment;

    @Test
    void servesGrpcHealthReflectionAndActuatorOverTheNetwork() throws Exception {
        ServiceProbe probe = ServiceProbe.of(context);

        assertThat(probe.grpcHealth()).isEqualTo("SERVING");
        assertThat(probe.grpcServices()).contains("grpc.health.v1.Health", "io.multisystem.learner.v1.LearnerService");
        assertThat(probe.httpGet("/actuator/health")).contains("\"status\":\"UP\"");
        assertThat(probe.httpGet("/actuator/prometheus")).contains("system=\"auto-learner\"");
    }

    @Test
    void trainsAndServesAModelOverTheNetworkAndCountsItsWork() throws Exception {
        TestData.require("iris");
        ServiceProbe probe = ServiceProbe.of(context);
        ManagedChannel channel = GrpcClientFactory.plaintext().open("127.0.0.1:" + probe.grpcPort());
        try {
            LearnerServiceGrpc.LearnerServiceBlockingStub stub = LearnerServiceGrpc.newBlockingStub(channel);
            List<TrainProgress> messages = new ArrayList<>();
            stub.train(TrainRequest.newBuilder().setModelName("iris-it").setDataset("iris").addHidden(16)
                    .setEpochs(20).setBatchSize(16).setLearningRate(0.01).setSeed(3).build())
                    .forEachRemaining(messages::add);

            assertThat(messages.get(messages.size() - 1).getResult().getTestAccuracy()).isGreaterThan(0.7);
            assertThat(stub.listModels(ListModelsRequest.getDefaultInstance()).getModelsList())
                    .extracting(m -> m.getName()).contains("iris-it");
            assertThat(stub.getModel(GetModelRequest.newBuilder().setModel("iris-it").build()).getMetricsMap())
                    .containsKey("test_accuracy");
        } finally {
            channel.shutdownNow();
        }
        String prometheus = probe.httpGet("/actuator/prometheus");
        assertThat(prometheus.lines().filter(l -> l.startsWith("learner_operation_seconds_count{")
                && l.contains("operation=\"train\"")).findFirst()).isPresent();
        assertThat(prometheus.lines().filter(l -> l.startsWith("learner_models_registered_total{")
                && l.endsWith(" 1.0")).findFirst()).isPresent();
    }
}
