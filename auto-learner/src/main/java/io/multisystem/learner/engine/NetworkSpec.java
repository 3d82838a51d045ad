package io.multisystem.learner.engine;

import io.multisystem.core.error.Validation;

import java.util.Arrays;

/**
 * The architecture of a {@link Network}: an MLP ({@code hidden} = widths of the hidden layers) or a small CNN
 * ({@code hidden} = [filters of conv 1, filters of conv 2, width of the dense feature layer]), over inputs of shape
 * {@code channels x height x width}, with one linear head per task ({@code heads[i]} = output size of head i).
 */
public record NetworkSpec(Kind kind, int channels, int height, int width, int[] hidden, int[] heads) {
    public enum Kind { MLP, CNN }

    public static final String COMPONENT = "auto-learner.engine";

    public NetworkSpec {
        Validation.of(COMPONENT)
                .require(kind != null, "kind", "must be MLP or CNN")
                .require(channels > 0 && height > 0 && width > 0, "shape", "channels, height and width must be positive")
                .require(hidden != null && hidden.length > 0 && Arrays.stream(hidden).allMatch(h -> h > 0),
                        "hidden", "needs at least one positive layer width")
                .require(heads != null && heads.length > 0 && Arrays.stream(heads).allMatch(h -> h > 0),
                        "heads", "needs at least one head with a positive output size")
                .require(kind != Kind.CNN || (hidden != null && hidden.length == 3), "hidden",
                        "a CNN takes exactly [conv1 filters, conv2 filters, dense width]")
                .require(kind != Kind.CNN || (height >= 4 && width >= 4), "shape", "a CNN needs images of at least 4x4")
                .throwIfInvalid();
        hidden = hidden.clone();
        heads = heads.clone();
    }

    public static NetworkSpec mlp(int inputs, int[] hidden, int... heads) {
        return new NetworkSpec(Kind.MLP, 1, 1, inputs, hidden, heads);
    }

    public int inputSize() {
        return channels * height * width;
    }

    /** Width of the shared trunk's output (the input of every head). */
    public int featureSize() {
        return hidden[hidden.length - 1];
    }

    public NetworkSpec withHeads(int... newHeads) {
        return new NetworkSpec(kind, channels, height, width, hidden, newHeads);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public int[] heads() {
        return heads.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec s && s.kind == kind && s.channels == channels && s.height == height
                && s.width == width && Arrays.equals(s.hidden, hidden) && Arrays.equals(s.heads, heads);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(hidden)) + Arrays.hashCode(heads) + channels * height * width;
    }

    @Override
    public String toString() {
        return kind + " " + channels + "x" + height + "x" + width + " hidden=" + Arrays.toString(hidden)
                + " heads=" + Arrays.toString(heads);
    }
}
