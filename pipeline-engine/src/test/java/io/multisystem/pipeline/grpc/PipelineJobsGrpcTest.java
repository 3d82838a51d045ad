package io.multisystem.pipeline.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.pipeline.job.JobManager;
import io.multisystem.pipeline.v1.CancelRequest;
import io.multisystem.pipeline.v1.JobState;
import io.multisystem.pipeline.v1.JobStatus;
import io.multisystem.pipeline.v1.PipelineServiceGrpc;
import io.multisystem.pipeline.v1.PipelineSource;
import io.multisystem.pipeline.v1.StatusRequest;
import io.multisystem.pipeline.v1.SubmitRequest;
import io.multisystem.pipeline.v1.ValidateRequest;
import io.multisystem.pipeline.v1.ValidateResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PipelineJobsGrpcTest {
    static final String PIPELINE = """
            name: doubler
            sources:
              numbers: {type: csv, path: numbers.csv, schema: {n: long}}
            transforms:
              - {type: filter, expr: "n % 2 = 0"}
              - {type: map, fields: {twice: "n * 2"}}
            sink: {type: csv, path: out.csv}
            """;

    @TempDir
    Path dir;
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    JobManager jobs;
    ScheduledExecutorService ticker;
    InProcessGrpc grpc;
    PipelineServiceGrpc.PipelineServiceBlockingStub stub;

    @BeforeEach
    void start() {
        jobs = new JobManager(1, Clock.systemUTC(), System.out, s -> meters.counter("finished").increment());
        ticker = Executors.newSingleThreadScheduledExecutor();
        grpc = InProcessGrpc.start(new PipelineGrpcService(meters, jobs, dir, ticker));
        stub = PipelineServiceGrpc.newBlockingStub(grpc.channel()).withDeadlineAfter(50, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        grpc.close();
        jobs.close();
        ticker.shutdownNow();
    }

    static PipelineSource source(String yaml) {
        return PipelineSource.newBuilder().setDefinitionYaml(yaml).build();
    }

    void numbers(int count) throws Exception {
        StringBuilder sb = new StringBuilder("n\n");
        for (int i = 0; i < count; i++) {
            sb.append(i).append('\n');
        }
        Files.writeString(dir.resolve("numbers.csv"), sb);
    }

    @Test
    void validateReturnsStageSchemasOrProblemsWithPaths() {
        ValidateResponse ok = stub.validate(ValidateRequest.newBuilder().setPipeline(source(PIPELINE)).build());
        ValidateResponse bad = stub.validate(ValidateRequest.newBuilder().setPipeline(source(
                PIPELINE.replace("n * 2", "n * 'x'"))).build());

        assertThat(ok.getValid()).isTrue();
        assertThat(ok.getStagesList()).hasSize(3);
        assertThat(ok.getStages(2).getFieldsList()).extracting(f -> f.getName() + ":" + f.getType())
                .containsExactly("n:LONG", "twice:LONG");
        assertThat(bad.getValid()).isFalse();
        assertThat(bad.getCode()).isEqualTo("PIPELINE_INVALID");
        assertThat(bad.getProblemsList()).singleElement().satisfies(p -> {
            assertThat(p.getPath()).isEqualTo("transforms[1].fields.twice");
            assertThat(p.getMessage()).contains("column 3", "'*' needs numbers, found STRING");
        });
    }

    @Test
    void submitRunsTheJobAndStatusStreamsUntilItEnds() throws Exception {
        numbers(1000);
        String id = stub.submit(SubmitRequest.newBuilder().setPipeline(source(PIPELINE)).build()).getJobId();

        List<JobStatus> updates = new ArrayList<>();
        stub.status(StatusRequest.newBuilder().setJobId(id).build()).forEachRemaining(updates::add);

        JobStatus last = updates.get(updates.size() - 1);
        assertThat(last.getState()).isEqualTo(JobState.JOB_STATE_SUCCEEDED);
        assertThat(last.getRecordsRead()).isEqualTo(1000);
        assertThat(last.getRecordsWritten()).isEqualTo(500);
        assertThat(Files.readAllLines(dir.resolve("out.csv"))).hasSize(501).contains("998,1996");
        assertThat(meters.counter("pipeline.jobs.submitted").count()).isEqualTo(1);
        assertThatThrownBy(() -> stub.cancel(CancelRequest.newBuilder().setJobId(id).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                    assertThat(e.getStatus().getDescription()).contains("already ended SUCCEEDED");
                });
    }

    @Test
    void cancelStopsARunningJob() throws Exception {
        numbers(2_000_000);
        String id = stub.submit(SubmitRequest.newBuilder().setPipeline(source(PIPELINE)).build()).getJobId();
        Iterator<JobStatus> updates = stub.status(StatusRequest.newBuilder().setJobId(id).build());
        JobStatus s = updates.next();
        while (s.getState() != JobState.JOB_STATE_RUNNING && updates.hasNext()) {
            s = updates.next();
        }

        JobStatus afterCancel = stub.cancel(CancelRequest.newBuilder().setJobId(id).build());
        while (updates.hasNext()) {
            s = updates.next();
        }

        assertThat(afterCancel.getJobId()).isEqualTo(id);
        assertThat(s.getState()).isIn(JobState.JOB_STATE_CANCELLED, JobState.JOB_STATE_SUCCEEDED);
        if (s.getState() == JobState.JOB_STATE_CANCELLED) {
            assertThat(s.getRecordsRead()).isLessThan(2_000_000);
        }
    }

    @Test
    void cancelEndsAStreamingJobThatTailsAFileForever() throws Exception {
        Files.writeString(dir.resolve("events.jsonl"), "{\"n\": 1}\n{\"n\": 2}\n");
        String yaml = """
                name: follow
                mode: streaming
                sources:
                  events: {type: tail, path: events.jsonl, schema: {n: long}, pollInterval: 20ms}
                sink: {type: jsonl, path: followed.jsonl}
                """;
        String id = stub.submit(SubmitRequest.newBuilder().setPipeline(source(yaml)).build()).getJobId();
        Iterator<JobStatus> updates = stub.status(StatusRequest.newBuilder().setJobId(id).build());
        JobStatus s = updates.next();
        while (s.getRecordsRead() < 2 && updates.hasNext()) { // the stream has a 50 s deadline
            s = updates.next();
        }
        assertThat(s.getState()).isEqualTo(JobState.JOB_STATE_RUNNING); // waiting for more lines, not ending

        stub.cancel(CancelRequest.newBuilder().setJobId(id).build());
        while (updates.hasNext()) {
            s = updates.next();
        }
        assertThat(s.getState()).isEqualTo(JobState.JOB_STATE_CANCELLED);
        assertThat(s.getRecordsRead()).isEqualTo(2);
    }

    @Test
    void badRequestsAreRejectedWithClearErrorsAndStartNothing() {
        assertThatThrownBy(() -> stub.submit(SubmitRequest.newBuilder().setPipeline(source(
                PIPELINE.replace("n % 2 = 0", "n +"))).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).contains("transforms[0].expr");
                });
        assertThatThrownBy(() -> stub.submit(SubmitRequest.newBuilder().setPipeline(source(" ")).build()))
                .hasMessageContaining("definition_yaml is empty");
        assertThatThrownBy(() -> stub.status(StatusRequest.newBuilder().setJobId("nope").build()).next())
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> stub.cancel(CancelRequest.newBuilder().build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
        assertThat(meters.find("pipeline.jobs.submitted").counter()).isNull();
    }
}
