package io.multisystem.contract.analysis;

import com.microsoft.z3.Context;

/**
 * Whether Z3's native library (shipped inside {@code tools.aqua:z3-turnkey} for the common platforms) can be loaded
 * here. Probed once; the result and, on failure, the reason are cached.
 */
public final class Z3Runtime {
    private static volatile String failure;
    private static volatile boolean probed;

    private Z3Runtime() {
    }

    /** Null when Z3 works, otherwise why it does not. */
    public static synchronized String unavailableReason() {
        if (!probed) {
            try (Context ctx = new Context()) {
                ctx.mkTrue();
                failure = null;
            } catch (Throwable t) { // UnsatisfiedLinkError, ExceptionInInitializerError, NoClassDefFoundError...
                failure = "Z3 native library could not be loaded (" + t.getClass().getSimpleName() + ": " + t.getMessage()
                        + "); tools.aqua:z3-turnkey supports linux/macOS/windows on amd64 and aarch64";
            }
            probed = true;
        }
        return failure;
    }

    public static boolean available() {
        return unavailableReason() == null;
    }
}
