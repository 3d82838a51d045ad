package io.multisystem.symbolic.polynomial;

import java.util.TreeMap;

/** Read-only structural views of polynomials for other features (Horner form, evaluation order). */
public final class PolynomialViews {
    private PolynomialViews() {
    }

    /** Coefficients of the powers of {@code var}, as polynomials over the other variables, by degree. */
    public static TreeMap<Integer, Polynomial> coefficientsIn(Polynomial p, String var) {
        return p.coefficientsIn(var);
    }
}
