package io.multisystem.learner.continual;

import io.multisystem.core.error.InvalidInputException;

import java.util.List;

/** Creates continual-learning strategies by name with their documented default hyper-parameters. */
public final class Strategies {
    public static final List<String> NAMES = List.of("naive", "ewc", "lwf", "replay", "agem");

    private Strategies() {
    }

    /**
     * naive; ewc (online, lambda 5000, gamma 1.0, Fisher from 1024 examples); lwf (alpha 1, T 2); replay (reservoir
     * of {@code memory} examples); agem ({@code memory} / 5 examples per task, reference batch 256).
     *
     * @throws InvalidInputException UNKNOWN_STRATEGY for any other name
     */
    public static ContinualStrategy create(String name, StrategyOptions options, long seed) {
        switch (name) {
            case "naive":
                return new Naive();
            case "ewc":
                return new OnlineEwc(options.ewcLambda(), options.ewcGamma(), options.fisherSamples(), seed);
            case "lwf":
                return new LearningWithoutForgetting(options.lwfAlpha(), options.lwfTemperature());
            case "replay":
                return new ExperienceReplay(options.memory(), seed);
            case "agem":
                return new AGem(Math.max(1, options.memory() / 5), 256, seed);
            default:
                throw new InvalidInputException(ContinualErrors.COMPONENT, "UNKNOWN_STRATEGY",
                        "unknown strategy '" + name + "'; use one of " + NAMES);
        }
    }

    /** Hyper-parameters of the strategies. */
    public record StrategyOptions(float ewcLambda, float ewcGamma, int fisherSamples, float lwfAlpha,
                                  float lwfTemperature, int memory) {
        public static StrategyOptions defaults() {
            return new StrategyOptions(5000f, 1.0f, 1024, 1f, 2f, 1000);
        }

        public StrategyOptions withEwcLambda(float lambda) {
            return new StrategyOptions(lambda, ewcGamma, fisherSamples, lwfAlpha, lwfTemperature, memory);
        }

        public StrategyOptions withMemory(int size) {
            return new StrategyOptions(ewcLambda, ewcGamma, fisherSamples, lwfAlpha, lwfTemperature, size);
        }
    }
}
