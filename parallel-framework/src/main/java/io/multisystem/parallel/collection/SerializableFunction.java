package io.multisystem.parallel.collection;

import java.io.Serializable;

/**
 * a function that is also {@link Serializable}, so a lambda written for it can be shipped to another node in cluster mode
 * (it serialises when everything it captures does).
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends java.util.function.Function<T, R>, Serializable {
}
