package io.multisystem.chaos.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.toxic.Latency;
import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The official Java client (eu.rekawek.toxiproxy:toxiproxy-java) drives this server unchanged. */
class ToxiproxyJavaClientCompatibilityTest {
    private static ToxiproxyServer server;
    private static LoopbackServer echo;
    private static ToxiproxyClient client;

    @BeforeAll
    static void start() {
        server = ToxiproxyServer.builder().apiPort(0).engineOptions(FaultProxyOptions.defaults().withIoThreads(1))
                .start();
        echo = LoopbackServer.echo();
        client = new ToxiproxyClient("127.0.0.1", server.apiPort());
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        echo.close();
    }

    @AfterEach
    void deleteAll() throws IOException {
        for (Proxy proxy : client.getProxies()) {
            proxy.delete();
        }
    }

    private static int port(Proxy proxy) {
        return Integer.parseInt(proxy.getListen().substring(proxy.getListen().lastIndexOf(':') + 1));
    }

    private static long roundTripMillis(Proxy proxy) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(proxy))) {
            socket.setSoTimeout(5000);
            long start = System.nanoTime();
            socket.getOutputStream().write('x');
            assertThat(socket.getInputStream().read()).isEqualTo('x');
            return (System.nanoTime() - start) / 1_000_000;
        }
    }

    @Test
    void createsListsAndFindsProxies() throws IOException {
        Proxy created = client.createProxy("db", "127.0.0.1:0", echo.address());
        assertThat(created.getName()).isEqualTo("db");
        assertThat(created.isEnabled()).isTrue();
        assertThat(port(created)).isPositive();
        assertThat(client.getProxies()).extracting(Proxy::getName).containsExactly("db");
        assertThat(client.getProxy("db").getUpstream()).isEqualTo(echo.address());
        assertThat(client.getProxyOrNull("missing")).isNull();
        assertThat(client.version()).contains("2.");
    }

    @Test
    void addsUpdatesAndRemovesToxics() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        // lower bounds are exact (a toxic never delivers early); upper bounds only separate the cases, so that a
        // loaded machine cannot fail the test
        Latency latency = proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 200);
        assertThat(roundTripMillis(proxy)).isBetween(180L, 2000L);

        latency.setLatency(600).setJitter(0);
        assertThat(proxy.toxics().get("slow", Latency.class).getLatency()).isEqualTo(600);
        assertThat(roundTripMillis(proxy)).isBetween(540L, 4000L);

        latency.setLatency(3000);
        latency.setToxicity(0f);
        assertThat(proxy.toxics().get("slow").getToxicity()).isZero();
        assertThat(roundTripMillis(proxy)).isLessThan(1500L);

        latency.remove();
        assertThat(proxy.toxics().getAll()).isEmpty();
    }

    @Test
    void everyClientToxicTypeRoundTrips() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        proxy.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
        proxy.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 0);
        proxy.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 10, 1);
        proxy.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1000);
        proxy.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 10);
        assertThat(proxy.toxics().getAll()).extracting(t -> t.getName())
                .containsExactly("bw", "rp", "sc", "to", "sl", "ld");
        assertThatThrownBy(() -> proxy.toxics().latency("bw", ToxicDirection.UPSTREAM, 1))
                .isInstanceOf(IOException.class);
    }

    @Test
    void disableRefusesConnectionsAndEnableRestoresThem() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.disable();
        assertThat(client.getProxy("db").isEnabled()).isFalse();
        assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port(proxy)).close())
                .isInstanceOf(ConnectException.class);
        proxy.enable();
        roundTripMillis(client.getProxy("db")); // relays again (asserts the echo)
    }

    @Test
    void resetRemovesToxicsAndEnablesProxies() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 3000);
        proxy.disable();
        client.reset();
        Proxy after = client.getProxy("db");
        assertThat(after.isEnabled()).isTrue();
        assertThat(after.toxics().getAll()).isEmpty();
        assertThat(roundTripMillis(after)).isLessThan(1500L);
    }

    @Test
    void deleteRemovesTheProxy() throws IOException {
        Proxy proxy = client.createProxy("db", "127.0.0.1:0", echo.address());
        proxy.delete();
        assertThat(client.getProxyOrNull("db")).isNull();
        assertThatThrownBy(() -> client.createProxy("db", "127.0.0.1:0", "127.0.0.1"))
                .isInstanceOf(IOException.class);
    }
}
