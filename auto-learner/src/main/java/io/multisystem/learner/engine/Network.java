package io.multisystem.learner.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import io.multisystem.core.error.InvalidInputException;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A trainable network on DJL/PyTorch NDArrays: a shared trunk (MLP or small CNN) and one linear head per task.
 *
 * <p>Design note: parameters are plain NDArrays with autograd enabled, owned by this network's manager, and the
 * forward pass is written with NDArray operators, so strategies can read and modify gradients (EWC penalties, A-GEM
 * projection, gradient reversal for DANN, first-order MAML) without going through DJL's Block/Trainer machinery.
 * Initialisation is He-normal from a seeded {@link Random}, so a seed fixes the initial weights bit for bit.
 * Intermediate arrays of a forward pass belong to the input's manager; callers run steps inside an
 * {@link ai.djl.ndarray.NDScope} so that they are freed. Not thread-safe.
 */
public final class Network implements AutoCloseable {
    private static final int MAGIC = 0x414c4e4e; // "ALNN"
    private final NetworkSpec spec;
    private final NDManager manager;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    private Network(NetworkSpec spec, NDManager manager) {
        TorchRuntime.disableGradModeOnThisThread();
        this.spec = spec;
        this.manager = manager;
    }

    /** A freshly initialised network whose arrays live in a sub-manager of {@code parent}. */
    public static Network create(NDManager parent, NetworkSpec spec, long seed) {
        Network net = new Network(spec, parent.newSubManager());
        Random random = new Random(seed);
        if (spec.kind() == NetworkSpec.Kind.MLP) {
            int in = spec.inputSize();
            int[] hidden = spec.hidden();
            for (int i = 0; i < hidden.length; i++) {
                net.add("trunk.w" + i, he(random, in, new Shape(in, hidden[i])));
                net.add("trunk.b" + i, new float[hidden[i]], new Shape(hidden[i]));
                in = hidden[i];
            }
        } else {
            int[] h = spec.hidden();
            net.add("trunk.conv1.w", he(random, spec.channels() * 9, new Shape(h[0], spec.channels(), 3, 3)));
            net.add("trunk.conv1.b", new float[h[0]], new Shape(h[0]));
            net.add("trunk.conv2.w", he(random, h[0] * 9, new Shape(h[1], h[0], 3, 3)));
            net.add("trunk.conv2.b", new float[h[1]], new Shape(h[1]));
            int flat = h[1] * (spec.height() / 4) * (spec.width() / 4);
            net.add("trunk.fc.w", he(random, flat, new Shape(flat, h[2])));
            net.add("trunk.fc.b", new float[h[2]], new Shape(h[2]));
        }
        int[] heads = spec.heads();
        for (int t = 0; t < heads.length; t++) {
            net.add("head" + t + ".w", he(random, spec.featureSize(), new Shape(spec.featureSize(), heads[t])));
            net.add("head" + t + ".b", new float[heads[t]], new Shape(heads[t]));
        }
        return net;
    }

    private record Init(float[] values, Shape shape) {
    }

    private static Init he(Random random, int fanIn, Shape shape) {
        float[] values = new float[(int) shape.size()];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return new Init(values, shape);
    }

    private void add(String name, Init init) {
        add(name, init.values(), init.shape());
    }

    private void add(String name, float[] values, Shape shape) {
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        parameters.put(name, array);
    }

    public NetworkSpec spec() {
        return spec;
    }

    public NDManager manager() {
        return manager;
    }

