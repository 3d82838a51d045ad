package io.multisystem.learner.data;

/** Stable error codes of the data layer. */
public final class DataErrors {
    public static final String COMPONENT = "auto-learner.data";
    public static final String SHAPE_MISMATCH = "SHAPE_MISMATCH";
    public static final String LABEL_OUT_OF_RANGE = "LABEL_OUT_OF_RANGE";
    public static final String DATA_MISSING = "DATA_MISSING";
    public static final String MALFORMED_DATA = "MALFORMED_DATA";
    public static final String UNKNOWN_DATASET = "UNKNOWN_DATASET";
    /** The command that fetches every data set this module reads. */
    public static final String FETCH_COMMAND = "scripts/fetch-datasets.sh auto-learner";

    private DataErrors() {
    }
}
