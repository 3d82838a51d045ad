package io.multisystem.parallel.jobs;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.parallel.task.Ref;
import io.multisystem.parallel.task.Task;
import io.multisystem.parallel.task.TaskEngine;
import java.util.SplittableRandom;

/**
 * Dense matrix multiply {@code C = A x B} (row-major {@code double[]}), one task per block of {@code block} rows of C,
 * then one task assembling them.
 *
 * <p>Design note: each task computes its rows with the i-k-j loop order, so the inner loop streams one row of B and
 * one row of C (unit stride, vectorisable by the JIT) instead of walking a column of B. Row blocks are independent, so
 * tasks never share written memory.
 */
public final class MatrixMultiply {
    private MatrixMultiply() {
    }

    /** A square {@code n x n} matrix. */
    public record Matrix(int n, double[] values) {
        public double get(int row, int column) {
            return values[row * n + column];
        }

        /** Entries uniform in [-1, 1) from {@code seed}. */
        public static Matrix random(int n, long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            double[] values = new double[n * n];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextDouble(-1.0, 1.0);
            }
            return new Matrix(n, values);
        }
    }

    /**
     * @throws InvalidInputException with code {@code INVALID_MATRIX} if the sizes differ or {@code block < 1}
     */
    public static Ref<Matrix> submit(TaskEngine engine, Matrix a, Matrix b, int block) {
        if (a.n() != b.n() || block < 1) {
            throw new InvalidInputException(TaskEngine.COMPONENT, "INVALID_MATRIX",
                    "matrices must have the same size and the block at least 1 row, were " + a.n() + ", " + b.n()
                            + " and block " + block);
        }
        int n = a.n();
        Task<double[]> rows = Task.of2("matmul.rows", (Integer from, Integer to) -> multiplyRows(a, b, from, to));
        Task<Matrix> assemble = Task.of("matmul.assemble", parts -> {
            double[] c = new double[n * n];
            int offset = 0;
            for (Object part : parts) {
                double[] values = (double[]) part;
                System.arraycopy(values, 0, c, offset, values.length);
                offset += values.length;
            }
            return new Matrix(n, c);
        });
        int blocks = Math.max(1, (n + block - 1) / block);
        Object[] parts = new Object[blocks];
        for (int i = 0; i < blocks; i++) {
            parts[i] = engine.submit(rows, i * block, Math.min(n, (i + 1) * block));
        }
        return engine.submit(assemble, parts);
    }

    /** Sequential reference: all of C. */
    public static Matrix multiplySequential(Matrix a, Matrix b) {
        return new Matrix(a.n(), multiplyRows(a, b, 0, a.n()));
    }

    static double[] multiplyRows(Matrix a, Matrix b, int from, int to) {
        int n = a.n();
        double[] av = a.values();
        double[] bv = b.values();
        double[] c = new double[(to - from) * n];
        for (int i = from; i < to; i++) {
            int cRow = (i - from) * n;
            for (int k = 0; k < n; k++) {
                double aik = av[i * n + k];
                int bRow = k * n;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += aik * bv[bRow + j];
                }
            }
        }
        return c;
    }
}
