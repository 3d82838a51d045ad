package io.multisystem.pipeline.execution;

/** How the engine advances event time; both modes give the same final window results for in-bound input. */
public enum ExecutionMode {
    /**
     * Bounded input: no watermark until the input ends, then the final watermark +∞ fires every window once. No record
     * is ever late.
     */
    BATCH,
    /**
     * Unbounded-style: the bounded-out-of-orderness watermark advances as records arrive, windows fire as soon as they
     * are complete, records beyond the allowed lateness are dropped; +∞ at the end of a bounded input.
     */
    STREAMING
}
