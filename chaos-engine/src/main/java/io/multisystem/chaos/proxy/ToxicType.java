package io.multisystem.chaos.proxy;

import java.util.List;
import java.util.Optional;

/**
 * The kinds of fault the proxy can inject, with their attributes in wire order. Every attribute is a non-negative
 * integer whose default is 0, as in Toxiproxy 2.x. Times are milliseconds unless the attribute says otherwise
 * (the slicer's {@code delay} is in microseconds, as in Toxiproxy).
 */
public enum ToxicType {
    /** Delays every chunk by {@code latency} ms, plus or minus up to {@code jitter} ms. */
    LATENCY("latency", List.of("latency", "jitter")),
    /** Limits the stream to {@code rate} KB/s (1 KB = 1024 bytes); 0 leaves it unlimited. */
    BANDWIDTH("bandwidth", List.of("rate")),
    /** Delays the close (FIN) of the stream by {@code delay} ms. */
    SLOW_CLOSE("slow_close", List.of("delay")),
    /** Drops all data and closes the connection after {@code timeout} ms; 0 holds the connection forever. */
    TIMEOUT("timeout", List.of("timeout")),
    /** On the first data, waits {@code timeout} ms and then resets the connection (TCP RST via SO_LINGER 0). */
    RESET_PEER("reset_peer", List.of("timeout")),
    /** Cuts every chunk into pieces of about {@code average_size} bytes, {@code delay} µs apart. */
    SLICER("slicer", List.of("average_size", "size_variation", "delay")),
    /** Lets {@code bytes} bytes through, then closes the connection. */
    LIMIT_DATA("limit_data", List.of("bytes")),
    /** Does nothing; useful to test the API. */
    NOOP("noop", List.of()),
    /** Extension: closes the connection {@code duration} ms after the toxic starts applying to it. */
    LIMIT_TIME("limit_time", List.of("duration")),
    /** Extension: caps the summed throughput of all connections of the proxy to {@code rate} KB/s; 0 = unlimited. */
    PROXY_BANDWIDTH("proxy_bandwidth", List.of("rate"));

    private final String wireName;
    private final List<String> attributeNames;

    ToxicType(String wireName, List<String> attributeNames) {
        this.wireName = wireName;
        this.attributeNames = attributeNames;
    }

    /** The name used on the wire and in default toxic names, e.g. {@code slow_close}. */
    public String wireName() {
        return wireName;
    }

    /** The attributes this type accepts, in the order the API prints them. */
    public List<String> attributeNames() {
        return attributeNames;
    }

    /**
     * Finds a type by its exact wire name (Toxiproxy matches case-sensitively).
     *
     * @return the type, or empty for null or an unknown name
     */
    public static Optional<ToxicType> fromWireName(String name) {
        for (ToxicType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
