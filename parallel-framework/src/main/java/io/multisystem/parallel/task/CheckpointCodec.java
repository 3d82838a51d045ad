package io.multisystem.parallel.task;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Checkpoint keys and values. Key = SHA-256 over the task id and each input's Java serialisation, each framed by its
 * length so that no two different (id, inputs) pairs share a byte stream. Java serialisation of the JDK's value types
 * (boxed numbers, strings, arrays, records of them) is stable across runs, which is what makes the key stable.
 */
final class CheckpointCodec {
    private CheckpointCodec() {
    }

    static String keyOf(String label, String taskId, Object[] inputs) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            byte[] id = taskId.getBytes(StandardCharsets.UTF_8);
            out.writeInt(id.length);
            out.write(id);
            out.writeInt(inputs.length);
            for (Object input : inputs) {
                byte[] bytes = serialise(label, input, "input");
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
        return Hashes.toHex(Hashes.sha256(buffer.toByteArray()));
    }

    static byte[] serialise(String label, Object value, String role) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (NotSerializableException e) {
            throw new TaskFailedException(ErrorKind.INVALID_ARGUMENT, "NOT_SERIALIZABLE", List.of(label),
                    "checkpointed task's " + role + " of class " + e.getMessage()
                            + " is not java.io.Serializable; make it Serializable or drop Task.checkpointed()", e);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory stream failed", e);
        }
        return buffer.toByteArray();
    }

    static Object deserialise(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return in.readObject();
        }
    }
}
