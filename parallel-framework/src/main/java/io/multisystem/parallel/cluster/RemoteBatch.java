package io.multisystem.parallel.cluster;

import java.io.Serial;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Several task bodies shipped to a node as one Ignite job: one network round trip, one job-stealing decision and one
 * failover unit for all of them. Each body runs as a {@link RemoteBody} would, one after the other on the job's
 * thread, and answers with its own envelope (value or failure), so one failing body does not fail the others. If the
 * node is stopped meanwhile, the whole batch fails over to another node (bodies must be idempotent, as for retries).
 */
final class RemoteBatch implements IgniteCallable<byte[][]> {
    @Serial
    private static final long serialVersionUID = 1L;

    private final RemoteBody[] bodies;

    @IgniteInstanceResource
    private transient Ignite ignite;

    RemoteBatch(RemoteBody[] bodies) {
        this.bodies = bodies;
    }

    @Override
    public byte[][] call() {
        byte[][] answers = new byte[bodies.length][];
        for (int i = 0; i < bodies.length; i++) {
            answers[i] = bodies[i].callOn(ignite);
        }
        return answers;
    }
}
