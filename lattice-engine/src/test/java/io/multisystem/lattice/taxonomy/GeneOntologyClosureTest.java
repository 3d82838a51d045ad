package io.multisystem.lattice.taxonomy;

import io.multisystem.lattice.bits.IndexSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The Gene Ontology from Debian's r-bioc-go.db, checked against the package's own precomputed closure. */
class GeneOntologyClosureTest {
    static Path db;
    static Taxonomy go;

    @BeforeAll
    static void load() {
        db = GeneOntologyData.require();
        go = GeneOntologyDatabase.read(db);
    }

    @Test
    void loadsEveryTermAndEveryEdgeOfTheThreeOntologies() throws Exception {
        assertThat(go.termCount()).isEqualTo(43_559);
        assertThat(go.edgeCount()).isEqualTo(count("SELECT (SELECT count(*) FROM go_bp_parents)"
                + " + (SELECT count(*) FROM go_mf_parents) + (SELECT count(*) FROM go_cc_parents)"));
        assertThat(go.relations()).contains("is_a", "part_of", "regulates");
    }

    @Test
    void ancestorSetsOfEveryTermMatchThePackagesPrecomputedOffspringTables() throws Exception {
        Map<Integer, String> goIds = new HashMap<>();
        Map<String, Set<String>> expected = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT _id, go_id FROM go_term")) {
                while (rs.next()) {
                    goIds.put(rs.getInt(1), rs.getString(2));
                }
            }
            for (String table : List.of("go_bp_offspring", "go_mf_offspring", "go_cc_offspring")) {
                try (ResultSet rs = st.executeQuery("SELECT _id, _offspring_id FROM " + table)) {
                    while (rs.next()) {
                        expected.computeIfAbsent(goIds.get(rs.getInt(2)), k -> new TreeSet<>())
                                .add(goIds.get(rs.getInt(1)));
                    }
                }
            }
        }
        long pairs = 0;
        int mismatches = 0;
        for (int t = 0; t < go.termCount(); t++) {
            Set<String> actual = new TreeSet<>();
            IndexSet anc = go.ancestors(t, Set.of());
            anc.forEach(a -> actual.add(go.id(a)));
            pairs += actual.size();
            if (!actual.equals(expected.getOrDefault(go.id(t), Set.of()))) {
                mismatches++;
            }
        }
        assertThat(mismatches).as("terms whose ancestor set differs from GO.db").isZero();
        assertThat(pairs).isEqualTo(expected.values().stream().mapToLong(Set::size).sum());
    }

    @Test
    void mitochondrionInheritanceHasOrganelleInheritanceAsIsAParentAndBiologicalProcessBelowTheRoot() {
        int term = go.termOf("GO:0000001");
        Set<String> isaAncestors = new TreeSet<>();
        go.ancestors(term, Set.of("is_a")).forEach(a -> isaAncestors.add(go.id(a)));
        assertThat(go.name(term)).isEqualTo("mitochondrion inheritance");
        assertThat(isaAncestors).contains("GO:0048308", "GO:0008150");
        assertThat(go.depth(go.termOf("all"), Set.of())).as("GO.db's artificial root 'all'").isZero();
        assertThat(go.depth(go.termOf("GO:0008150"), Set.of())).isEqualTo(1);
    }

    @Test
    void partOfInferenceThroughIsAExplainsEachInferredFactDownToEdges() {
        HornReasoner.Inference inference = HornReasoner.infer(go.upwardClosure(
                List.of(go.termOf("GO:0000001"), go.termOf("GO:0006412")), Set.of()),
                HornRule.geneOntologyDefaults());
        assertThat(inference.inferredCount()).isPositive();
        assertThat(inference.holds("is_a", "GO:0000001", "GO:0008150")).isTrue();
        List<String> proof = inference.explain("is_a", "GO:0000001", "GO:0008150");
        assertThat(proof.get(0)).contains("is_a(GO:0000001, GO:0008150)").contains("[by");
        assertThat(proof).anyMatch(line -> line.endsWith("[edge]"));
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
