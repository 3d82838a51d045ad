package io.multisystem.learner.continual;

/**
 * Metrics of a continual-learning run from its accuracy matrix {@code R[i][j]} = accuracy on task j's test set after
 * learning tasks 0..i, and {@code baseline[j]} = accuracy of the untrained network on task j (GEM paper, Lopez-Paz and
 * Ranzato 2017; forgetting as in Chaudhry et al. 2018).
 *
 * <ul>
 *   <li>average accuracy = mean_j R[T-1][j]
 *   <li>backward transfer = mean_{j<T-1} (R[T-1][j] - R[j][j]) (negative means forgetting)
 *   <li>forward transfer = mean_{j>0} (R[j-1][j] - baseline[j])
 *   <li>forgetting = mean_{j<T-1} (max_{l<T-1} R[l][j] - R[T-1][j])
 * </ul>
 */
public record ContinualMetrics(double averageAccuracy, double backwardTransfer, double forwardTransfer,
                               double forgetting) {
    public static ContinualMetrics of(double[][] r, double[] baseline) {
        int t = r.length;
        double avg = 0;
        for (int j = 0; j < t; j++) {
            avg += r[t - 1][j];
        }
        avg /= t;
        if (t == 1) {
            return new ContinualMetrics(avg, 0, 0, 0);
        }
        double bwt = 0;
        double forgetting = 0;
        for (int j = 0; j < t - 1; j++) {
            bwt += r[t - 1][j] - r[j][j];
            double best = Double.NEGATIVE_INFINITY;
            for (int l = 0; l < t - 1; l++) {
                best = Math.max(best, r[l][j]);
            }
            forgetting += best - r[t - 1][j];
        }
        double fwt = 0;
        for (int j = 1; j < t; j++) {
            fwt += r[j - 1][j] - baseline[j];
        }
        return new ContinualMetrics(avg, bwt / (t - 1), fwt / (t - 1), forgetting / (t - 1));
    }
}
