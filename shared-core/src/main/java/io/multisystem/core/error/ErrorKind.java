package io.multisystem.core.error;

/**
 * The broad class of a failure, which decides how every transport reports it: the gRPC status code, the CLI exit
 * code. Kinds describe the caller's situation, not the component's internals.
 */
public enum ErrorKind {
    /** The request itself is wrong; retrying it unchanged will fail again. */
    INVALID_ARGUMENT,
    /** A named thing does not exist. */
    NOT_FOUND,
    /** The thing to be created exists already. */
    ALREADY_EXISTS,
    /** The request is well formed but the system is not in a state that allows it. */
    FAILED_PRECONDITION,
    /** The caller is known but may not do this. */
    PERMISSION_DENIED,
    /** The caller did not prove who it is. */
    UNAUTHENTICATED,
    /** A quota or limit was hit; retry later or ask for less. */
    RESOURCE_EXHAUSTED,
    /** A dependency (database, peer, kernel feature) cannot be reached or is missing; retry may help. */
    UNAVAILABLE,
    /** The work did not finish within its deadline. */
    DEADLINE_EXCEEDED,
    /** The operation was aborted by a concurrent change; retry the whole transaction. */
    ABORTED,
    /** A bug or broken invariant in the platform itself. Never used for bad input. */
    INTERNAL
}
