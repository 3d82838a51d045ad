package io.multisystem.contract.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.multisystem.contract.engine.Backend;
import io.multisystem.core.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CedarConformanceTest {
    @ParameterizedTest
    @EnumSource(Backend.class)
    void everyBackendAgreesWithCedarOnEveryCorpusRequest(Backend backend) {
        Path dir = SharedData.resolve("cedar");
        ConformanceRunner.Report r = new ConformanceRunner(backend.factory()).run(dir);
        r.failures().stream().limit(20)
                .forEach(f -> System.out.println("FAIL " + backend + " " + f));
        System.out.println(backend + ": files=" + r.files() + " requests=" + r.passedRequests() + "/" + r.requests()
                + " validation=" + r.passedValidations() + "/" + r.validations());
        assertThat(r.files()).isGreaterThanOrEqualTo(550);
        assertThat(r.requests()).isGreaterThan(4000);
        assertThat(r.passedRequests()).isEqualTo(r.requests());
        assertThat(r.passedValidations()).isEqualTo(r.validations());
    }
}