    /** The shared trunk's output for a batch {@code x} of shape (batch, inputSize). */
    public NDArray features(NDArray x) {
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != spec.inputSize()) {
            throw new InvalidInputException(NetworkSpec.COMPONENT, "SHAPE_MISMATCH",
                    "input of shape " + x.getShape() + " does not fit the network's " + spec.inputSize() + " inputs");
        }
        if (spec.kind() == NetworkSpec.Kind.MLP) {
            NDArray h = x;
            int layers = spec.hidden().length;
            for (int i = 0; i < layers; i++) {
                h = h.matMul(p("trunk.w" + i)).add(p("trunk.b" + i)).maximum(0f);
            }
            return h;
        }
        long batch = x.getShape().get(0);
        NDArray img = x.reshape(batch, spec.channels(), spec.height(), spec.width());
        NDArray h = conv(img, "trunk.conv1");
        h = conv(h, "trunk.conv2");
        h = h.reshape(batch, -1);
        return h.matMul(p("trunk.fc.w")).add(p("trunk.fc.b")).maximum(0f);
    }

    /**
     * The CNN trunk's convolutional feature map, flattened: (batch, conv2 filters x height/4 x width/4), before the dense
     * layer. Used as a wide embedding (prototypical networks); only the conv parameters take part.
     */
    public NDArray convFeatures(NDArray x) {
        if (spec.kind() != NetworkSpec.Kind.CNN) {
            throw new InvalidInputException(NetworkSpec.COMPONENT, "NOT_A_CNN", "convolutional features need a CNN trunk");
        }
        if (x.getShape().dimension() != 2 || x.getShape().get(1) != spec.inputSize()) {
            throw new InvalidInputException(NetworkSpec.COMPONENT, "SHAPE_MISMATCH",
                    "input of shape " + x.getShape() + " does not fit the network's " + spec.inputSize() + " inputs");
        }
        long batch = x.getShape().get(0);
        NDArray img = x.reshape(batch, spec.channels(), spec.height(), spec.width());
        return conv(conv(img, "trunk.conv1"), "trunk.conv2").reshape(batch, -1);
    }

    private NDArray conv(NDArray in, String name) {
        NDList out = Conv2d.conv2d(in, p(name + ".w"), p(name + ".b"), new Shape(1, 1), new Shape(1, 1));
        NDArray relu = out.singletonOrThrow().maximum(0f);
        return Pool.maxPool2d(relu, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
    }

    /** Head {@code head}'s outputs (logits) for trunk features. */
    public NDArray head(NDArray features, int head) {
        if (head < 0 || head >= spec.heads().length) {
            throw new InvalidInputException(NetworkSpec.COMPONENT, "UNKNOWN_HEAD",
                    "head " + head + " does not exist; the network has " + spec.heads().length + " head(s)");
        }
        return features.matMul(p("head" + head + ".w")).add(p("head" + head + ".b"));
    }

    public NDArray forward(NDArray x, int head) {
        return head(features(x), head);
    }

    private NDArray p(String name) {
        return parameters.get(name);
    }

    /** All parameters, trunk first, in a stable order. */
    public List<NDArray> parameters() {
        return new ArrayList<>(parameters.values());
    }

    public List<String> parameterNames() {
        return new ArrayList<>(parameters.keySet());
    }

    public long parameterCount() {
        return parameters.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }

    /** True for the parameters of the shared trunk (not of a head). */
    public static boolean isTrunk(String name) {
        return name.startsWith("trunk.");
    }

    /** A deep copy with its own arrays (in a new sub-manager of this network's parent). */
    public Network copy() {
        Network copy = new Network(spec, manager.getParentManager().newSubManager());
        parameters.forEach((name, array) -> {
            NDArray dup = copy.manager.create(array.toFloatArray(), array.getShape());
            dup.setRequiresGradient(true);
            copy.parameters.put(name, dup);
        });
        return copy;
    }

    /** Overwrites every parameter with {@code other}'s values (same spec). */
    public void copyFrom(Network other) {
        TorchRuntime.disableGradModeOnThisThread();
        parameters.forEach((name, array) -> array.set(other.parameters.get(name).toFloatArray()));
    }

    /** Snapshot of all parameter values as Java arrays (for checkpoints and reptile updates). */
    public Map<String, float[]> snapshot() {
        Map<String, float[]> snap = new LinkedHashMap<>();
        parameters.forEach((name, array) -> snap.put(name, array.toFloatArray()));
        return snap;
    }

    public void restore(Map<String, float[]> snapshot) {
        TorchRuntime.disableGradModeOnThisThread();
        parameters.forEach((name, array) -> array.set(snapshot.get(name)));
    }

    /** A new network with this trunk's weights and freshly initialised heads of the given sizes (transfer). */
    public Network withNewHeads(int[] heads, long seed) {
        Network fresh = create(manager.getParentManager(), spec.withHeads(heads), seed);
        parameters.forEach((name, array) -> {
            NDArray target = fresh.parameters.get(name);
            if (isTrunk(name) && target != null && target.getShape().equals(array.getShape())) {
                target.set(array.toFloatArray());
            }
        });
        return fresh;
    }

    /** Writes the spec and parameters in the module's binary model format ("ALNN" v1, big-endian). */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(1);
        out.writeUTF(spec.kind().name());
        out.writeInt(spec.channels());
        out.writeInt(spec.height());
        out.writeInt(spec.width());
        writeInts(out, spec.hidden());
        writeInts(out, spec.heads());
        out.writeInt(parameters.size());
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            out.writeUTF(e.getKey());
            float[] values = e.getValue().toFloatArray();
            out.writeInt(values.length);
            for (float v : values) {
                out.writeFloat(v);
            }
        }
    }

    /** Reads a network written by {@link #write}. */
    public static Network read(NDManager parent, DataInputStream in) throws IOException {
        if (in.readInt() != MAGIC || in.readInt() != 1) {
            throw new IOException("not an auto-learner model file (bad magic or version)");
        }
        NetworkSpec spec = new NetworkSpec(NetworkSpec.Kind.valueOf(in.readUTF()), in.readInt(), in.readInt(),
                in.readInt(), readInts(in), readInts(in));
        Network net = create(parent, spec, 0);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            float[] values = new float[in.readInt()];
            for (int j = 0; j < values.length; j++) {
                values[j] = in.readFloat();
            }
            NDArray target = net.parameters.get(name);
            if (target == null || target.getShape().size() != values.length) {
                throw new IOException("parameter " + name + " does not match the model's architecture");
            }
            target.set(values);
        }
        return net;
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[in.readInt()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    @Override
    public void close() {
        manager.close();
    }
}
