package io.multisystem.ledger.scenario;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's {@code time.ParseDuration} format used by CrowdSec ("10s", "1m30s", "500ms", "1.5h"). */
final class GoDuration {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private GoDuration() {
    }

    /** Parses a duration; null if the text is not one. */
    static Duration parse(String text) {
        String s = text == null ? "" : text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (!WHOLE.matcher(s).matches()) {
            return null;
        }
        Matcher m = PART.matcher(s);
        double nanos = 0;
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            nanos += v * switch (m.group(2)) {
                case "ns" -> 1d;
                case "us", "µs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                default -> 3600e9;
            };
        }
        return Duration.ofNanos((long) nanos);
    }
}
