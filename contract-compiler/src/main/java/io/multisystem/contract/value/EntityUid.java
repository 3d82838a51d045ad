package io.multisystem.contract.value;

import java.util.Objects;

/** An entity reference {@code Type::"id"}; the type may be namespaced ({@code A::B}). */
public final class EntityUid {
    private final String type;
    private final String id;
    private final int hash;

    public EntityUid(String type, String id) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = Objects.requireNonNull(id, "id");
        this.hash = type.hashCode() * 31 + id.hashCode();
    }

    public static EntityUid of(String type, String id) {
        return new EntityUid(type, id);
    }

    public String type() {
        return type;
    }

    public String id() {
        return id;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof EntityUid && ((EntityUid) o).hash == hash && ((EntityUid) o).type.equals(type)
                && ((EntityUid) o).id.equals(id);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return type + "::" + Values.quote(id);
    }
}
