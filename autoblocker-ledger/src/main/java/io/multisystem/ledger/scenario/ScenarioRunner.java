package io.multisystem.ledger.scenario;

import io.multisystem.ledger.decision.IpRange;
import io.multisystem.ledger.detect.Event;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs CrowdSec scenarios over a stream of events, on event time: each scenario keeps one bucket per
 * {@code groupby} key, and {@link #pour} returns the buckets that overflowed.
 *
 * <p>Design, following CrowdSec's bucket semantics:
 * <ul>
 *   <li><b>leaky</b>: the bucket drains one event per {@code leakspeed} (continuously, like CrowdSec's token
 *       limiter); an event that finds it holding {@code capacity} events makes it overflow (so capacity 5 overflows on
 *       the 6th event in a burst). The queue keeps the events still "in" the bucket (the oldest leak out first).</li>
 *   <li><b>trigger</b>: every event that passes the filter overflows.</li>
 *   <li><b>counter</b>: counts events for {@code duration} from the first one; it overflows once, when an event at or
 *       after the end of the window arrives or when {@link #flush} is called with a time past it.</li>
 *   <li><b>conditional</b>: a leaky queue (capacity unlimited) whose {@code condition} is evaluated over
 *       {@code queue.Queue} after each event; true overflows.</li>
 *   <li>{@code distinct}: an event whose distinct value is already among the events in the bucket is dropped.</li>
 *   <li>{@code blackhole}: after an overflow the same key ignores events for that long; the bucket restarts empty.</li>
 * </ul>
 * Expressions see {@code evt} with {@code Meta} (labels plus {@code source_ip}, {@code log_type} = event kind,
 * {@code domain}), {@code Parsed} (labels), {@code Line.Raw} (label {@code raw}), {@code Time}; an evaluation error
 * (e.g. a bad regex) skips that event for that scenario and is counted in {@link #evaluationErrors()}. Only event
 * times are used, so replaying the same events gives the same overflows. Not thread-safe (one runner per stream).
 */
public final class ScenarioRunner {
    private static final int MAX_QUEUE = 1000;

    /** A bucket that overflowed: what CrowdSec would turn into an alert (and, with remediation, a decision). */
    public record Overflow(String scenario, Scenario.BucketType type, String key, Instant time, int count,
                           List<Event> events, String scopeType, String scopeValue, boolean remediation) {
        /** SHA-256 hashes of the events in the bucket (the evidence a decision cites). */
        public List<String> evidence() {
            return events.stream().map(Event::hash).toList();
        }
    }

    private static final class Bucket {
        double level;
        long last;
        long blackholedUntil = Long.MIN_VALUE;
        long windowStart = Long.MIN_VALUE;
        int count;
        final ArrayDeque<Event> queue = new ArrayDeque<>();
        final ArrayDeque<String> distinctValues = new ArrayDeque<>();
    }

    private final List<Scenario> scenarios;
    private final List<Map<String, Bucket>> buckets = new ArrayList<>();
    private long evaluationErrors;
    private String lastError;

    public ScenarioRunner(List<Scenario> scenarios) {
        this.scenarios = List.copyOf(scenarios);
        for (int i = 0; i < this.scenarios.size(); i++) {
            buckets.add(new HashMap<>());
        }
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    public long evaluationErrors() {
        return evaluationErrors;
    }

    /** The message of the last evaluation error, or null. */
    public String lastError() {
        return lastError;
    }

    /** The {@code evt} variable of an event, as scenario expressions see it (a read-only view, built lazily). */
    public static Map<String, Object> eventView(Event e) {
        return new EventView(e);
    }

    /**
     * {@code evt}: field lookups are answered directly from the event (no map is built per event, which dominated
     * the cost of detection); iteration (e.g. {@code len(evt.Meta)}) materialises the full map once.
     */
    private static final class EventView extends java.util.AbstractMap<String, Object> {
        private final Event e;
        private Map<String, Object> full;

        EventView(Event e) {
            this.e = e;
        }

        @Override
        public Object get(Object key) {
            if (!(key instanceof String k)) {
                return null;
            }
            return switch (k) {
                case "Meta" -> new MetaView(e);
                case "Parsed" -> e.labels();
                case "Line" -> Map.of("Raw", e.labels().getOrDefault("raw", ""), "Labels", Map.of("type", e.kind()));
                case "Time", "StrTime" -> e.time().toString();
                case "Type" -> "log";
                default -> null;
            };
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            if (full == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (String k : new String[] {"Meta", "Parsed", "Line", "Time", "StrTime", "Type"}) {
                    m.put(k, get(k));
                }
                full = m;
            }
            return full.entrySet();
        }
    }

    /** {@code evt.Meta}: the labels plus source_ip, log_type (the event kind) and domain (labels win). */
    private static final class MetaView extends java.util.AbstractMap<String, Object> {
        private final Event e;
        private Map<String, Object> full;

        MetaView(Event e) {
            this.e = e;
        }

        @Override
        public Object get(Object key) {
            String v = e.labels().get(key);
            if (v != null) {
                return v;
            }
            if ("source_ip".equals(key)) {
                return e.source();
            }
            if ("log_type".equals(key)) {
                return e.kind();
            }
            if ("domain".equals(key)) {
                return e.domain();
            }
            return null;
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public java.util.Set<Entry<String, Object>> entrySet() {
            if (full == null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("source_ip", e.source());
                m.put("log_type", e.kind());
                m.put("domain", e.domain());
                m.putAll(e.labels());
                full = m;
            }
            return full.entrySet();
        }
    }

    /** Pours one event into every scenario whose filter accepts it; returns the overflows it caused. */
    public List<Overflow> pour(Event e) {
        List<Overflow> out = null;
        Map<String, Object> vars = null;
        long t = e.time().toEpochMilli();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            if (vars == null) {
                vars = Map.of("evt", eventView(e));
            }
            Overflow o;
            try {
                o = pour(s, buckets.get(i), e, t, vars);
            } catch (Expr.EvalException | ClassCastException ex) {
                evaluationErrors++;
                lastError = s.name() + ": " + ex.getMessage();
                continue;
            }
            if (o != null) {
                if (out == null) {
                    out = new ArrayList<>(2);
                }
                out.add(o);
            }
        }
        return out == null ? List.of() : out;
    }

    private Overflow pour(Scenario s, Map<String, Bucket> map, Event e, long t, Map<String, Object> vars) {
        if (s.type() == Scenario.BucketType.COUNTER) {
            // a window that ended before this event closes first, even if the event is filtered out
            Overflow closed = null;
            if (s.filter().test(vars)) {
                String key = s.groupBy() == null ? "" : s.groupBy().string(vars);
                Bucket b = map.get(key);
                if (b != null && b.windowStart != Long.MIN_VALUE && t >= b.windowStart + s.duration().toMillis()) {
                    closed = counterOverflow(s, key, b);
                    map.remove(key);
                    b = null;
                }
                if (b == null) {
                    b = new Bucket();
                    map.put(key, b);
                }
                if (b.windowStart == Long.MIN_VALUE) {
                    b.windowStart = t;
                }
                b.count++;
                if (b.queue.size() < MAX_QUEUE) {
                    b.queue.add(e);
                }
            }
            return closed;
        }
        if (!s.filter().test(vars)) {
            return null;
        }
        String key = s.groupBy() == null ? "" : s.groupBy().string(vars);
        Bucket b = map.get(key);
        if (b == null) {
            b = new Bucket();
            b.last = t;
            map.put(key, b);
        }
        if (t < b.blackholedUntil) {
            return null;
        }
        if (s.type() == Scenario.BucketType.TRIGGER) {
            b.blackholedUntil = s.blackhole().isZero() ? Long.MIN_VALUE : t + s.blackhole().toMillis();
            return overflow(s, key, e.time(), 1, List.of(e), vars);
        }
        long leak = s.leakSpeed().toMillis();
        if (t > b.last) {
            b.level = Math.max(0, b.level - (double) (t - b.last) / Math.max(1, leak));
            b.last = t;
            int keep = (int) Math.ceil(b.level);
            while (b.queue.size() > keep) {
                b.queue.removeFirst();
                if (!b.distinctValues.isEmpty()) {
                    b.distinctValues.removeFirst();
                }
            }
        }
        if (s.distinct() != null) {
            String d = s.distinct().string(vars);
            if (b.distinctValues.contains(d)) {
                return null;
            }
            b.distinctValues.addLast(d);
        }
        b.level += 1;
        b.queue.addLast(e);
        if (b.queue.size() > MAX_QUEUE) {
            b.queue.removeFirst();
            if (!b.distinctValues.isEmpty()) {
                b.distinctValues.removeFirst();
            }
        }
        boolean overflow;
        if (s.type() == Scenario.BucketType.CONDITIONAL) {
            List<Object> q = new ArrayList<>(b.queue.size());
            for (Event x : b.queue) {
                q.add(eventView(x));
            }
            overflow = s.condition().test(Map.of("evt", vars.get("evt"), "queue", Map.of("Queue", q, "Len",
                    (double) q.size())));
        } else {
            overflow = b.level > s.capacity();
        }
        if (!overflow) {
            return null;
        }
        List<Event> events = List.copyOf(b.queue);
        b.level = 0;
        b.queue.clear();
        b.distinctValues.clear();
        b.blackholedUntil = s.blackhole().isZero() ? Long.MIN_VALUE : t + s.blackhole().toMillis();
        return overflow(s, key, e.time(), events.size(), events, vars);
    }

    /** Closes every counter window that ended at or before {@code until} (null: all of them, e.g. at end of a replay). */
    public List<Overflow> flush(Instant until) {
        List<Overflow> out = new ArrayList<>();
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            if (s.type() != Scenario.BucketType.COUNTER) {
                continue;
            }
            var it = buckets.get(i).entrySet().iterator();
            while (it.hasNext()) {
                var en = it.next();
                Bucket b = en.getValue();
                if (until == null || until.toEpochMilli() >= b.windowStart + s.duration().toMillis()) {
                    out.add(counterOverflow(s, en.getKey(), b));
                    it.remove();
                }
            }
        }
        return out;
    }

    private Overflow counterOverflow(Scenario s, String key, Bucket b) {
        Instant end = Instant.ofEpochMilli(b.windowStart + s.duration().toMillis());
        List<Event> events = List.copyOf(b.queue);
        Event last = events.get(events.size() - 1);
        return overflow(s, key, end, b.count, events, Map.of("evt", eventView(last)));
    }

    private Overflow overflow(Scenario s, String key, Instant time, int count, List<Event> events,
                              Map<String, Object> vars) {
        Event last = events.get(events.size() - 1);
        String value;
        if (s.scopeExpr() != null) {
            value = s.scopeExpr().string(vars);
        } else if (!key.isEmpty() && IpRange.isValid(key) && !key.contains("/")) {
            value = key;
        } else {
            value = last.source();
        }
        return new Overflow(s.name(), s.type(), key, time, count, events, s.scopeType(), value, s.remediation());
    }

    /** Number of live buckets (all scenarios). */
    public int bucketCount() {
        int n = 0;
        for (Map<String, Bucket> m : buckets) {
            n += m.size();
        }
        return n;
    }
}
