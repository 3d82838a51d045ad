package io.multisystem.ledger.filter;

import java.time.Instant;
import java.util.Map;

/**
 * A failure a filter found: the offending host (address or name, or the failure id when the filter has no host),
 * the user when the filter captures one, the time from the line's date (null if the line had none), and all named
 * groups.
 */
public record FilterMatch(long lineNumber, String host, String user, Instant time, Map<String, String> groups) {
}
