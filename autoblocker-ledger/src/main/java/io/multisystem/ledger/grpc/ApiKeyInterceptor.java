package io.multisystem.ledger.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.multisystem.core.error.UnauthenticatedException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.v1.LedgerServiceGrpc;

/**
 * Domain API keys on {@code ReportEvents}: the caller sends {@code x-api-key: abl_<id>_<secret>} metadata. When the
 * key store holds any key, a missing, unknown or revoked key is refused with UNAUTHENTICATED before the call
 * starts (nothing is ingested); a valid key's record is put in the call's {@link Context} so the service can refuse,
 * with PERMISSION_DENIED, an event whose domain is not the key's. Other RPCs are operator calls, protected by the
 * platform's bearer tokens; a key sent to them is ignored. Thread-safe.
 */
public final class ApiKeyInterceptor implements ServerInterceptor {
    public static final Metadata.Key<String> API_KEY = Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER);
    /** The authenticated key of the current call, or null when the store is not enforcing. */
    static final Context.Key<ApiKeyStore.KeyRecord> KEY = Context.key("autoblocker-ledger-api-key");

    private final ApiKeyStore store;

    public ApiKeyInterceptor(ApiKeyStore store) {
        this.store = store;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                      ServerCallHandler<Q, R> next) {
        if (!call.getMethodDescriptor().getFullMethodName().equals(LedgerServiceGrpc.getReportEventsMethod()
                .getFullMethodName()) || !store.enforcing()) {
            return next.startCall(call, headers);
        }
        String presented = headers.get(API_KEY);
        ApiKeyStore.Check check = store.check(presented);
        if (check instanceof ApiKeyStore.Valid v) {
            return Contexts.interceptCall(Context.current().withValue(KEY, v.record()), call, headers, next);
        }
        String problem = check instanceof ApiKeyStore.Revoked r
                ? "API key " + r.record().id() + " of domain " + r.record().domain() + " was revoked at "
                  + r.record().revoked() + "; ask the operator for a new key"
                : presented == null || presented.isBlank()
                ? "ReportEvents needs the reporting domain's API key in the 'x-api-key' metadata "
                  + "(create one with `autoblocker-ledger keys create --domain <domain>`)"
                : "API key not accepted: " + ((ApiKeyStore.Unknown) check).reason();
        var status = GrpcErrors.toStatusException(new UnauthenticatedException(LedgerErrors.COMPONENT,
                "API_KEY_INVALID", problem));
        call.close(status.getStatus(), status.getTrailers() == null ? new Metadata() : status.getTrailers());
        return new ServerCall.Listener<>() {
        };
    }
}
