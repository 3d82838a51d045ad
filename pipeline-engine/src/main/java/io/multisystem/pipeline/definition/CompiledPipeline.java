package io.multisystem.pipeline.definition;

import io.multisystem.pipeline.execution.ExecutionResult;
import io.multisystem.pipeline.execution.LocalExecutor;
import io.multisystem.pipeline.execution.LocalExecutorProperties;
import io.multisystem.pipeline.execution.Pipeline;
import io.multisystem.pipeline.record.Schema;

import java.util.List;

/**
 * A checked definition ready to run on the local engine.
 *
 * @param name       the definition's name
 * @param pipeline   the dataflow
 * @param properties executor settings from the definition (mode, parallelism, queue capacity)
 * @param stages     the schema after each stage, in order (for {@code validate} output)
 */
public record CompiledPipeline(String name, Pipeline pipeline, LocalExecutorProperties properties,
        List<Stage> stages) {
    /** One stage of the definition and the schema of the rows it produces. */
    public record Stage(String path, String type, Schema output) {
    }

    public CompiledPipeline {
        stages = List.copyOf(stages);
    }

    /** Runs to the end of the input on the local engine; see {@link LocalExecutor#run}. */
    public ExecutionResult run() {
        return LocalExecutor.create(properties).run(pipeline);
    }
}
