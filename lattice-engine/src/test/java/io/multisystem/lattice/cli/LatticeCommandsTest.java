package io.multisystem.lattice.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.SharedData;
import io.multisystem.lattice.grpc.LatticeGrpcService;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.workspace.LatticeWorkspace;
import io.multisystem.lattice.workspace.LatticeWorkspaceTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class LatticeCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path store;
    Path water;
    Path animals;

    @BeforeEach
    void files() throws Exception {
        store = tmp.resolve("store");
        water = tmp.resolve("water.cxt");
        Files.writeString(water, LatticeWorkspaceTest.LIVE_IN_WATER);
        animals = tmp.resolve("animals.obo");
        Files.writeString(animals, """
                [Term]
                id: A:1
                name: animal
                [Term]
                id: A:2
                name: mammal
                is_a: A:1
                [Term]
                id: A:3
                name: dog
                is_a: A:2
                [Term]
                id: A:4
                name: cat
                is_a: A:2
                [Term]
                id: A:5
                name: tail
                relationship: part_of A:3
                """);
    }

    CliHarness.Result run(String... args) {
        return CliHarness.run(LatticeEngineCli::commandLine, args);
    }

    @Test
    void conceptsCountPrintsOnlyTheNumberForBobRoss() {
        CliHarness.Result r = run("concepts", SharedData.resolve("fca/bob-ross.cxt").toString(), "--count");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("3463");
    }

    @Test
    void conceptsAsJsonListEveryConceptWithItsIntent() throws Exception {
        CliHarness.Result r = run("concepts", water.toString(), "--output", "json");
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("count").asInt()).isEqualTo(6);
        assertThat(json.get("concepts").get(0).get("intent").get(0).asText()).isEqualTo("needs water");
    }

    @Test
    void latticeAndImplicationsOfAFile() throws Exception {
        JsonNode lattice = JSON.readTree(run("lattice", water.toString(), "--output", "json").out());
        assertThat(lattice.get("concepts")).hasSize(6);
        assertThat(lattice.get("covers").size()).isGreaterThanOrEqualTo(5);
        CliHarness.Result impl = run("implications", water.toString());
        assertThat(impl.exitCode()).isZero();
        assertThat(impl.out()).contains("{} -> {needs water}");
    }

    @Test
    void loadUpdateAndQueryAStoredContextEndToEnd() throws Exception {
        assertThat(run("load", "water", water.toString(), "--data-dir", store.toString()).exitCode()).isZero();
        CliHarness.Result update = run("update", "water", "--change", "add-object:whale=needs water,lives in water",
                "--change", "remove-incidence:dog=has limbs", "--data-dir", store.toString(), "--output", "json");
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(JSON.readTree(update.out()).get("objects").asInt()).isEqualTo(5);

        CliHarness.Result q = run("query", "concepts in water where extent contains {whale}", "--data-dir",
                store.toString(), "--output", "json");
        assertThat(q.exitCode()).as(q.err()).isZero();
        assertThat(JSON.readTree(q.out()).get("rows").size()).isEqualTo(2);
    }

    @Test
    void taxonomyLoadAncestorsLcaAndInfer() throws Exception {
        String dir = store.toString();
        assertThat(run("taxonomy", "load", "animals", animals.toString(), "--data-dir", dir).exitCode()).isZero();
        CliHarness.Result anc = run("ancestors", "animals", "A:5", "--data-dir", dir, "--output", "json");
        assertThat(anc.exitCode()).as(anc.err()).isZero();
        assertThat(JSON.readTree(anc.out()).get("ancestors").findValuesAsText("id")).containsExactly("A:1", "A:2",
                "A:3");
        CliHarness.Result lca = run("lca", "animals", "A:3", "A:4", "--data-dir", dir);
        assertThat(lca.out()).contains("lca: A:2");
        CliHarness.Result infer = run("infer", "animals", "--explain", "part_of,A:5,A:1", "--data-dir", dir);
        assertThat(infer.exitCode()).as(infer.err()).isZero();
        assertThat(infer.out()).contains("part_of(A:5, A:1)").contains("[edge]");
    }

    @Test
    void drawWritesAnSvgFile() throws Exception {
        Path svg = tmp.resolve("water.svg");
        CliHarness.Result r = run("draw", water.toString(), "--format", "svg", "-o", svg.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(svg)).startsWith("<svg").contains("frog");
    }

    @Test
    void malformedCxtIsBadInputWithTheLine() throws Exception {
        Path bad = tmp.resolve("bad.cxt");
        Files.writeString(bad, "B\n\n2\n1\n\na\nb\nm\nX\nQ\n");
        CliHarness.Result r = run("concepts", bad.toString(), "--count");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("line 10");
    }

    @Test
    void loadScalesAManyValuedCsv() throws Exception {
        Path people = tmp.resolve("people.csv");
        Files.writeString(people, "person,sex,age\nann,f,17\nbob,m,30\ncid,m,70\n");
        CliHarness.Result r = run("load", "people", people.toString(), "--scale", "age=ordinal:18,65",
                "--data-dir", store.toString(), "--output", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode json = JSON.readTree(r.out());
        assertThat(json.get("scaledAttributes").toString())
                .isEqualTo("[\"sex=f\",\"sex=m\",\"age<=18\",\"age<=65\"]");
        CliHarness.Result concepts = run("concepts", "--context", "people", "--count", "--data-dir", store.toString());
        assertThat(concepts.exitCode()).as(concepts.err()).isZero();
        assertThat(concepts.out().strip()).isEqualTo("6");

        CliHarness.Result nominal = run("load", "people2", people.toString(), "--many-valued",
                "--data-dir", store.toString());
        assertThat(nominal.exitCode()).as(nominal.err()).isZero();
        assertThat(nominal.out()).contains("age=17, age=30, age=70");
    }

    @Test
    void badScaleIsBadInputWithAClearMessage() throws Exception {
        Path people = tmp.resolve("people.csv");
        Files.writeString(people, "person,sex,age\nann,f,17\nbob,m,thirty\n");
        CliHarness.Result syntax = run("load", "people", people.toString(), "--scale", "age:ordinal",
                "--data-dir", store.toString());
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).contains("SCALING_INVALID").contains("ATTRIBUTE=KIND[:ARGS]");
        CliHarness.Result data = run("load", "people", people.toString(), "--scale", "age=interordinal:18,65",
                "--data-dir", store.toString());
        assertThat(data.exitCode()).isEqualTo(2);
        assertThat(data.err()).contains("object 'bob', attribute 'age': value 'thirty' is not a finite number");
        CliHarness.Result overlap = run("load", "people", people.toString(), "--scale", "age=biordinal:20,70|65",
                "--data-dir", store.toString());
        assertThat(overlap.exitCode()).isEqualTo(2);
        assertThat(overlap.err()).contains("every lower threshold must be below every upper one");
        assertThat(run("concepts", "--context", "people", "--count", "--data-dir", store.toString()).exitCode())
                .isEqualTo(2);
    }

    @Test
    void cyclicTaxonomyIsBadInputNamingTheCycle() throws Exception {
        Path cyclic = tmp.resolve("cyclic.txt");
        Files.writeString(cyclic, "a b\nb c\nc a\n");
        CliHarness.Result r = run("taxonomy", "load", "c", cyclic.toString(), "--data-dir", store.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("cycle").contains("a is_a b");
    }

    @Test
    void unknownTermIsBadInputNamingTheTerm() {
        run("taxonomy", "load", "animals", animals.toString(), "--data-dir", store.toString());
        CliHarness.Result r = run("ancestors", "animals", "A:99", "--data-dir", store.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("A:99");
    }

    @Test
    void serverModeCallsTheRunningService() throws Exception {
        LatticeWorkspace ws = LatticeWorkspace.open(tmp.resolve("server"), MiningOptions.defaults());
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new LatticeGrpcService(ws, new SimpleMeterRegistry())).build().start();
        try {
            String target = "127.0.0.1:" + server.getPort();
            assertThat(run("load", "water", water.toString(), "--server", target).exitCode()).isZero();
            CliHarness.Result r = run("concepts", "--context", "water", "--count", "--server", target);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo("6");
            assertThat(ws.contextNames()).contains("water");
        } finally {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
