package io.multisystem.parallel.grpc;

import io.multisystem.core.testing.InProcessGrpc;
import io.multisystem.core.types.IdGenerator;
import io.multisystem.parallel.jobs.BuiltInJobs;
import io.multisystem.parallel.runs.JobManager;
import io.multisystem.parallel.runs.JobState;
import io.multisystem.parallel.v1.JobStatus;
import io.multisystem.parallel.v1.ListJobTypesRequest;
import io.multisystem.parallel.v1.ParallelServiceGrpc;
import io.multisystem.parallel.v1.StatusRequest;
import io.multisystem.parallel.v1.SubmitJobRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ParallelGrpcServiceTest {
    private static final JobManager.Listener QUIET = new JobManager.Listener() {
        @Override
        public void jobStarted(String type) {
        }

        @Override
        public void jobEnded(String type, JobState state, Duration elapsed) {
        }
    };

    @Test
    void submitThenFollowStreamsProgressUntilTheResult() {
        try (JobManager jobs = new JobManager(BuiltInJobs.catalog(), 2, 4, 10, Duration.ofMillis(10),
                Clock.systemUTC(), IdGenerator.systemDefault(), QUIET);
             InProcessGrpc grpc = InProcessGrpc.start(new ParallelGrpcService(jobs))) {
            var stub = ParallelServiceGrpc.newBlockingStub(grpc.channel())
                    .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(stub.listJobTypes(ListJobTypesRequest.getDefaultInstance()).getJobTypesList())
                    .extracting(t -> t.getName()).containsExactly("fib", "pi", "sort", "wordcount", "matmul");
            JobStatus started = stub.submitJob(SubmitJobRequest.newBuilder().setJobType("fib")
                    .putParameters("n", "20").setWorkers(2).build());
            List<JobStatus> updates = new ArrayList<>();
            stub.status(StatusRequest.newBuilder().setJobId(started.getJobId()).setFollow(true).build())
                    .forEachRemaining(updates::add);

            JobStatus last = updates.get(updates.size() - 1);
            assertThat(last.getState()).isEqualTo(io.multisystem.parallel.v1.JobState.JOB_STATE_SUCCEEDED);
            assertThat(last.getFiguresMap()).containsEntry("value", "6765");
            assertThat(last.getResult()).isEqualTo("fib(20) = 6765");
            assertThat(last.hasEnded()).isTrue();
        }
    }

    /** Maps platform errors to gRPC status as the service's Spring exception handler does. */
    static final io.grpc.ServerInterceptor ERRORS = new io.grpc.ServerInterceptor() {
        @Override
        public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call,
                io.grpc.Metadata headers, io.grpc.ServerCallHandler<Q, R> next) {
            return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
                    next.startCall(call, headers)) {
                @Override
                public void onHalfClose() {
                    try {
                        super.onHalfClose();
                    } catch (RuntimeException e) {
                        io.grpc.StatusException s = io.multisystem.core.grpc.GrpcErrors.toStatusException(e);
                        call.close(s.getStatus(), s.getTrailers() == null ? new io.grpc.Metadata() : s.getTrailers());
                    }
                }
            };
        }
    };

    @Test
    void aRecordedJobsLogCanBeFetchedAndReplayedOverGrpc() {
        try (JobManager jobs = new JobManager(BuiltInJobs.catalog(), 2, 4, 10, Duration.ofMillis(10),
                Clock.systemUTC(), IdGenerator.systemDefault(), QUIET);
             InProcessGrpc grpc = InProcessGrpc.start(List.of(new ParallelGrpcService(jobs)), List.of(ERRORS))) {
            var stub = ParallelServiceGrpc.newBlockingStub(grpc.channel())
                    .withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS);
            JobStatus recorded = null;
            for (int i = 0; i < 10 && (recorded == null
                    || recorded.getState() != io.multisystem.parallel.v1.JobState.JOB_STATE_FAILED); i++) {
                JobStatus started = stub.submitJob(SubmitJobRequest.newBuilder().setJobType("pi")
                        .putParameters("samples", "20000").putParameters("partitions", "16")
                        .putParameters("fault-rate", "0.6").setWorkers(2).setRecord(true).build());
                recorded = last(stub, started.getJobId());
            }
            StringBuilder log = new StringBuilder();
            stub.getReplayLog(io.multisystem.parallel.v1.GetReplayLogRequest.newBuilder()
                    .setJobId(recorded.getJobId()).build()).forEachRemaining(c -> log.append(c.getText()));

            JobStatus byId = last(stub, stub.replayJob(io.multisystem.parallel.v1.ReplayJobRequest.newBuilder()
                    .setJobId(recorded.getJobId()).build()).getJobId());
            JobStatus byUpload = last(stub, stub.replayJob(io.multisystem.parallel.v1.ReplayJobRequest.newBuilder()
                    .setLog(log.toString()).build()).getJobId());

            assertThat(recorded.getRecorded()).isTrue();
            assertThat(log.toString()).startsWith("parallel-framework-replay 1");
            for (JobStatus replay : List.of(byId, byUpload)) {
                assertThat(replay.getReplayVerdict()).isEqualTo("REPRODUCED");
                assertThat(replay.getFailurePathList()).isEqualTo(recorded.getFailurePathList()).isNotEmpty();
            }
            assertThat(byId.getReplayOf()).isEqualTo(recorded.getJobId());
            assertThat(byUpload.getReplayOf()).isEqualTo("upload");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> stub.replayJob(
                    io.multisystem.parallel.v1.ReplayJobRequest.newBuilder().setLog("garbage").build()))
                    .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("line 1");
                    });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> stub.replayJob(
                    io.multisystem.parallel.v1.ReplayJobRequest.getDefaultInstance()))
                    .isInstanceOfSatisfying(io.grpc.StatusRuntimeException.class, e -> assertThat(
                            e.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT));
        }
    }

    private static JobStatus last(ParallelServiceGrpc.ParallelServiceBlockingStub stub, String jobId) {
        List<JobStatus> updates = new ArrayList<>();
        stub.status(StatusRequest.newBuilder().setJobId(jobId).setFollow(true).build()).forEachRemaining(updates::add);
        return updates.get(updates.size() - 1);
    }
}
