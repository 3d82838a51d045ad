package io.multisystem.parallel.cluster;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.TaskEngine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;

/** Java serialisation of task bodies, arguments and results, with errors that name the class at fault. */
final class JavaSerialization {
    private JavaSerialization() {
    }

    /**
     * @throws InvalidInputException with code {@code NOT_SERIALIZABLE} naming the first class in {@code value}'s
     *     object graph that is not {@link java.io.Serializable}
     */
    static byte[] write(String label, String role, Object value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "NOT_SERIALIZABLE", "its " + role
                    + " cannot travel between cluster nodes because class " + e.getMessage()
                    + " is not java.io.Serializable; make that class Serializable (lambdas serialise when everything"
                    + " they capture does), or run the job on the local engine");
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream failed", e);
        }
        return buffer.toByteArray();
    }

    static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(java.io.ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                if (loader != null) {
                    try {
                        return Class.forName(desc.getName(), false, loader);
                    } catch (ClassNotFoundException ignored) {
                        // fall back to the default resolution below
                    }
                }
                return super.resolveClass(desc);
            }
        }) {
            return in.readObject();
        }
    }
}
