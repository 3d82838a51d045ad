package io.multisystem.pipeline.execution;

/**
 * Runs a {@link Pipeline} in this JVM. Thread-safe: one executor may run several pipelines, one run per call.
 */
public interface LocalExecutor {
    /**
     * Runs the pipeline to the end of its bounded source and returns once the sink is closed.
     *
     * @throws io.multisystem.core.error.PlatformException the first error any stage raised (bad input, sink failure);
     *                                                     the other stages are stopped and the sink is closed
     * @throws IllegalStateException when the pipeline has no sink, or the calling thread is interrupted
     */
    ExecutionResult run(Pipeline pipeline);

    static LocalExecutor create(LocalExecutorProperties properties) {
        return new PipelinedLocalExecutor(properties);
    }
}
