package io.multisystem.lattice.mining;

import io.multisystem.lattice.bits.IndexSet;

import java.util.Objects;

/**
 * A formal concept (A, B) of a context: A' = B and B' = A. Immutable; equality is by extent and intent.
 *
 * @param extent the objects (indices into the context)
 * @param intent the attributes (indices into the context)
 */
public record Concept(IndexSet extent, IndexSet intent) {
    public Concept {
        Objects.requireNonNull(extent, "extent");
        Objects.requireNonNull(intent, "intent");
    }

    /** |A|, the number of objects (absolute support). */
    public int support() {
        return extent.size();
    }
}
