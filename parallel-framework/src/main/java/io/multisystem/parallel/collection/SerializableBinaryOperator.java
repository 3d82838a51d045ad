package io.multisystem.parallel.collection;

import java.io.Serializable;

/**
 * a binary operator that is also {@link Serializable}, so a lambda written for it can be shipped to another node in cluster mode
 * (it serialises when everything it captures does).
 */
@FunctionalInterface
public interface SerializableBinaryOperator<T> extends java.util.function.BinaryOperator<T>, Serializable {
}
