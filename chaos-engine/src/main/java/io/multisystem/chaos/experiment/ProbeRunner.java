package io.multisystem.chaos.experiment;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs probes and providers that observe or act without injecting a fault (http, tcp, prometheus, grpc-health, process, command). */
final class ProbeRunner {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_CAPTURE = 64 * 1024;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Clock clock;
    private final ProcessTable processes;
    private final GrpcHealthChecker grpcHealth;
    private final Pauser pauser;

    /** Waits for a duration unless the run is aborted; returns false when aborted. */
    interface Pauser {
        boolean pause(Duration duration) throws InterruptedException;
    }

    ProbeRunner(Clock clock, ProcessTable processes, GrpcHealthChecker grpcHealth, Pauser pauser) {
        this.clock = clock;
        this.processes = processes;
        this.grpcHealth = grpcHealth;
        this.pauser = pauser;
    }

    /** The provider's output. Throws with a clear message if it cannot be measured. */
    JsonNode run(Provider provider) throws Exception {
        if (provider instanceof Provider.Http h) {
            HttpRequest.Builder request = HttpRequest.newBuilder(h.url()).timeout(h.timeout())
                    .method(h.method(), h.body() == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(h.body()));
            h.headers().forEach(request::header);
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ObjectNode out = JSON.createObjectNode();
            out.put("status", response.statusCode());
            String body = response.body();
            out.put("body", body.length() > MAX_CAPTURE ? body.substring(0, MAX_CAPTURE) : body);
            return out;
        }
        if (provider instanceof Provider.Tcp t) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(t.host(), t.port()), (int) t.timeout().toMillis());
                return JSON.getNodeFactory().booleanNode(true);
            } catch (IOException e) {
                return JSON.getNodeFactory().booleanNode(false);
            }
        }
        if (provider instanceof Provider.Prometheus p) {
            double first = scrape(p);
            if (!p.rate()) {
                return JSON.getNodeFactory().numberNode(first);
            }
            Instant start = clock.instant();
            if (!pauser.pause(p.interval())) {
                throw new IllegalStateException("aborted between the two scrapes of a rate");
            }
            double second = scrape(p);
            double seconds = Math.max(1e-3, Duration.between(start, clock.instant()).toNanos() / 1e9);
            double increase = second >= first ? second - first : second; // a counter reset starts again from 0
            return JSON.getNodeFactory().numberNode(increase / seconds);
        }
        if (provider instanceof Provider.GrpcHealth g) {
            return JSON.getNodeFactory().stringNode(grpcHealth.check(g.target(), g.service(), g.timeout()));
        }
        if (provider instanceof Provider.ProcessCount c) {
            long count = processes.list().stream()
                    .filter(p -> c.selector().matches(String.valueOf(p.pid()), p.name(), p.commandLine())).count();
            return JSON.getNodeFactory().numberNode(count);
        }
        if (provider instanceof Provider.Command c) {
            return command(c);
        }
        throw new IllegalArgumentException(provider.type() + " is not a probe");
    }

    private double scrape(Provider.Prometheus p) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(p.url()).timeout(p.timeout())
                .header("Accept", "text/plain;version=0.0.4").GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(p.url() + " answered HTTP " + response.statusCode());
        }
        OptionalDouble value = PrometheusText.sum(response.body(), p.metric(), p.labels());
        if (value.isEmpty()) {
            throw new IOException("no sample of " + p.metric() + (p.labels().isEmpty() ? "" : " with " + p.labels())
                    + " at " + p.url());
        }
        return value.getAsDouble();
    }

    static JsonNode command(Provider.Command c) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(c.argv()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> capture(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> capture(process.getErrorStream()));
        if (!process.waitFor(c.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new IOException("command " + c.argv() + " did not finish within " + Durations.format(c.timeout()));
        }
        ObjectNode result = JSON.createObjectNode();
        result.put("exit_code", process.exitValue());
        result.put("stdout", out.join());
        result.put("stderr", err.join());
        return result;
    }

    private static String capture(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() < MAX_CAPTURE) {
                    buffer.write(chunk, 0, Math.min(n, MAX_CAPTURE - buffer.size()));
                }
            }
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
