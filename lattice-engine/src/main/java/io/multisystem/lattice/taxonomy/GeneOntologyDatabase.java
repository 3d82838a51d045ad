package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.UnavailableException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the Gene Ontology from the SQLite database of Bioconductor's {@code GO.db} (Debian {@code r-bioc-go.db},
 * {@code GO.sqlite}): terms from {@code go_term} and child→parent edges from {@code go_bp_parents},
 * {@code go_mf_parents} and {@code go_cc_parents}. Relation names are normalised to OBO spelling ({@code isa} →
 * {@code is_a}, {@code part of} → {@code part_of}, spaces → underscores). Read-only; each call opens and closes its own
 * connection. The package's {@code go_*_offspring} tables hold its precomputed closure over all relation types, which
 * the tests compare with {@link Taxonomy#ancestors}.
 */
public final class GeneOntologyDatabase {
    private GeneOntologyDatabase() {
    }

    /** Loads every non-obsolete term and every edge of the three ontologies. */
    public static Taxonomy read(Path sqlite) {
        if (!Files.isRegularFile(sqlite)) {
            throw new InvalidInputException(Taxonomy.COMPONENT, "FILE_NOT_FOUND", "GO database " + sqlite
                    + " does not exist; run scripts/fetch-datasets.sh lattice-engine");
        }
        Taxonomy.Builder builder = Taxonomy.builder();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + sqlite.toAbsolutePath() + "?open_mode=1");
             Statement st = db.createStatement()) {
            Map<Integer, String> goIds = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT _id, go_id, term FROM go_term ORDER BY go_id")) {
                while (rs.next()) {
                    goIds.put(rs.getInt(1), rs.getString(2));
                    builder.term(rs.getString(2), rs.getString(3));
                }
            }
            for (String table : new String[] {"go_bp_parents", "go_mf_parents", "go_cc_parents"}) {
                try (ResultSet rs = st.executeQuery("SELECT _id, _parent_id, relationship_type FROM " + table)) {
                    while (rs.next()) {
                        builder.edge(goIds.get(rs.getInt(1)), normalise(rs.getString(3)), goIds.get(rs.getInt(2)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new UnavailableException(Taxonomy.COMPONENT, "GO_DATABASE_UNREADABLE", "cannot read GO database "
                    + sqlite + ": " + e.getMessage() + "; is it GO.sqlite from r-bioc-go.db?");
        }
        return builder.build();
    }

    /** {@code isa} → {@code is_a}; other GO.db relation names get underscores for spaces. */
    public static String normalise(String relation) {
        String r = relation.strip().toLowerCase(Locale.ROOT);
        return "isa".equals(r) ? Taxonomy.IS_A : r.replace(' ', '_');
    }
}
