package io.multisystem.lattice.query;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.algebra.CanonicalBasis;
import io.multisystem.lattice.algebra.Implication;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.taxonomy.Taxonomy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * Runs the lattice query language. Grammar (keywords case-insensitive, names and ids as bare words or "quoted"):
 * <pre>
 * concepts in CTX [where COND (and COND)*] [limit N]
 *     COND := intent contains {A, ...} | extent contains {G, ...} | support (&gt;=|&gt;|&lt;=|&lt;|=) N
 * implications in CTX [where objects in {G, ...}]          (canonical basis of the subcontext on those objects)
 * ancestors of TERM in TAX [via REL, ...]
 * descendants of TERM in TAX [via REL, ...]
 * lca of TERM and TERM in TAX [via REL, ...]
 * lcs of TERM and TERM in TAX [via REL, ...]
 * depth of TERM in TAX [via REL, ...]
 * generalise {TERM, ...} to level N in TAX [via REL, ...]
 * </pre>
 * <p>Design note. Concept queries use inverted indexes built once per lattice (and cached weakly): for every attribute
 * the set of concepts whose intent contains it, for every object the set of concepts whose extent contains it. A
 * condition list is answered by intersecting those index sets before any concept is touched, then filtering by
 * support. Taxonomy queries use the taxonomy's precomputed ancestor closures. Results are sorted deterministically.
 * Parse errors are {@link InvalidInputException} with code {@code QUERY_INVALID} and the 1-based column.
 * Thread-safe.
 */
public final class QueryEngine {
    public static final String CODE = "QUERY_INVALID";
    private final QuerySources sources;
    private final Map<ConceptLattice, Indexes> indexes = Collections.synchronizedMap(new WeakHashMap<>());

    public QueryEngine(QuerySources sources) {
        this.sources = sources;
    }

    public QueryResult run(String query) {
        Tokens t = new Tokens(query);
        String verb = t.word("a query verb (concepts, implications, ancestors, descendants, lca, lcs, depth,"
                + " generalise)").toLowerCase(java.util.Locale.ROOT);
        QueryResult result = switch (verb) {
            case "concepts" -> concepts(t);
            case "implications" -> implications(t);
            case "ancestors", "descendants" -> closure(t, verb);
            case "lca", "lcs" -> common(t, verb);
            case "depth" -> depth(t);
            case "generalise", "generalize" -> generalise(t);
            default -> throw t.error(t.lastStart, "unknown query verb '" + verb + "'; use concepts, implications,"
                    + " ancestors, descendants, lca, lcs, depth or generalise");
        };
        t.end();
        return result;
    }

    private QueryResult concepts(Tokens t) {
        t.keyword("in");
        String ctx = t.name("a context name");
        FormalContext context = sources.context(ctx);
        IndexSet mustHaveAttributes = IndexSet.empty();
        IndexSet mustHaveObjects = IndexSet.empty();
        int minSupport = 0;
        int maxSupport = Integer.MAX_VALUE;
        long limit = Long.MAX_VALUE;
        if (t.acceptKeyword("where")) {
            do {
                String what = t.word("intent, extent or support").toLowerCase(java.util.Locale.ROOT);
                switch (what) {
                    case "intent" -> {
                        t.keyword("contains");
                        mustHaveAttributes = mustHaveAttributes.union(resolve(t, t.set(), context.attributes(),
                                "attribute"));
                    }
                    case "extent" -> {
                        t.keyword("contains");
                        mustHaveObjects = mustHaveObjects.union(resolve(t, t.set(), context.objects(), "object"));
                    }
                    case "support" -> {
                        String op = t.operator();
                        int k = t.integer();
                        switch (op) {
                            case ">=" -> minSupport = Math.max(minSupport, k);
                            case ">" -> minSupport = Math.max(minSupport, k + 1);
                            case "<=" -> maxSupport = Math.min(maxSupport, k);
                            case "<" -> maxSupport = Math.min(maxSupport, k - 1);
                            default -> {
                                minSupport = Math.max(minSupport, k);
                                maxSupport = Math.min(maxSupport, k);
                            }
                        }
                    }
                    default -> throw t.error(t.lastStart, "expected intent, extent or support, found '" + what + "'");
                }
            } while (t.acceptKeyword("and"));
        }
        if (t.acceptKeyword("limit")) {
            limit = t.integer();
        }
        ConceptLattice lattice = sources.lattice(ctx);
        Indexes index = indexes.computeIfAbsent(lattice, Indexes::new);
        IndexSet candidates = IndexSet.range(lattice.size());
        for (int m : mustHaveAttributes.toArray()) {
            candidates = candidates.intersection(index.byAttribute[m]);
        }
        for (int g : mustHaveObjects.toArray()) {
            candidates = candidates.intersection(index.byObject[g]);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int c : candidates.toArray()) {
            Concept concept = lattice.concept(c);
            if (concept.support() >= minSupport && concept.support() <= maxSupport) {
                if (rows.size() >= limit) {
                    break;
                }
                rows.add(List.of(Integer.toString(c), Integer.toString(concept.support()),
                        names(concept.intent(), context.attributes()), names(concept.extent(), context.objects())));
            }
        }
        return new QueryResult("concepts", List.of("concept", "support", "intent", "extent"), rows);
    }

