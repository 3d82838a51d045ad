package io.multisystem.chaos.toxiproxy;

import io.multisystem.chaos.proxy.FaultProxyOptions;
import io.multisystem.chaos.proxy.LoopbackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint of Toxiproxy's HTTP API: status codes, JSON shapes, defaults and error bodies. */
class ToxiproxyApiContractTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static ToxiproxyServer server;
    private static LoopbackServer echo;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Response(int status, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }
    }

    @BeforeAll
    static void start() {
        server = ToxiproxyServer.builder().apiPort(0).engineOptions(FaultProxyOptions.defaults().withIoThreads(1))
                .start();
        echo = LoopbackServer.echo();
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        echo.close();
    }

    @AfterEach
    void removeProxies() throws Exception {
        Iterator<String> names = call("GET", "/proxies", null).json().propertyNames().iterator();
        while (names.hasNext()) {
            call("DELETE", "/proxies/" + names.next(), null);
        }
    }

    private static Response call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.apiUrl() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.body());
    }

    private static Response createProxy(String name) throws Exception {
        return call("POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\""
                + echo.address() + "\"}");
    }

    private static void assertError(Response response, int status, String message) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().get("status").intValue()).isEqualTo(status);
        assertThat(response.json().get("error").stringValue()).isEqualTo(message);
    }

    @Test
    void createProxyAnswers201WithTheProxyAndTheBoundPort() throws Exception {
        Response response = createProxy("db");
        assertThat(response.status()).isEqualTo(201);
        JsonNode proxy = response.json();
        assertThat(proxy.get("name").stringValue()).isEqualTo("db");
        assertThat(proxy.get("listen").stringValue()).startsWith("127.0.0.1:").doesNotEndWith(":0");
        assertThat(proxy.get("upstream").stringValue()).isEqualTo(echo.address());
        assertThat(proxy.get("enabled").booleanValue()).isTrue();
        assertThat(proxy.get("toxics").isArray()).isTrue();
        assertThat(proxy.propertyNames()).containsExactly("name", "listen", "upstream", "enabled", "toxics");
    }

    @Test
    void createProxyTwiceAnswers409() throws Exception {
        createProxy("db");
        assertError(createProxy("db"), 409, "proxy already exists");
    }

    @Test
    void createProxyWithoutNameOrUpstreamAnswers400MissingField() throws Exception {
        assertError(call("POST", "/proxies", "{\"upstream\":\"127.0.0.1:1\"}"), 400, "missing required field: name");
        assertError(call("POST", "/proxies", "{\"name\":\"x\"}"), 400, "missing required field: upstream");
    }

    @Test
    void malformedJsonAnswers400BadRequestBody() throws Exception {
        Response response = call("POST", "/proxies", "{not json");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").stringValue()).startsWith("bad request body");
    }

    @Test
    void createProxyOnATakenPortAnswers500WithTheListenError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + taken.getLocalPort();
            Response response = call("POST", "/proxies", "{\"name\":\"clash\",\"listen\":\"" + address
                    + "\",\"upstream\":\"" + echo.address() + "\"}");
            assertError(response, 500, "listen tcp " + address + ": bind: address already in use");
        }
        assertThat(call("GET", "/proxies/clash", null).status()).isEqualTo(404);
    }

    @Test
    void listProxiesIsAnObjectKeyedByName() throws Exception {
        createProxy("a");
        createProxy("b");
        Response response = call("GET", "/proxies", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().propertyNames()).containsExactly("a", "b");
        assertThat(response.json().get("a").get("name").stringValue()).isEqualTo("a");
    }

    @Test
    void getUnknownProxyAnswers404() throws Exception {
        assertError(call("GET", "/proxies/nope", null), 404, "proxy not found");
        assertError(call("DELETE", "/proxies/nope", null), 404, "proxy not found");
        assertError(call("GET", "/proxies/nope/toxics", null), 404, "proxy not found");
    }

    @Test
    void updateProxyByPostOrPatchAnswers200AndDisableKeepsTheListenAddress() throws Exception {
        String listen = createProxy("db").json().get("listen").stringValue();
        Response disabled = call("POST", "/proxies/db", "{\"enabled\":false}");
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").booleanValue()).isFalse();
        assertThat(disabled.json().get("listen").stringValue()).isEqualTo(listen);
        Response enabled = call("PATCH", "/proxies/db", "{\"enabled\":true}");
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.json().get("enabled").booleanValue()).isTrue();
    }

    @Test
    void deleteProxyAnswers204() throws Exception {
        createProxy("db");
        Response response = call("DELETE", "/proxies/db", null);
        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        assertThat(call("GET", "/proxies/db", null).status()).isEqualTo(404);
    }

    @Test
    void populateAnswers201WithTheProxiesAndKeepsUnchangedOnes() throws Exception {
        String body = "[{\"name\":\"one\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"},"
                + "{\"name\":\"two\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"" + echo.address() + "\"}]";
        Response response = call("POST", "/populate", body);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("proxies")).hasSize(2);
        String listen = response.json().get("proxies").get(0).get("listen").stringValue();
        Response again = call("POST", "/populate", body);
        assertThat(again.json().get("proxies").get(0).get("listen").stringValue()).isEqualTo(listen);
    }

    @Test
    void populateWithAnInvalidProxyCreatesNothing() throws Exception {
        Response response = call("POST", "/populate", "[{\"name\":\"ok\",\"upstream\":\"" + echo.address()
                + "\"},{\"name\":\"bad\"}]");
        assertError(response, 400, "missing required field: upstream");
        assertThat(call("GET", "/proxies", null).json().size()).isZero();
    }

    @Test
    void createToxicAppliesToxiproxyDefaults() throws Exception {
        createProxy("db");
        Response response = call("POST", "/proxies/db/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latency\":100}}");
        assertThat(response.status()).isEqualTo(200);
        JsonNode toxic = response.json();
        assertThat(toxic.get("name").stringValue()).isEqualTo("latency_downstream");
        assertThat(toxic.get("stream").stringValue()).isEqualTo("downstream");
        assertThat(toxic.get("toxicity").doubleValue()).isEqualTo(1.0);
        assertThat(toxic.get("type").stringValue()).isEqualTo("latency");
        assertThat(toxic.get("attributes").get("latency").longValue()).isEqualTo(100);
        assertThat(toxic.get("attributes").get("jitter").longValue()).isZero();
        assertThat(toxic.propertyNames()).containsExactly("attributes", "name", "type", "stream", "toxicity");
    }

    @Test
    void everyToxicTypeIsAccepted() throws Exception {
        createProxy("db");
        String[] types = {"latency", "bandwidth", "slow_close", "timeout", "reset_peer", "slicer", "limit_data",
                "noop", "limit_time", "proxy_bandwidth"};
        for (String type : types) {
            assertThat(call("POST", "/proxies/db/toxics", "{\"type\":\"" + type + "\"}").status())
                    .as(type).isEqualTo(200);
        }
        assertThat(call("GET", "/proxies/db/toxics", null).json()).hasSize(types.length);
    }

    @Test
    void toxicErrorsUseToxiproxyStatusesAndMessages() throws Exception {
        createProxy("db");
        assertError(call("POST", "/proxies/db/toxics", "{\"type\":\"lightning\"}"), 400, "invalid toxic type");
        assertError(call("POST", "/proxies/db/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400,
                "stream was invalid, can be either upstream or downstream");
        Response unknownAttribute = call("POST", "/proxies/db/toxics",
                "{\"type\":\"latency\",\"attributes\":{\"latncy\":5}}");
        assertThat(unknownAttribute.status()).isEqualTo(400);
        assertThat(unknownAttribute.json().get("error").stringValue()).startsWith("bad request body").contains("latncy");
        Response wrongType = call("POST", "/proxies/db/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":\"5\"}}");
        assertThat(wrongType.status()).isEqualTo(400);
        call("POST", "/proxies/db/toxics", "{\"type\":\"noop\"}");
        assertError(call("POST", "/proxies/db/toxics", "{\"type\":\"noop\"}"), 409, "toxic already exists");
        assertError(call("GET", "/proxies/db/toxics/ghost", null), 404, "toxic not found");
        assertError(call("DELETE", "/proxies/db/toxics/ghost", null), 404, "toxic not found");
        assertThat(call("GET", "/proxies/db/toxics", null).json()).hasSize(1);
    }

    @Test
    void updateToxicMergesAttributesAndToxicity() throws Exception {
        createProxy("db");
        call("POST", "/proxies/db/toxics", "{\"name\":\"slow\",\"type\":\"latency\",\"stream\":\"upstream\","
                + "\"attributes\":{\"latency\":100,\"jitter\":10}}");
        Response response = call("POST", "/proxies/db/toxics/slow", "{\"attributes\":{\"latency\":250},"
                + "\"toxicity\":0.5}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("attributes").get("latency").longValue()).isEqualTo(250);
        assertThat(response.json().get("attributes").get("jitter").longValue()).isEqualTo(10);
        assertThat(response.json().get("toxicity").doubleValue()).isEqualTo(0.5);
        assertThat(call("PATCH", "/proxies/db/toxics/slow", "{\"toxicity\":0}").json().get("toxicity").doubleValue())
                .isZero();
        assertThat(call("GET", "/proxies/db/toxics/slow", null).json().get("stream").stringValue())
                .isEqualTo("upstream");
    }

    @Test
    void deleteToxicAnswers204() throws Exception {
        createProxy("db");
        call("POST", "/proxies/db/toxics", "{\"type\":\"noop\"}");
        assertThat(call("DELETE", "/proxies/db/toxics/noop_downstream", null).status()).isEqualTo(204);
        assertThat(call("GET", "/proxies/db/toxics", null).json()).isEmpty();
    }

    @Test
    void proxyShowsUpstreamToxicsFirst() throws Exception {
        createProxy("db");
        call("POST", "/proxies/db/toxics", "{\"type\":\"noop\",\"stream\":\"downstream\"}");
        call("POST", "/proxies/db/toxics", "{\"type\":\"noop\",\"stream\":\"upstream\"}");
        JsonNode toxics = call("GET", "/proxies/db", null).json().get("toxics");
        assertThat(toxics.get(0).get("name").stringValue()).isEqualTo("noop_upstream");
        assertThat(toxics.get(1).get("name").stringValue()).isEqualTo("noop_downstream");
    }

    @Test
    void extensionFieldsRoundTrip() throws Exception {
        createProxy("db");
        Response response = call("POST", "/proxies/db/toxics", "{\"type\":\"noop\",\"sources\":[\"127.0.0.1\"],"
                + "\"expires_in\":60000}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("sources").get(0).stringValue()).isEqualTo("127.0.0.1/32");
        assertThat(response.json().get("expires_at").stringValue()).endsWith("Z");
        assertThat(call("POST", "/proxies/db/toxics", "{\"type\":\"latency\",\"sources\":[\"db.example\"]}")
                .status()).isEqualTo(400);
        assertThat(call("POST", "/proxies/db/toxics", "{\"type\":\"latency\",\"toxicity\":1.5}").status())
                .isEqualTo(400);
    }

    @Test
    void resetAnswers204AndRemovesToxicsAndEnablesProxies() throws Exception {
        createProxy("db");
        call("POST", "/proxies/db/toxics", "{\"type\":\"noop\"}");
        call("POST", "/proxies/db", "{\"enabled\":false}");
        Response response = call("POST", "/reset", null);
        assertThat(response.status()).isEqualTo(204);
        JsonNode proxy = call("GET", "/proxies/db", null).json();
        assertThat(proxy.get("enabled").booleanValue()).isTrue();
        assertThat(proxy.get("toxics")).isEmpty();
    }

    @Test
    void versionIsJson() throws Exception {
        Response response = call("GET", "/version", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("version").stringValue()).startsWith("2.");
    }

    @Test
    void metricsUseToxiproxyNames() throws Exception {
        createProxy("db");
        Response response = call("GET", "/metrics", null);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("toxiproxy_proxy_received_bytes_total{direction=\"upstream\"")
                .contains("toxiproxy_proxy_sent_bytes_total{direction=\"downstream\"").contains("proxy=\"db\"");
    }

    @Test
    void unknownPathsAnswer404AndWrongMethods405() throws Exception {
        assertThat(call("GET", "/nothing", null).status()).isEqualTo(404);
        assertThat(call("DELETE", "/proxies", null).status()).isEqualTo(405);
        assertThat(call("GET", "/reset", null).status()).isEqualTo(405);
    }
}
