package io.multisystem.lattice.query;

import io.multisystem.lattice.context.FormalContext;
import io.multisystem.lattice.mining.ConceptLattice;
import io.multisystem.lattice.taxonomy.Taxonomy;

/** Where a query finds its named contexts, lattices and taxonomies. Each method throws NotFoundException if absent. */
public interface QuerySources {
    FormalContext context(String name);

    ConceptLattice lattice(String contextName);

    Taxonomy taxonomy(String name);
}
