package io.multisystem.pipeline.io;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class StreamingSourcesTest {
    static final Schema SCHEMA = Schema.of(List.of(new Schema.Field("id", FieldType.LONG),
            new Schema.Field("name", FieldType.STRING)));
    static final Duration POLL = Duration.ofMillis(20);

    private static List<Row> drain(Source source) {
        List<Row> rows = new ArrayList<>();
        try (Source.RowIterator it = source.open()) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        }
        return rows;
    }

    private static List<Object> ids(List<Row> rows) {
        return rows.stream().map(r -> r.get("id")).toList();
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void tailFollowsAppendedLinesIncludingALineWrittenInTwoPieces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        append(file, "{\"id\": 1, \"name\": \"a\"}\n\n{\"id\": 2, \"name\": \"b\"}\n");
        Source source = StreamingSources.tailFile(file, SCHEMA, "jsonl", POLL,
                new StreamingSources.Stop(Duration.ofSeconds(20), 4));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> appended = writer.submit(() -> {
                Thread.sleep(100);
                append(file, "{\"id\": 3, \"na");
                Thread.sleep(100);
                append(file, "me\": \"c\"}\n{\"id\": 4, \"name\": \"d\"}\n{\"id\": 5, \"name\": \"e\"}\n");
                return null;
            });
            List<Row> rows = drain(source);
            appended.get(30, TimeUnit.SECONDS);
            assertThat(ids(rows)).containsExactly(1L, 2L, 3L, 4L); // maxRecords = 4 stops before the fifth
            assertThat(rows.get(2).get("name")).isEqualTo("c");
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void tailCsvSurvivesRotationAndWaitsForAMissingFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.csv");
        Source source = StreamingSources.tailFile(file, SCHEMA, "csv", POLL,
                new StreamingSources.Stop(Duration.ofSeconds(20), 4));
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            Future<?> written = writer.submit(() -> {
                Thread.sleep(100);
                append(file, "name,id\na,1\nb,2\n");
                Thread.sleep(200);
                append(file, "c,3\n");
                Files.move(file, dir.resolve("log.csv.1"));
                append(file, "id,name\n4,d\n");
                return null;
            });
            List<Row> rows = drain(source);
            written.get(30, TimeUnit.SECONDS);
            assertThat(ids(rows)).containsExactly(1L, 2L, 3L, 4L);
            assertThat(rows.get(3).get("name")).isEqualTo("d");
        } finally {
            writer.shutdownNow();
        }
    }

    @Test
    void idleTimeoutEndsTheInputAndBadLinesNameTheirLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("e.jsonl");
        append(file, "{\"id\": 1, \"name\": \"a\"}\n");
        long start = System.nanoTime();
        List<Row> rows = drain(StreamingSources.tailFile(file, SCHEMA, "jsonl", POLL,
                new StreamingSources.Stop(Duration.ofMillis(300), 0)));
        assertThat(ids(rows)).containsExactly(1L);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        append(file, "{\"id\": \"x\"}\n");
        assertThatThrownBy(() -> drain(StreamingSources.tailFile(file, SCHEMA, "jsonl", POLL,
                new StreamingSources.Stop(Duration.ofMillis(300), 0))))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("JSONL_INVALID");
                    assertThat(e.getMessage()).contains("e.jsonl:2", "/id is not a LONG");
                });
    }

    @Test
    void socketReadsLinesUntilThePeerCloses() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("id,name\n1,a\n2,".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    Thread.sleep(150); // longer than the poll interval: the read times out mid-line
                    out.write("b\r\n3,c".getBytes(StandardCharsets.UTF_8)); // last line without newline
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Row> rows = drain(StreamingSources.socket("127.0.0.1", server.getLocalPort(), SCHEMA, "csv",
                    Duration.ofSeconds(10), POLL, new StreamingSources.Stop(Duration.ofSeconds(20), 0)));
            served.get(30, TimeUnit.SECONDS);
            assertThat(ids(rows)).containsExactly(1L, 2L, 3L);
            assertThat(rows.get(1).get("name")).isEqualTo("b");
        }
    }

    @Test
    void socketStopsOnMaxRecordsOrIdleWhileThePeerStaysOpen() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    Socket client = server.accept();
                    client.getOutputStream().write("{\"id\": 7, \"name\": \"x\"}\n{\"id\": 8}\n"
                            .getBytes(StandardCharsets.UTF_8));
                    return client;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Row> rows = drain(StreamingSources.socket("127.0.0.1", server.getLocalPort(), SCHEMA, "jsonl",
                    Duration.ofSeconds(10), POLL, new StreamingSources.Stop(Duration.ofMillis(300), 0)));
            accepted.get(30, TimeUnit.SECONDS).close();
            assertThat(ids(rows)).containsExactly(7L, 8L);
            assertThat(rows.get(1).get("name")).isNull();
        }
    }

    @Test
    void socketThatCannotConnectIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> StreamingSources.socket("127.0.0.1", port, SCHEMA, "jsonl", Duration.ofSeconds(5),
                POLL, StreamingSources.Stop.never()).open())
                .isInstanceOfSatisfying(UnavailableException.class, e -> {
                    assertThat(e.code()).isEqualTo("SOCKET_UNAVAILABLE");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + port);
                });
    }
}
