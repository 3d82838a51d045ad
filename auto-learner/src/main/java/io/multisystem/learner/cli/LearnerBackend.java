package io.multisystem.learner.cli;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.grpc.ServerAddress;
import io.multisystem.learner.data.DatasetCatalog;
import io.multisystem.learner.grpc.LearnerGrpcService;
import io.multisystem.learner.grpc.LearnerMetrics;
import io.multisystem.learner.v1.LearnerServiceGrpc;
import io.multisystem.learner.workflow.Learner;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Where CLI verbs send their requests: a {@link Learner} in this process (default; data under {@code --data-dir}), or
 * the service named by {@code --server}. Both speak learner.v1 messages, so text and JSON output are identical.
 */
final class LearnerBackend implements AutoCloseable {
    private final LearnerServiceGrpc.LearnerServiceImplBase local;
    private final Learner learner;
    private final ManagedChannel channel;
    private final LearnerServiceGrpc.LearnerServiceBlockingStub remote;

    private LearnerBackend(Learner learner, ManagedChannel channel) {
        this.learner = learner;
        this.local = learner == null ? null : new LearnerGrpcService(learner, new LearnerMetrics(new SimpleMeterRegistry()));
        this.channel = channel;
        this.remote = channel == null ? null : LearnerServiceGrpc.newBlockingStub(channel);
    }

    static LearnerBackend open(CommonOptions common, Path dataDir, Path datasets) {
        if (common.server().isPresent()) {
            ServerAddress address = common.server().get();
            return new LearnerBackend(null, common.clientFactory().withDefaultDeadline(java.time.Duration.ofHours(2))
                    .open(address.toString()));
        }
        Path home = dataDir != null ? dataDir : defaultDataDir();
        Path data = datasets != null ? datasets : DatasetCatalog.defaultRoot(Path.of("").toAbsolutePath());
        return new LearnerBackend(new Learner(home, new DatasetCatalog(data), Clock.systemUTC()), null);
    }

    static Path defaultDataDir() {
        String home = System.getenv("MULTISYSTEM_HOME");
        Path root = home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".multisystem");
        return root.resolve("auto-learner");
    }

    /** Calls a unary RPC: {@code localCall} in-process, {@code remoteCall} over the network. */
    <Q, R> R call(Q request, BiConsumer<Q, StreamObserver<R>> localCall,
                  java.util.function.BiFunction<LearnerServiceGrpc.LearnerServiceBlockingStub, Q, R> remoteCall) {
        if (remote != null) {
            return remoteCall.apply(remote, request);
        }
        List<R> out = new ArrayList<>();
        Throwable[] error = new Throwable[1];
        localCall.accept(request, new StreamObserver<R>() {
            @Override
            public void onNext(R value) {
                out.add(value);
            }

            @Override
            public void onError(Throwable t) {
                error[0] = t;
            }

            @Override
            public void onCompleted() {
            }
        });
        if (error[0] != null) {
            throw error[0] instanceof RuntimeException re ? re : new RuntimeException(error[0]);
        }
        return out.get(out.size() - 1);
    }

    /** Streams a server-streaming RPC's messages to {@code each}. */
    <Q, R> void stream(Q request, BiConsumer<Q, StreamObserver<R>> localCall,
                       java.util.function.BiFunction<LearnerServiceGrpc.LearnerServiceBlockingStub, Q, Iterator<R>> remoteCall,
                       java.util.function.Consumer<R> each) {
        if (remote != null) {
            remoteCall.apply(remote, request).forEachRemaining(each);
            return;
        }
        Throwable[] error = new Throwable[1];
        localCall.accept(request, new StreamObserver<R>() {
            @Override
            public void onNext(R value) {
                each.accept(value);
            }

            @Override
            public void onError(Throwable t) {
                error[0] = t;
            }

            @Override
            public void onCompleted() {
            }
        });
        if (error[0] != null) {
            throw error[0] instanceof RuntimeException re ? re : new RuntimeException(error[0]);
        }
    }

    LearnerServiceGrpc.LearnerServiceImplBase local() {
        return local;
    }

    @Override
    public void close() {
        if (learner != null) {
            learner.close();
        }
        if (channel != null) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