    private QueryResult implications(Tokens t) {
        t.keyword("in");
        FormalContext context = sources.context(t.name("a context name"));
        if (t.acceptKeyword("where")) {
            t.keyword("objects");
            t.keyword("in");
            IndexSet objects = resolve(t, t.set(), context.objects(), "object");
            context = subcontext(context, objects);
        }
        List<List<String>> rows = new ArrayList<>();
        for (Implication i : CanonicalBasis.of(context)) {
            rows.add(List.of(names(i.premise(), context.attributes()), names(i.conclusion(), context.attributes()),
                    Integer.toString(context.extentOf(i.premise()).size())));
        }
        return new QueryResult("implications", List.of("premise", "conclusion", "support"), rows);
    }

    private QueryResult closure(Tokens t, String verb) {
        t.keyword("of");
        String term = t.name("a term id");
        Taxonomy tax = taxonomy(t);
        Set<String> via = via(t);
        int id = tax.termOf(term);
        IndexSet found = "ancestors".equals(verb) ? tax.ancestors(id, via) : tax.descendants(id, via);
        return terms(verb, tax, found, via);
    }

    private QueryResult common(Tokens t, String verb) {
        t.keyword("of");
        String a = t.name("a term id");
        t.keyword("and");
        String b = t.name("a term id");
        Taxonomy tax = taxonomy(t);
        Set<String> via = via(t);
        List<Integer> pair = List.of(tax.termOf(a), tax.termOf(b));
        if ("lcs".equals(verb)) {
            return terms(verb, tax, tax.leastCommonSubsumers(pair, via), via);
        }
        IndexSet lca = tax.lowestCommonAncestor(pair, via).stream().mapToObj(IndexSet::of).findFirst()
                .orElse(IndexSet.empty());
        return terms(verb, tax, lca, via);
    }

    private QueryResult depth(Tokens t) {
        t.keyword("of");
        String term = t.name("a term id");
        Taxonomy tax = taxonomy(t);
        Set<String> via = via(t);
        int id = tax.termOf(term);
        return new QueryResult("depth", List.of("term", "depth"),
                List.of(List.of(term, Integer.toString(tax.depth(id, via)))));
    }

    private QueryResult generalise(Tokens t) {
        List<String> terms = t.set();
        t.keyword("to");
        t.keyword("level");
        int level = t.integer();
        Taxonomy tax = taxonomy(t);
        Set<String> via = via(t);
        List<List<String>> rows = new ArrayList<>();
        tax.generalise(terms, level, via).forEach((term, general) -> rows.add(List.of(term, String.join(", ",
                general))));
        return new QueryResult("generalise", List.of("term", "generalisations"), rows);
    }

    private Taxonomy taxonomy(Tokens t) {
        t.keyword("in");
        return sources.taxonomy(t.name("a taxonomy name"));
    }

    private static Set<String> via(Tokens t) {
        Set<String> via = new LinkedHashSet<>();
        if (t.acceptKeyword("via")) {
            do {
                via.add(t.name("a relation"));
            } while (t.accept(","));
        }
        return via;
    }

    private static QueryResult terms(String kind, Taxonomy tax, IndexSet found, Set<String> via) {
        List<List<String>> rows = found.stream().boxed()
                .sorted(java.util.Comparator.comparingInt((Integer x) -> tax.depth(x, via)).thenComparing(tax::id))
                .map(x -> List.of(tax.id(x), tax.name(x), Integer.toString(tax.depth(x, via))))
                .collect(Collectors.toList());
        return new QueryResult(kind, List.of("term", "name", "depth"), rows);
    }

    /** The context restricted to the given objects (all attributes kept). */
    public static FormalContext subcontext(FormalContext context, IndexSet objects) {
        int[] keep = objects.toArray();
        List<String> names = new ArrayList<>();
        List<IndexSet> intents = new ArrayList<>();
        for (int g : keep) {
            names.add(context.objects().get(g));
            intents.add(context.objectIntent(g));
        }
        return FormalContext.fromIntents(names, context.attributes(), intents);
    }

    private static IndexSet resolve(Tokens t, List<String> wanted, List<String> names, String what) {
        int[] out = new int[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            int at = names.indexOf(wanted.get(i));
            if (at < 0) {
                throw new NotFoundException(FormalContext.COMPONENT, what.toUpperCase(java.util.Locale.ROOT)
                        + "_NOT_FOUND", "no " + what + " named '" + wanted.get(i) + "' in the context");
            }
            out[i] = at;
        }
        return IndexSet.of(out);
    }

