package io.multisystem.parallel.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Test fixture: a random pair of port ranges on loopback for one test cluster, never Ignite's defaults (47500 for
 * discovery, 47100 for communication), which a service on the machine may hold. Every port of both ranges was free
 * when chosen (checked by binding it); the ranges lie below Linux's ephemeral port range (32768+), so outgoing
 * connections do not take them meanwhile.
 *
 * @param discoveryPort first of {@link #DISCOVERY_RANGE} + 1 discovery ports
 * @param communicationPort first of {@link #COMMUNICATION_PORTS} communication ports
 */
public record IgnitePorts(int discoveryPort, int communicationPort) {
    /** Discovery ports after the first that a node may bind. */
    public static final int DISCOVERY_RANGE = 9;
    /** Communication ports reserved for the nodes of one cluster (one port each). */
    public static final int COMMUNICATION_PORTS = 12;
    private static final int LOW = 20_000;
    private static final int HIGH = 32_000;

    /** Picks fresh free ranges; fails after 200 unlucky draws. */
    public static IgnitePorts random() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int span = DISCOVERY_RANGE + 1 + COMMUNICATION_PORTS;
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = random.nextInt(LOW, HIGH - span);
            if (allFree(base, span)) {
                return new IgnitePorts(base, base + DISCOVERY_RANGE + 1);
            }
        }
        throw new IllegalStateException("no free loopback port range of " + span + " ports between " + LOW + " and "
                + HIGH);
    }

    /** The static IP finder entry covering the discovery range, e.g. {@code 127.0.0.1:23000..23009}. */
    public String discoveryAddresses() {
        return "127.0.0.1:" + discoveryPort + ".." + (discoveryPort + DISCOVERY_RANGE);
    }

    /** Server-node settings for a node named {@code name} on these ranges. */
    public ClusterSettings settings(String name, java.nio.file.Path work) {
        return ClusterSettings.loopback(name)
                .withDiscovery(java.util.List.of(discoveryAddresses()), discoveryPort, DISCOVERY_RANGE)
                .withCommunicationPort(communicationPort)
                .withQuietLogging(true)
                .withWorkDirectory(work)
                .withJobThreads(2);
    }

    private static boolean allFree(int base, int count) {
        for (int port = base; port < base + count; port++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }
}
