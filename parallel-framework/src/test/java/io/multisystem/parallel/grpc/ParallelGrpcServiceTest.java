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
            var stub = ParallelServiceGrpc.newBlockingStub(grpc.channel());

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
}
