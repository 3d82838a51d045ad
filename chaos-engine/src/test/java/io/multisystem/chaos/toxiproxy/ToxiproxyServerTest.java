package io.multisystem.chaos.toxiproxy;

import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.LoopbackServer;
import io.multisystem.chaos.proxy.NewToxic;
import io.multisystem.chaos.proxy.ProxySpec;
import io.multisystem.chaos.proxy.ProxyView;
import io.multisystem.chaos.proxy.StreamDirection;
import io.multisystem.chaos.proxy.ToxicType;
import io.multisystem.core.error.PlatformException;
import io.multisystem.chaos.proxy.ProxyErrors;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToxiproxyServerTest {

    private static int port(String listen) {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    @Test
    void closeStopsTheApiClosesListenersAndConnectionsAndRemovesToxics() throws IOException {
        try (LoopbackServer echo = LoopbackServer.echo()) {
            ToxiproxyServer server = ToxiproxyServer.builder().apiPort(0)
                    .engineOptions(FaultProxyOptions.defaults().withIoThreads(1)).start();
            ProxyView proxy = server.proxies().createProxy(new ProxySpec("db", null, echo.address(), true));
            server.proxies().addToxic("db", NewToxic.of(ToxicType.TIMEOUT, StreamDirection.DOWNSTREAM, Map.of()));
            int apiPort = server.apiPort();
            try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port(proxy.listen()))) {
                open.setSoTimeout(5000);
                server.close();
                assertThat(open.getInputStream().read()).isEqualTo(-1);
            }
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port(proxy.listen())).close())
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), apiPort).close())
                    .isInstanceOf(ConnectException.class);
            assertThatThrownBy(() -> server.proxies().listProxies())
                    .isInstanceOfSatisfying(PlatformException.class,
                            e -> assertThat(e.code()).isEqualTo(ProxyErrors.ENGINE_CLOSED));
            server.close();
        }
    }

    @Test
    void aTakenApiPortIsReportedAsListenFailed() throws IOException {
        try (ToxiproxyServer first = ToxiproxyServer.builder().apiPort(0).start()) {
            assertThatThrownBy(() -> ToxiproxyServer.builder().apiPort(first.apiPort()).start())
                    .isInstanceOfSatisfying(PlatformException.class,
                            e -> assertThat(e.code()).isEqualTo(ProxyErrors.LISTEN_FAILED));
        }
    }

    @Test
    void defaultsToToxiproxysPortOnLoopback() {
        assertThat(ToxiproxyServer.DEFAULT_API_PORT).isEqualTo(8474);
    }
}
