package io.multisystem.ledger.raft;

import io.multisystem.ledger.decision.LedgerErrors;

/**
 * A cluster member: its id, its Raft address ({@code host:port}) and the address of its gRPC API (for telling
 * clients where the leader is; may be empty).
 */
public record Peer(String id, String raftAddress, String apiAddress) {
    /** Parses {@code id=host:raftPort[@host:apiPort]}. */
    public static Peer parse(String spec) {
        int eq = spec == null ? -1 : spec.indexOf('=');
        if (eq <= 0) {
            throw LedgerErrors.invalid("INVALID_PEER", "peers",
                    "'" + spec + "' must look like n1=127.0.0.1:9202 or n1=127.0.0.1:9202@127.0.0.1:9102");
        }
        String id = spec.substring(0, eq).strip();
        String rest = spec.substring(eq + 1).strip();
        String api = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            api = rest.substring(at + 1);
            rest = rest.substring(0, at);
        }
        if (!id.matches("[A-Za-z0-9_-]{1,40}") || !rest.matches("[^:\\s]+:\\d{1,5}")) {
            throw LedgerErrors.invalid("INVALID_PEER", "peers",
                    "'" + spec + "' must look like n1=127.0.0.1:9202 or n1=127.0.0.1:9202@127.0.0.1:9102");
        }
        return new Peer(id, rest, api);
    }
}
