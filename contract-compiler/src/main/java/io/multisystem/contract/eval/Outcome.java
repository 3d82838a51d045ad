package io.multisystem.contract.eval;

/** Codes a back end returns for one policy: satisfied, which scope part did not match, or the failing condition's index (≥ 0). */
public final class Outcome {
    public static final int SATISFIED = -1;
    public static final int PRINCIPAL_SCOPE = -2;
    public static final int ACTION_SCOPE = -3;
    public static final int RESOURCE_SCOPE = -4;

    private Outcome() {
    }

    public static String describe(int code) {
        switch (code) {
            case SATISFIED: return "satisfied";
            case PRINCIPAL_SCOPE: return "principal scope does not match";
            case ACTION_SCOPE: return "action scope does not match";
            case RESOURCE_SCOPE: return "resource scope does not match";
            default: return "condition " + (code + 1) + " is not met";
        }
    }
}
