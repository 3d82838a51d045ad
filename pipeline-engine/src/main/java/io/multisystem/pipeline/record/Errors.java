package io.multisystem.pipeline.record;

/** Constants shared by every error this module raises. */
public final class Errors {
    /** The component name every pipeline-engine error carries. */
    public static final String COMPONENT = "pipeline-engine";

    private Errors() {
    }
}
