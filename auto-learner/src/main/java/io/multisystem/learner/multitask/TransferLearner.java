package io.multisystem.learner.multitask;

import io.multisystem.learner.data.LabeledData;
import io.multisystem.learner.engine.Adam;
import io.multisystem.learner.engine.Network;
import io.multisystem.learner.engine.TrainingHooks;
import io.multisystem.learner.engine.TrainingLoop;
import io.multisystem.learner.engine.TrainingReport;

/**
 * Transfer by fine-tuning with a freeze/unfreeze schedule: the pretrained trunk is kept, a fresh head sized for the
 * target classes replaces the old one, the trunk is frozen for the first {@code frozenEpochs} epochs (only the new
 * head learns, so its random gradients cannot wreck the features) and then unfrozen so the whole network fine-tunes.
 */
public final class TransferLearner {
    private final int epochs;
    private final int frozenEpochs;
    private final int batchSize;
    private final float lr;
    private final long seed;

    public TransferLearner(int epochs, int frozenEpochs, int batchSize, float lr, long seed) {
        io.multisystem.core.error.Validation.of("auto-learner.transfer")
                .require(frozenEpochs >= 0 && frozenEpochs <= epochs, "frozenEpochs", "must be between 0 and epochs")
                .throwIfInvalid();
        this.epochs = epochs;
        this.frozenEpochs = frozenEpochs;
        this.batchSize = batchSize;
        this.lr = lr;
        this.seed = seed;
    }

    /** A new network: {@code pretrained}'s trunk with a fresh head for {@code target}, fine-tuned on it. */
    public Network fineTune(Network pretrained, LabeledData target, java.util.function.Consumer<TrainingReport> report) {
        Network net = pretrained.withNewHeads(new int[] {target.classes()}, seed);
        int frozen = frozenEpochs;
        TrainingHooks schedule = new TrainingHooks() {
            @Override
            public boolean trainable(String name, int epoch) {
                return epoch >= frozen || !Network.isTrunk(name);
            }
        };
        TrainingReport r = new TrainingLoop(epochs, batchSize, seed).train(net, target, 0, Adam.adam(lr), schedule,
                null);
        if (report != null) {
            report.accept(r);
        }
        return net;
    }
}
