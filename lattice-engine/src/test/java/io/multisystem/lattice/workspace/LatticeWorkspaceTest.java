package io.multisystem.lattice.workspace;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.context.BurmeisterFormat;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.export.Diagram;
import io.multisystem.lattice.export.DiagramWriter;
import io.multisystem.lattice.incremental.ContextUpdate;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.query.QueryResult;
import io.multisystem.lattice.taxonomy.TaxonomyFormats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class LatticeWorkspaceTest {
    public static final String LIVE_IN_WATER = """
            B

            4
            4

            frog
            reed
            fish
            dog
            needs water
            lives in water
            can move
            has limbs
            XXXX
            XX..
            XXX.
            X.XX
            """;

    @TempDir
    Path dir;

    LatticeWorkspace open() {
        return LatticeWorkspace.open(dir, MiningOptions.defaults().withParallelism(1));
    }

    static FormalContext water() {
        return BurmeisterFormat.parse(LIVE_IN_WATER);
    }

    @Test
    void contextsAndTaxonomiesSurviveARestart() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        ws.loadTaxonomy("toy", TaxonomyFormats.parse("dog mammal\nmammal animal\n"));

        LatticeWorkspace again = open();
        assertThat(again.context("water")).isEqualTo(water());
        assertThat(again.taxonomy("toy").termCount()).isEqualTo(3);
    }

    @Test
    void acknowledgedUpdatesAreReplayedAfterACrash() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        ws.update("water", List.of(ContextUpdate.addObject("whale", List.of("needs water", "lives in water",
                "can move"))));
        // a crash here: no snapshot was written after the update, only the log line
        LatticeWorkspace again = open();
        assertThat(again.context("water").objects()).containsExactly("frog", "reed", "fish", "dog", "whale");
    }

    @Test
    void aTornFinalLogLineIsDroppedButEarlierUpdatesSurvive() throws Exception {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        ws.update("water", List.of(ContextUpdate.removeObject("dog")));
        Files.writeString(dir.resolve("contexts/water/updates.log"), "0badc0de\tADD_OBJ",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        assertThat(open().context("water").objects()).containsExactly("frog", "reed", "fish");
    }

    @Test
    void updatesKeepTheLatticeEqualToRecomputation() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        ws.lattice("water");
        LatticeWorkspace.ContextSummary after = ws.update("water", List.of(
                ContextUpdate.addObject("whale", List.of("needs water", "lives in water", "can move")),
                new ContextUpdate(ContextUpdate.Kind.REMOVE_INCIDENCE, "dog", List.of("has limbs")),
                new ContextUpdate(ContextUpdate.Kind.ADD_ATTRIBUTE, "green", List.of("reed", "frog"))));

        ConceptLattice fresh = ConceptLattice.of(ws.context("water"));
        assertThat(after.incremental()).isTrue();
        assertThat(after.concepts()).isEqualTo(fresh.size());
        assertThat(new HashSet<>(ws.lattice("water").concepts())).isEqualTo(new HashSet<>(fresh.concepts()));
    }

    @Test
    void aRejectedBatchChangesNothing() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        assertThatThrownBy(() -> ws.update("water", List.of(ContextUpdate.removeObject("dog"),
                ContextUpdate.removeObject("unicorn"))))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("unicorn");
        assertThat(ws.context("water")).isEqualTo(water());
        assertThat(open().context("water")).isEqualTo(water());
    }

    @Test
    void latticeSnapshotIsReloadedInsteadOfMinedAgain() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        ConceptLattice mined = ws.lattice("water");
        assertThat(dir.resolve("contexts/water/lattice.bin")).exists();

        ConceptLattice reloaded = open().lattice("water");
        assertThat(reloaded.concepts()).isEqualTo(mined.concepts());
        assertThat(reloaded.coverPairs()).usingRecursiveComparison().isEqualTo(mined.coverPairs());
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> open().loadContext("../etc", water()))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.code()).isEqualTo("NAME_INVALID"));
    }

    @Test
    void queriesFindConceptsThroughTheIndexes() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        QueryResult r = ws.query("concepts in water where intent contains {\"lives in water\"} and support >= 2");
        assertThat(r.rows()).extracting(row -> row.get(3))
                .containsExactlyInAnyOrder("frog, reed, fish", "frog, fish");
    }

    @Test
    void implicationsOfASubcontextHoldThere() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        QueryResult r = ws.query("implications in water where objects in {frog, dog}");
        assertThat(r.rows()).anyMatch(row -> row.get(0).isEmpty()
                && row.get(1).equals("needs water, can move, has limbs"));
    }

    @Test
    void taxonomyQueriesAnswerAncestorsAndLca() {
        LatticeWorkspace ws = open();
        ws.loadTaxonomy("toy", TaxonomyFormats.parse("dog mammal\ncat mammal\nmammal animal\n"));
        assertThat(ws.query("ancestors of dog in toy").rows()).extracting(row -> row.get(0))
                .containsExactly("animal", "mammal");
        assertThat(ws.query("lca of dog and cat in toy").rows()).extracting(row -> row.get(0))
                .containsExactly("mammal");
        assertThat(ws.query("depth of dog in toy").rows().get(0).get(1)).isEqualTo("2");
    }

    @Test
    void malformedQueryNamesTheColumn() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        assertThatThrownBy(() -> ws.query("concepts in water where colour contains {x}"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("column 25");
    }

    @Test
    void diagramsExportAsDotAndLayeredSvg() {
        LatticeWorkspace ws = open();
        ws.loadContext("water", water());
        Diagram d = ws.latticeDiagram("water", 0);
        String dot = DiagramWriter.dot(d);
        String svg = DiagramWriter.svg(d);
        assertThat(dot).startsWith("digraph").contains("rankdir=BT").contains("needs water");
        assertThat(dot.lines().filter(l -> l.contains("->")).count()).isEqualTo(ws.lattice("water").coverCount());
        assertThat(svg).startsWith("<svg").contains("<line").contains("frog").endsWith("</svg>\n");
        double[][] xy = DiagramWriter.layout(d);
        for (int[] e : d.edges()) {
            assertThat(xy[e[0]][1]).as("lower node drawn below its cover").isGreaterThan(xy[e[1]][1]);
        }
    }

    @Test
    void subHierarchyDiagramKeepsOnlyTheTermsAboveTheChosenOnes() {
        LatticeWorkspace ws = open();
        ws.loadTaxonomy("toy", TaxonomyFormats.parse("dog mammal\ncat mammal\nmammal animal\ntrout fish\n"));
        Diagram d = ws.taxonomyDiagram("toy", List.of("dog"), Set.of());
        assertThat(d.upperLabels()).containsExactlyInAnyOrder("dog", "mammal", "animal");
    }
}