    private static String names(IndexSet set, List<String> names) {
        return set.stream().mapToObj(names::get).collect(Collectors.joining(", "));
    }

    /** Inverted indexes of a lattice: concepts by attribute in the intent, by object in the extent. */
    private static final class Indexes {
        final IndexSet[] byAttribute;
        final IndexSet[] byObject;

        Indexes(ConceptLattice lattice) {
            FormalContext context = lattice.context();
            List<List<Integer>> attr = new ArrayList<>();
            List<List<Integer>> obj = new ArrayList<>();
            for (int m = 0; m < context.attributeCount(); m++) {
                attr.add(new ArrayList<>());
            }
            for (int g = 0; g < context.objectCount(); g++) {
                obj.add(new ArrayList<>());
            }
            for (int c = 0; c < lattice.size(); c++) {
                int cc = c;
                lattice.concept(c).intent().forEach(m -> attr.get(m).add(cc));
                lattice.concept(c).extent().forEach(g -> obj.get(g).add(cc));
            }
            byAttribute = attr.stream().map(l -> IndexSet.of(l.stream().mapToInt(Integer::intValue).toArray()))
                    .toArray(IndexSet[]::new);
            byObject = obj.stream().map(l -> IndexSet.of(l.stream().mapToInt(Integer::intValue).toArray()))
                    .toArray(IndexSet[]::new);
        }
    }

    /** A tiny tokenizer: words, "quoted strings", braces, commas and comparison operators. */
    private static final class Tokens {
        private final String text;
        private int pos;
        int lastStart;

        Tokens(String text) {
            this.text = text == null ? "" : text;
        }

        InvalidInputException error(int at, String problem) {
            return new InvalidInputException(FormalContext.COMPONENT, CODE, "query column " + (at + 1) + ": "
                    + problem);
        }

        private void skip() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private String peek() {
            int save = pos;
            try {
                return next();
            } catch (InvalidInputException e) {
                return null;
            } finally {
                pos = save;
            }
        }

        private String next() {
            skip();
            lastStart = pos;
            if (pos >= text.length()) {
                return null;
            }
            char c = text.charAt(pos);
            if (c == '"') {
                int close = text.indexOf('"', pos + 1);
                if (close < 0) {
                    throw error(pos, "unterminated quoted name");
                }
                String s = text.substring(pos + 1, close);
                pos = close + 1;
                return "\"" + s;
            }
            if (c == '{' || c == '}' || c == ',' || c == '=') {
                pos++;
                return String.valueOf(c);
            }
            if (c == '<' || c == '>') {
                pos++;
                if (pos < text.length() && text.charAt(pos) == '=') {
                    pos++;
                    return c + "=";
                }
                return String.valueOf(c);
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))
                    && "{},\"<>=".indexOf(text.charAt(pos)) < 0) {
                pos++;
            }
            return text.substring(start, pos);
        }

        String word(String expected) {
            String s = next();
            if (s == null || s.startsWith("\"") || s.length() == 1 && "{},=<>".contains(s)) {
                throw error(lastStart, "expected " + expected + (s == null ? " at the end" : ", found '" + s + "'"));
            }
            return s;
        }

        String name(String expected) {
            String s = next();
            if (s == null || s.length() == 1 && "{},=<>".contains(s)) {
                throw error(lastStart, "expected " + expected + (s == null ? " at the end" : ", found '" + s + "'"));
            }
            return s.startsWith("\"") ? s.substring(1) : s;
        }

        void keyword(String k) {
            String s = next();
            if (s == null || !s.equalsIgnoreCase(k)) {
                throw error(lastStart, "expected '" + k + "'" + (s == null ? " at the end" : ", found '" + s + "'"));
            }
        }

        boolean acceptKeyword(String k) {
            String s = peek();
            if (s != null && s.equalsIgnoreCase(k)) {
                next();
                return true;
            }
            return false;
        }

        boolean accept(String symbol) {
            return acceptKeyword(symbol);
        }

        String operator() {
            String s = next();
            if (s == null || !List.of(">=", ">", "<=", "<", "=").contains(s)) {
                throw error(lastStart, "expected a comparison (>=, >, <=, <, =)");
            }
            return s;
        }

        int integer() {
            String s = next();
            try {
                int v = Integer.parseInt(s == null ? "" : s);
                if (v < 0) {
                    throw error(lastStart, "expected a non-negative integer, found " + s);
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(lastStart, "expected an integer" + (s == null ? " at the end" : ", found '" + s + "'"));
            }
        }

        List<String> set() {
            keyword("{");
            List<String> items = new ArrayList<>();
            if (acceptKeyword("}")) {
                return items;
            }
            do {
                items.add(name("a name"));
            } while (accept(","));
            keyword("}");
            return items;
        }

        void end() {
            String s = next();
            if (s != null) {
                throw error(lastStart, "unexpected '" + s + "' after the end of the query");
            }
        }
    }
}
