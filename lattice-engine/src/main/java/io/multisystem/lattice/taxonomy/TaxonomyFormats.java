package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads taxonomies from text:
 * <ul>
 *   <li><b>OBO 1.4</b> (Gene Ontology flat files): {@code [Term]} stanzas with {@code id:}, {@code name:},
 *       {@code is_a: ID ! comment}, {@code relationship: REL ID ! comment} and {@code is_obsolete: true} (obsolete
 *       terms are skipped). Other stanzas ({@code [Typedef]}, {@code [Instance]}) and tags are ignored; trailing
 *       modifiers in braces are dropped.</li>
 *   <li><b>Edge list</b>: one edge per line, {@code CHILD PARENT [RELATION]} separated by tabs or spaces (relation
 *       defaults to {@code is_a}); {@code #} starts a comment; a line with one token declares a term.</li>
 * </ul>
 * Errors are {@link InvalidInputException} with code {@code OBO_INVALID} or {@code EDGES_INVALID} and the 1-based line.
 * Cycles are reported by {@link Taxonomy.Builder#build()}. Stateless and thread-safe.
 */
public final class TaxonomyFormats {
    private TaxonomyFormats() {
    }

    /** Chooses OBO when the text has a {@code [Term]} stanza or a {@code format-version:} header, else edge list. */
    public static Taxonomy parse(String text) {
        return looksLikeObo(text) ? parseObo(text) : parseEdgeList(text);
    }

    public static Taxonomy read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InvalidInputException(Taxonomy.COMPONENT, "FILE_UNREADABLE", "cannot read " + file + ": "
                    + e.getMessage());
        }
    }

    public static boolean looksLikeObo(String text) {
        return text.contains("[Term]") || text.startsWith("format-version:");
    }

    public static Taxonomy parseObo(String text) {
        Taxonomy.Builder builder = Taxonomy.builder();
        List<String[]> pending = new ArrayList<>();
        String stanza = null;
        String id = null;
        String name = "";
        boolean obsolete = false;
        List<String[]> edges = new ArrayList<>();
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(new StringReader(text))) {
            String line;
            while (true) {
                line = in.readLine();
                lineNo++;
                boolean end = line == null;
                String trimmed = end ? "" : stripComment(line).strip();
                if (end || trimmed.startsWith("[")) {
                    if ("Term".equals(stanza)) {
                        if (id == null) {
                            throw oboError(lineNo, "a [Term] stanza has no id: tag");
                        }
                        if (!obsolete) {
                            builder.term(id, name);
                            for (String[] e : edges) {
                                pending.add(new String[] {id, e[0], e[1]});
                            }
                        }
                    }
                    if (end) {
                        break;
                    }
                    if (!trimmed.endsWith("]")) {
                        throw oboError(lineNo, "stanza header " + trimmed + " lacks its closing ]");
                    }
                    stanza = trimmed.substring(1, trimmed.length() - 1).strip();
                    id = null;
                    name = "";
                    obsolete = false;
                    edges = new ArrayList<>();
                    continue;
                }
                if (trimmed.isEmpty() || !"Term".equals(stanza)) {
                    continue;
                }
                int colon = trimmed.indexOf(':');
                if (colon <= 0) {
                    throw oboError(lineNo, "expected 'tag: value', found '" + trimmed + "'");
                }
                String tag = trimmed.substring(0, colon).strip();
                String value = dropModifiers(trimmed.substring(colon + 1).strip());
                switch (tag) {
                    case "id" -> id = value;
                    case "name" -> name = value;
                    case "is_obsolete" -> obsolete = "true".equals(value);
                    case "is_a" -> {
                        String target = firstToken(value);
                        if (target.isEmpty()) {
                            throw oboError(lineNo, "is_a needs a term id");
                        }
                        edges.add(new String[] {Taxonomy.IS_A, target});
                    }
                    case "relationship" -> {
                        String[] parts = value.split("\\s+");
                        if (parts.length < 2) {
                            throw oboError(lineNo, "relationship needs 'RELATION TERM', found '" + value + "'");
                        }
                        edges.add(new String[] {parts[0], parts[1]});
                    }
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String[] e : pending) {
            builder.edge(e[0], e[1], e[2]);
        }
        return builder.build();
    }

    public static Taxonomy parseEdgeList(String text) {
        Taxonomy.Builder builder = Taxonomy.builder();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] parts = line.split("\\t|\\s+");
            if (parts.length == 1) {
                builder.term(parts[0], "");
            } else if (parts.length == 2 || parts.length == 3) {
                builder.edge(parts[0], parts.length == 3 ? parts[2] : Taxonomy.IS_A, parts[1]);
            } else {
                throw new InvalidInputException(Taxonomy.COMPONENT, "EDGES_INVALID", "line " + (i + 1)
                        + ": expected 'CHILD PARENT [RELATION]', found " + parts.length + " fields");
            }
        }
        return builder.build();
    }

    /** Writes OBO 1.4 ({@code [Term]} stanzas with id, name, is_a and relationship tags); {@link #parseObo} reads it back. */
    public static String formatObo(Taxonomy taxonomy) {
        StringBuilder out = new StringBuilder("format-version: 1.4\n");
        List<List<Taxonomy.Edge>> byChild = new ArrayList<>();
        for (int t = 0; t < taxonomy.termCount(); t++) {
            byChild.add(new ArrayList<>());
        }
        for (Taxonomy.Edge e : taxonomy.edges()) {
            byChild.get(taxonomy.termOf(e.child())).add(e);
        }
        for (int t = 0; t < taxonomy.termCount(); t++) {
            out.append("\n[Term]\nid: ").append(taxonomy.id(t)).append('\n');
            if (!taxonomy.name(t).isEmpty()) {
                out.append("name: ").append(taxonomy.name(t).replace('\n', ' ').replace(" !", " \\!")).append('\n');
            }
            for (Taxonomy.Edge e : byChild.get(t)) {
                if (Taxonomy.IS_A.equals(e.relation())) {
                    out.append("is_a: ").append(e.parent()).append('\n');
                } else {
                    out.append("relationship: ").append(e.relation()).append(' ').append(e.parent()).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static InvalidInputException oboError(int line, String problem) {
        return new InvalidInputException(Taxonomy.COMPONENT, "OBO_INVALID", "line " + line + ": " + problem);
    }

    private static String stripComment(String line) {
        int bang = line.indexOf(" !");
        return bang >= 0 ? line.substring(0, bang) : line;
    }

    private static String dropModifiers(String value) {
        int brace = value.indexOf(" {");
        return brace >= 0 ? value.substring(0, brace).strip() : value;
    }

    private static String firstToken(String value) {
        String[] parts = value.split("\\s+");
        return parts.length == 0 ? "" : parts[0];
    }
}
