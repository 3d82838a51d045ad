package io.multisystem.ledger.decision;

import io.multisystem.core.error.FieldViolation;
import io.multisystem.core.error.InvalidInputException;

import java.util.List;
import java.util.Map;

/** Error codes and helpers of the autoblocker-ledger domain. */
public final class LedgerErrors {
    public static final String COMPONENT = "autoblocker-ledger";
    public static final String INVALID_ADDRESS = "INVALID_ADDRESS";
    public static final String INVALID_DECISION = "INVALID_DECISION";
    public static final String ALLOWLISTED = "ALLOWLISTED";
    public static final String DECISION_NOT_FOUND = "DECISION_NOT_FOUND";
    public static final String LEDGER_CORRUPT = "LEDGER_CORRUPT";
    public static final String NOT_LEADER = "NOT_LEADER";
    public static final String CLUSTER_UNAVAILABLE = "CLUSTER_UNAVAILABLE";
    public static final String RATE_LIMITED = "RATE_LIMITED";
    public static final String EVENT_TIME_OUT_OF_RANGE = "EVENT_TIME_OUT_OF_RANGE";
    public static final String INVALID_EVENT = "INVALID_EVENT";
    public static final String SCENARIO_INVALID = "SCENARIO_INVALID";

    private LedgerErrors() {
    }

    public static InvalidInputException invalid(String code, String field, String problem) {
        return new InvalidInputException(COMPONENT, code, "invalid " + field + ": " + problem,
                List.of(new FieldViolation(field, problem)), Map.of("field", field), null);
    }
}
