package io.multisystem.pipeline.window;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * Java serialization of operator state for checkpoints. Reading is restricted by a filter to this engine's state
 * classes and JDK value and collection types, so a tampered checkpoint cannot instantiate arbitrary classes.
 */
public final class StateBytes {
    private static final java.io.ObjectInputFilter FILTER = java.io.ObjectInputFilter.Config.createFilter(
            "io.multisystem.pipeline.**;java.lang.*;java.util.*;java.io.Serializable;maxdepth=64;!*");

    private StateBytes() {
    }

    public static byte[] write(Serializable value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize state: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    public static Object read(byte[] bytes) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            in.setObjectInputFilter(FILTER);
            return in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read checkpointed state: " + e.getMessage(), e);
        }
    }
}
