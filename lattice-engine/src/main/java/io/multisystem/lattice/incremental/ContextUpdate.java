package io.multisystem.lattice.incremental;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.lattice.bits.IndexSet;
import io.multisystem.lattice.context.FormalContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One change to a context, by names: add or remove an object (with its attributes), an attribute (with its objects),
 * or a single incidence. Names resolve to the first object or attribute with that name. Immutable.
 *
 * @param kind    what changes
 * @param name    the object (or attribute, for attribute kinds) added or removed; the object of an incidence
 * @param related for ADD_OBJECT the attributes, for ADD_ATTRIBUTE the objects, for incidences the single attribute
 */
public record ContextUpdate(Kind kind, String name, List<String> related) {
    public enum Kind { ADD_OBJECT, REMOVE_OBJECT, ADD_ATTRIBUTE, REMOVE_ATTRIBUTE, ADD_INCIDENCE, REMOVE_INCIDENCE }

    public ContextUpdate {
        related = List.copyOf(related);
        if (kind == null || name == null || name.isEmpty()) {
            throw new InvalidInputException(FormalContext.COMPONENT, "UPDATE_INVALID",
                    "an update needs a kind and a non-empty name");
        }
        if ((kind == Kind.ADD_INCIDENCE || kind == Kind.REMOVE_INCIDENCE) && related.size() != 1) {
            throw new InvalidInputException(FormalContext.COMPONENT, "UPDATE_INVALID", kind + " of object " + name
                    + " needs exactly one attribute, got " + related.size());
        }
    }

    public static ContextUpdate addObject(String name, List<String> attributes) {
        return new ContextUpdate(Kind.ADD_OBJECT, name, attributes);
    }

    public static ContextUpdate removeObject(String name) {
        return new ContextUpdate(Kind.REMOVE_OBJECT, name, List.of());
    }

    /**
     * The context after this update. Pure: the argument is not changed.
     *
     * @throws NotFoundException      {@code OBJECT_NOT_FOUND} / {@code ATTRIBUTE_NOT_FOUND} for unknown names
     * @throws InvalidInputException  {@code INCIDENCE_EXISTS} / {@code INCIDENCE_ABSENT} when an incidence change is a no-op
     */
    public FormalContext applyTo(FormalContext c) {
        List<String> objects = new ArrayList<>(c.objects());
        List<String> attributes = new ArrayList<>(c.attributes());
        List<IndexSet> intents = new ArrayList<>();
        for (int g = 0; g < c.objectCount(); g++) {
            intents.add(c.objectIntent(g));
        }
        switch (kind) {
            case ADD_OBJECT -> {
                objects.add(name);
                intents.add(indices(related, c.attributes(), "attribute"));
            }
            case REMOVE_OBJECT -> {
                int g = index(name, c.objects(), "object");
                objects.remove(g);
                intents.remove(g);
            }
            case ADD_ATTRIBUTE -> {
                IndexSet extent = indices(related, c.objects(), "object");
                int m = attributes.size();
                attributes.add(name);
                for (int g : extent.toArray()) {
                    intents.set(g, intents.get(g).with(m));
                }
            }
            case REMOVE_ATTRIBUTE -> {
                int m = index(name, c.attributes(), "attribute");
                attributes.remove(m);
                for (int g = 0; g < intents.size(); g++) {
                    int[] old = intents.get(g).toArray();
                    int[] shifted = new int[old.length];
                    int k = 0;
                    for (int a : old) {
                        if (a != m) {
                            shifted[k++] = a > m ? a - 1 : a;
                        }
                    }
                    intents.set(g, IndexSet.of(java.util.Arrays.copyOf(shifted, k)));
                }
            }
            case ADD_INCIDENCE, REMOVE_INCIDENCE -> {
                int g = index(name, c.objects(), "object");
                int m = index(related.get(0), c.attributes(), "attribute");
                boolean add = kind == Kind.ADD_INCIDENCE;
                if (c.has(g, m) == add) {
                    throw new InvalidInputException(FormalContext.COMPONENT, add ? "INCIDENCE_EXISTS"
                            : "INCIDENCE_ABSENT", "object " + name + (add ? " already has" : " does not have")
                            + " attribute " + related.get(0));
                }
                intents.set(g, add ? intents.get(g).with(m) : intents.get(g).without(m));
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return FormalContext.fromIntents(objects, attributes, intents);
    }

    /** Applies the update to an incremental lattice that is equal to the lattice of {@code before}. */
    public void applyTo(IncrementalLattice lattice, FormalContext before) {
        switch (kind) {
            case ADD_OBJECT -> lattice.addObject(name, indices(related, before.attributes(), "attribute"));
            case REMOVE_OBJECT -> lattice.removeObject(index(name, before.objects(), "object"));
            case ADD_ATTRIBUTE -> lattice.addAttribute(name, indices(related, before.objects(), "object"));
            case REMOVE_ATTRIBUTE -> lattice.removeAttribute(index(name, before.attributes(), "attribute"));
            case ADD_INCIDENCE -> lattice.addIncidence(index(name, before.objects(), "object"),
                    index(related.get(0), before.attributes(), "attribute"));
            case REMOVE_INCIDENCE -> lattice.removeIncidence(index(name, before.objects(), "object"),
                    index(related.get(0), before.attributes(), "attribute"));
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static IndexSet indices(List<String> wanted, List<String> names, String what) {
        int[] out = new int[wanted.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = index(wanted.get(i), names, what);
        }
        return IndexSet.of(out);
    }

    private static int index(String wanted, List<String> names, String what) {
        int i = names.indexOf(wanted);
        if (i < 0) {
            throw new NotFoundException(FormalContext.COMPONENT, what.toUpperCase(java.util.Locale.ROOT)
                    + "_NOT_FOUND", "no " + what + " named '" + wanted + "' in the context");
        }
        return i;
    }
}
