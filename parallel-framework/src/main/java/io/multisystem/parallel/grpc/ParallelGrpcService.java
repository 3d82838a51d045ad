package io.multisystem.parallel.grpc;

import com.google.protobuf.Timestamp;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.jobs.JobType;
import io.multisystem.parallel.task.ReplayLog;
import io.multisystem.parallel.task.TaskEngine;
import io.multisystem.parallel.v1.GetReplayLogRequest;
import io.multisystem.parallel.v1.ReplayJobRequest;
import io.multisystem.parallel.v1.ReplayLogChunk;
import io.multisystem.parallel.runs.JobManager;
import io.multisystem.parallel.runs.JobSnapshot;
import io.multisystem.parallel.task.WorkerInfo;
import io.multisystem.parallel.v1.CancelRequest;
import io.multisystem.parallel.v1.JobParameter;
import io.multisystem.parallel.v1.JobState;
import io.multisystem.parallel.v1.JobStatus;
import io.multisystem.parallel.v1.ListJobTypesRequest;
import io.multisystem.parallel.v1.ListJobTypesResponse;
import io.multisystem.parallel.v1.ListWorkersRequest;
import io.multisystem.parallel.v1.ListWorkersResponse;
import io.multisystem.parallel.v1.ParallelServiceGrpc;
import io.multisystem.parallel.v1.StatusRequest;
import io.multisystem.parallel.v1.SubmitJobRequest;
import io.multisystem.parallel.v1.Worker;
import java.time.Instant;

/** {@code ParallelService} over the job manager; errors are PlatformExceptions mapped by the platform's handler. */
public final class ParallelGrpcService extends ParallelServiceGrpc.ParallelServiceImplBase {
    /** Characters per log chunk: well below gRPC's default 4 MiB message limit. */
    private static final int CHUNK_CHARS = 512 * 1024;
    private final JobManager jobs;

    public ParallelGrpcService(JobManager jobs) {
        this.jobs = jobs;
    }

    @Override
    public void listJobTypes(ListJobTypesRequest request, StreamObserver<ListJobTypesResponse> response) {
        ListJobTypesResponse.Builder out = ListJobTypesResponse.newBuilder();
        for (JobType type : jobs.catalog().all()) {
            var t = io.multisystem.parallel.v1.JobType.newBuilder().setName(type.name())
                    .setDescription(type.description());
            type.parameters().forEach(p -> t.addParameters(JobParameter.newBuilder().setName(p.name())
                    .setDescription(p.description()).setDefaultValue(p.defaultValue() == null ? "" : p.defaultValue())));
            out.addJobTypes(t);
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    @Override
    public void submitJob(SubmitJobRequest request, StreamObserver<JobStatus> response) {
        JobSnapshot started = request.getRecord()
                ? jobs.submitRecorded(request.getJobType(), request.getParametersMap(), request.getWorkers())
                : jobs.submit(request.getJobType(), request.getParametersMap(), request.getWorkers());
        response.onNext(toProto(started));
        response.onCompleted();
    }

    @Override
    public void replayJob(ReplayJobRequest request, StreamObserver<JobStatus> response) {
        JobSnapshot started = switch (request.getSourceCase()) {
            case JOB_ID -> jobs.replay(request.getJobId());
            case LOG -> jobs.replay(ReplayLog.parse(request.getLog()), "upload");
            case SOURCE_NOT_SET -> throw new InvalidInputException(TaskEngine.COMPONENT, "VALIDATION_FAILED",
                    "give the recorded job's id (job_id) or a replay log's text (log)");
        };
        response.onNext(toProto(started));
        response.onCompleted();
    }

    @Override
    public void getReplayLog(GetReplayLogRequest request, StreamObserver<ReplayLogChunk> response) {
        String text = jobs.replayLog(request.getJobId()).format();
        for (int from = 0; from < text.length(); from += CHUNK_CHARS) {
            response.onNext(ReplayLogChunk.newBuilder()
                    .setText(text.substring(from, Math.min(text.length(), from + CHUNK_CHARS))).build());
        }
        response.onCompleted();
    }

    @Override
    public void status(StatusRequest request, StreamObserver<JobStatus> response) {
        if (!request.getFollow()) {
            response.onNext(toProto(jobs.status(request.getJobId())));
            response.onCompleted();
            return;
        }
        ServerCallStreamObserver<JobStatus> stream = (ServerCallStreamObserver<JobStatus>) response;
        Object lock = new Object();
        AutoCloseable[] handle = new AutoCloseable[1];
        handle[0] = jobs.watch(request.getJobId(), snapshot -> {
            synchronized (lock) {
                if (stream.isCancelled()) {
                    return;
                }
                stream.onNext(toProto(snapshot));
                if (snapshot.state().isFinal()) {
                    stream.onCompleted();
                }
            }
        });
        stream.setOnCancelHandler(() -> {
            try {
                handle[0].close();
            } catch (Exception ignored) {
                // closing a watch only removes it from a list
            }
        });
    }

    @Override
    public void cancel(CancelRequest request, StreamObserver<JobStatus> response) {
        response.onNext(toProto(jobs.cancel(request.getJobId())));
        response.onCompleted();
    }

    @Override
    public void listWorkers(ListWorkersRequest request, StreamObserver<ListWorkersResponse> response) {
        ListWorkersResponse.Builder out = ListWorkersResponse.newBuilder().setMode(jobs.mode());
        String address = "cluster".equals(jobs.mode()) ? "ignite-node" : "thread";
        for (WorkerInfo w : jobs.workers()) {
            out.addWorkers(Worker.newBuilder().setId(w.name()).setAddress(address).setBusy(w.busy())
                    .setTasksExecuted(w.executed()));
        }
        response.onNext(out.build());
        response.onCompleted();
    }

    public static JobStatus toProto(JobSnapshot s) {
        JobStatus.Builder b = JobStatus.newBuilder().setJobId(s.id()).setJobType(s.type())
                .setState(JobState.valueOf("JOB_STATE_" + s.state().name())).setWorkers(s.workers())
                .setTasksSubmitted(s.tasksSubmitted()).setTasksFinished(s.tasksFinished())
                .setStarted(timestamp(s.started())).setResult(s.summary()).putAllFigures(s.figures())
                .setErrorCode(s.errorCode()).setErrorMessage(s.errorMessage()).addAllFailurePath(s.failurePath())
                .setRecorded(s.recorded()).setReplayOf(s.replayOf()).setReplayVerdict(s.replayVerdict());
        if (s.ended() != null) {
            b.setEnded(timestamp(s.ended()));
        }
        return b.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
