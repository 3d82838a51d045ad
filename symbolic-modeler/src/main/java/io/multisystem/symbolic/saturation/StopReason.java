package io.multisystem.symbolic.saturation;

/** Why an equality-saturation run stopped. */
public enum StopReason {
    /** No rule application changed the e-graph and no rule was banned: every consequence of the rules is in it. */
    SATURATED,
    /** The iteration limit was reached. */
    ITERATION_LIMIT,
    /** The e-graph grew beyond the node limit; the result is partial. */
    NODE_LIMIT,
    /** The time limit elapsed; the result is partial. */
    TIME_LIMIT,
    /** Proving a = b: both sides ended in the same e-class. */
    GOAL_REACHED
}
