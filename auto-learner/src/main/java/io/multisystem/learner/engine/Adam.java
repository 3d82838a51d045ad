package io.multisystem.learner.engine;

import ai.djl.ndarray.NDArray;

import java.util.ArrayList;
import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) with bias correction, updating parameters in place; learning rate {@code lr},
 * beta1 0.9, beta2 0.999, epsilon 1e-8. With {@code lr} and no moments it degrades to plain SGD when
 * {@link #sgd(float)} is used. Moment arrays live in the parameters' manager. Not thread-safe.
 */
public final class Adam {
    private final float lr;
    private final boolean plainSgd;
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int t;

    private Adam(float lr, boolean plainSgd) {
        this.lr = lr;
        this.plainSgd = plainSgd;
    }

    public static Adam adam(float lr) {
        return new Adam(lr, false);
    }

    public static Adam sgd(float lr) {
        return new Adam(lr, true);
    }

    /**
     * One update: {@code params[i] -= step(grads[i])}; a null gradient (frozen parameter) leaves it unchanged.
     * Runs outside any gradient collector; temporaries belong to the current NDScope.
     */
    public void step(List<NDArray> params, List<NDArray> grads) {
        TorchRuntime.disableGradModeOnThisThread();
        if (plainSgd) {
            for (int i = 0; i < params.size(); i++) {
                if (grads.get(i) != null) {
                    params.get(i).subi(grads.get(i).mul(lr));
                }
            }
            return;
        }
        if (m.isEmpty()) {
            for (NDArray p : params) {
                NDArray mi = p.zerosLike();
                NDArray vi = p.zerosLike();
                ai.djl.ndarray.NDScope.unregister(mi, vi);
                m.add(mi);
                v.add(vi);
            }
        }
        t++;
        float c1 = (float) (1 - Math.pow(0.9, t));
        float c2 = (float) (1 - Math.pow(0.999, t));
        for (int i = 0; i < params.size(); i++) {
            NDArray g = grads.get(i);
            if (g == null) {
                continue;
            }
            m.get(i).muli(0.9f).addi(g.mul(0.1f));
            v.get(i).muli(0.999f).addi(g.square().mul(0.001f));
            NDArray update = m.get(i).div(c1).div(v.get(i).div(c2).sqrt().add(1e-8f)).mul(lr);
            params.get(i).subi(update);
        }
    }
}
