package io.multisystem.contract.analysis;

import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The questions {@link PolicyAnalyzer} answers and the shape of its answers. */
public final class Analysis {
    private Analysis() {
    }

    /** A check. Those with {@code needsOther} compare the policy set with a second one. */
    public enum Check {
        ALWAYS_ALLOWS("always-allows", false, "every request is allowed"),
        ALWAYS_DENIES("always-denies", false, "every request is denied"),
        SATISFIABLE("satisfiable", false, "some request is allowed (example given)"),
        NEVER_ERRORS("never-errors", false, "no policy errors on any request"),
        DEAD_RULES("dead-rules", false, "every policy can apply to some request"),
        CONFLICTS("conflicts", false, "no request satisfies both a permit and a forbid"),
        REDUNDANCY("redundancy", false, "no policy is shadowed or redundant"),
        EQUIVALENT("equivalent", true, "both sets decide every request the same"),
        IMPLIES("implies", true, "the set allows nothing the other denies (at most as permissive)"),
        SUBSUMES("subsumes", true, "the set allows everything the other allows (at least as permissive)"),
        DISJOINT("disjoint", true, "no request is allowed by both sets");

        public final String cliName;
        public final boolean needsOther;
        public final String claim;

        Check(String cliName, boolean needsOther, String claim) {
            this.cliName = cliName;
            this.needsOther = needsOther;
            this.claim = claim;
        }

        /** @throws InvalidInputException naming the valid checks when {@code name} is not one */
        public static Check parse(String name) {
            String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Check c : values()) {
                if (c.cliName.equals(n)) {
                    return c;
                }
            }
            throw new InvalidInputException("contract-compiler", "UNKNOWN_CHECK", "unknown analysis check `" + name
                    + "`; use one of " + Arrays.stream(values()).map(c -> c.cliName).collect(Collectors.joining(", ")) + " or all");
        }
    }

    public enum Verdict { HOLDS, VIOLATED, UNKNOWN }

    /**
     * A concrete request and entity store (as Cedar JSON) with the decisions the interpreter gives on them;
     * {@code confirmed} is true when those decisions show what the check claims.
     */
    public record Example(Request request, String contextJson, String entitiesJson, Response decision,
            Response otherDecision, boolean confirmed) {
    }

    /** A per-policy finding: dead, conflict (with a witness), shadowed, redundant. */
    public record Finding(String kind, String policyId, String otherPolicyId, String detail, Example witness) {
    }

    public record Result(Check check, Verdict verdict, String message, Example example, List<Finding> findings) {
    }

    /** All results; {@code approximations} lists constructs encoded as unconstrained terms (proofs stay sound). */
    public record Report(List<Result> results, List<String> approximations, long solverMillis) {
        public boolean allHold() {
            return results.stream().allMatch(r -> r.verdict() == Verdict.HOLDS);
        }
    }
}
