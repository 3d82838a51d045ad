package io.multisystem.lattice.workspace;

import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.algebra.CanonicalBasis;
import io.multisystem.lattice.algebra.Implication;
import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.export.Diagram;
import io.multisystem.lattice.incremental.ContextUpdate;
import io.multisystem.lattice.incremental.IncrementalLattice;
import io.multisystem.lattice.mining.Concept;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.mining.ConceptMiner;
import io.multisystem.lattice.mining.MiningOptions;
import io.multisystem.lattice.query.QueryEngine;
import io.multisystem.lattice.query.QueryResult;
import io.multisystem.lattice.query.QuerySources;
import io.multisystem.lattice.store.LatticeStore;
import io.multisystem.lattice.taxonomy.Taxonomy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The named contexts and taxonomies one engine serves, kept in a {@link LatticeStore}; what the gRPC service and the
 * in-process CLI both use.
 * <p>Each context keeps its current {@link FormalContext}, a cached full {@link ConceptLattice} (also saved as a
 * snapshot, so a restart reloads instead of re-mining) and, once it has been updated and its lattice is at most
 * {@link #INCREMENTAL_LIMIT} concepts, an {@link IncrementalLattice} maintained in place by AddIntent and the
 * documented removals. An update batch is first applied to a copy of the context (every name checked), then logged
 * durably, and only then made visible: a rejected batch changes nothing.
 * <p>Thread-safe: writes to one context are serialised on its entry; different names proceed in parallel.
 */
public final class LatticeWorkspace implements QuerySources {
    public static final int INCREMENTAL_LIMIT = 200_000;

    /** Sizes after a change. {@code concepts} is -1 when not known without mining. */
    public record ContextSummary(String name, int objects, int attributes, long incidences, long concepts,
                                 boolean incremental) {
    }

    private final LatticeStore store;
    private final MiningOptions options;
    private final Map<String, Entry> contexts = new ConcurrentHashMap<>();
    private final Map<String, Taxonomy> taxonomies = new ConcurrentHashMap<>();
    private final QueryEngine queries = new QueryEngine(this);

    private LatticeWorkspace(LatticeStore store, MiningOptions options) {
        this.store = store;
        this.options = options;
    }

    /** Opens the store under {@code directory} and reloads everything in it (replaying update logs). */
    public static LatticeWorkspace open(Path directory, MiningOptions options) {
        LatticeStore store = LatticeStore.open(directory);
        LatticeWorkspace ws = new LatticeWorkspace(store, options);
        store.loadContexts().forEach((name, context) -> ws.contexts.put(name, new Entry(context)));
        ws.taxonomies.putAll(store.loadTaxonomies());
        return ws;
    }

    public MiningOptions options() {
        return options;
    }

    // ---- contexts -----------------------------------------------------------------------------------------------

    /** Stores the context under the name, replacing any previous one. */
    public ContextSummary loadContext(String name, FormalContext context) {
        LatticeStore.requireValidName(name);
        Entry fresh = new Entry(context);
        synchronized (fresh) {
            store.saveContext(name, context);
            contexts.put(name, fresh);
            return summary(name, fresh);
        }
    }

    public Set<String> contextNames() {
        return new TreeSet<>(contexts.keySet());
    }

    @Override
    public FormalContext context(String name) {
        return entry(name).context;
    }

    public ContextSummary describe(String name) {
        Entry e = entry(name);
        synchronized (e) {
            return summary(name, e);
        }
    }

    public void deleteContext(String name) {
        Entry e = entry(name);
        synchronized (e) {
            store.deleteContext(name);
            contexts.remove(name);
        }
    }

    /** The full lattice (cached; reloaded from its snapshot or mined within the concept budget). */
    @Override
    public ConceptLattice lattice(String name) {
        Entry e = entry(name);
        synchronized (e) {
            if (e.lattice == null) {
                if (e.incremental != null) {
                    e.lattice = ConceptLattice.fromConcepts(e.context, new ArrayList<>(e.incremental.concepts()),
                            options.parallelism());
                } else {
                    e.lattice = store.loadLattice(name, e.context).orElse(null);
                }
                if (e.lattice == null) {
                    e.lattice = ConceptLattice.of(e.context, options);
                    store.saveLattice(name, e.lattice);
                } else if (e.incremental != null) {
                    store.saveLattice(name, e.lattice);
                }
            }
            return e.lattice;
        }
    }

    /** The iceberg lattice of concepts with at least {@code minSupport} objects (the full lattice when 0). */
    public ConceptLattice lattice(String name, int minSupport) {
        if (minSupport <= 0) {
            return lattice(name);
        }
        return ConceptLattice.of(context(name), options.withMinSupport(minSupport));
    }

    /** Counts concepts (with at least {@code minSupport} objects) without keeping them: no budget applies. */
    public long countConcepts(String name, int minSupport) {
        return ConceptMiner.create(options.withMinSupport(Math.max(0, minSupport))).count(context(name));
    }

    /** Hands every concept to the sink without keeping them: no budget applies. */
    public void streamConcepts(String name, int minSupport, Consumer<Concept> sink) {
        ConceptMiner.create(options.withMinSupport(Math.max(0, minSupport))).stream(context(name), sink);
    }

    /** The Duquenne-Guigues basis of the context's implications. */
    public List<Implication> implications(String name) {
        return CanonicalBasis.of(context(name));
    }

    /**
     * Applies a batch of updates atomically: all or nothing.
     *
     * @throws NotFoundException or InvalidInputException from {@link ContextUpdate#applyTo(FormalContext)}; nothing
     *         changes then
     */
    public ContextSummary update(String name, List<ContextUpdate> updates) {
        Entry e = entry(name);
        synchronized (e) {
            FormalContext before = e.context;
            List<FormalContext> steps = new ArrayList<>();
            FormalContext next = before;
            for (ContextUpdate u : updates) {
                steps.add(next);
                next = u.applyTo(next);
            }
            if (e.incremental == null && e.lattice != null && e.lattice.size() <= INCREMENTAL_LIMIT) {
                e.incremental = IncrementalLattice.fromLattice(e.lattice); // takes over concepts and covers
            }
            store.appendUpdates(name, updates);
            if (e.incremental != null) {
                for (int i = 0; i < updates.size(); i++) {
                    updates.get(i).applyTo(e.incremental, steps.get(i));
                }
                if (e.incremental.size() > INCREMENTAL_LIMIT) {
                    e.incremental = null;
                }
            }
            e.context = next;
            e.lattice = null;
            e.logged += updates.size();
            if (e.logged >= LatticeStore.COMPACT_AFTER) {
                store.saveContext(name, next);
                e.logged = 0;
            }
            return summary(name, e);
        }
    }

    // ---- taxonomies ---------------------------------------------------------------------------------------------

    public Taxonomy loadTaxonomy(String name, Taxonomy taxonomy) {
        LatticeStore.requireValidName(name);
        store.saveTaxonomy(name, taxonomy);
        taxonomies.put(name, taxonomy);
        return taxonomy;
    }

    public Set<String> taxonomyNames() {
        return new TreeSet<>(taxonomies.keySet());
    }

    @Override
    public Taxonomy taxonomy(String name) {
        Taxonomy t = taxonomies.get(name);
        if (t == null) {
            throw new NotFoundException(FormalContext.COMPONENT, "TAXONOMY_NOT_FOUND", "no taxonomy named '" + name
                    + "'; load one first (known: " + taxonomyNames() + ")");
        }
        return t;
    }

    // ---- queries and pictures -----------------------------------------------------------------------------------

    public QueryResult query(String query) {
        return queries.run(query);
    }

    /** The Hasse diagram of a context's lattice (or iceberg). */
    public Diagram latticeDiagram(String name, int minSupport) {
        return Diagram.of(lattice(name, minSupport), name);
    }

    /** The sub-hierarchy above the given terms (the whole taxonomy when none is given). */
    public Diagram taxonomyDiagram(String name, Collection<String> terms, Set<String> via) {
        Taxonomy t = taxonomy(name);
        if (terms.isEmpty()) {
            return Diagram.of(t, name);
        }
        List<Integer> ids = terms.stream().map(t::termOf).toList();
        return Diagram.of(t.upwardClosure(ids, via), name);
    }

    private Entry entry(String name) {
        Entry e = contexts.get(name);
        if (e == null) {
            throw new NotFoundException(FormalContext.COMPONENT, "CONTEXT_NOT_FOUND", "no context named '" + name
                    + "'; load one first (known: " + contextNames() + ")");
        }
        return e;
    }

    private static ContextSummary summary(String name, Entry e) {
        long concepts = e.incremental != null ? e.incremental.size() : e.lattice != null ? e.lattice.size() : -1;
        return new ContextSummary(name, e.context.objectCount(), e.context.attributeCount(),
                e.context.incidenceCount(), concepts, e.incremental != null);
    }

    private static final class Entry {
        FormalContext context;
        ConceptLattice lattice;
        IncrementalLattice incremental;
        int logged;

        Entry(FormalContext context) {
            this.context = context;
        }
    }
}
