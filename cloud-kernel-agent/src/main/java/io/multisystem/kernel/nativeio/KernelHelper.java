package io.multisystem.kernel.nativeio;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Loads {@code libkernelhelper.so} from the jar ({@code /native/linux-<os.arch>/}), extracting it to a temporary file
 * and calling {@link System#load}; then checks that the library's ABI version equals {@link KernelNative#ABI_VERSION}.
 * The outcome is remembered: {@link #get()} returns the helper or throws UNAVAILABLE with the reason, and
 * {@link #unavailableReason()} lets callers (and tests) decide up front. Every wrapped call turns errno failures into
 * platform errors with a hint (which capability is missing, the verifier log).
 */
public final class KernelHelper {
    public static final String LIBRARY = "libkernelhelper.so";
    private static final Object LOCK = new Object();
    private static volatile KernelHelper instance;
    private static volatile String failure;

    private KernelHelper() {
    }

    /** The loaded helper. @throws io.multisystem.core.error.UnavailableException naming why it could not load */
    public static KernelHelper get() {
        KernelHelper helper = load();
        if (helper == null) {
            throw KernelErrors.nativeUnavailable(failure);
        }
        return helper;
    }

    /** Why the helper cannot load, or empty when it is loaded. */
    public static Optional<String> unavailableReason() {
        return load() == null ? Optional.of(failure) : Optional.empty();
    }

    private static KernelHelper load() {
        if (instance != null || failure != null) {
            return instance;
        }
        synchronized (LOCK) {
            if (instance != null || failure != null) {
                return instance;
            }
            try {
                String resource = "/native/linux-" + System.getProperty("os.arch") + "/" + LIBRARY;
                String override = System.getProperty("multisystem.kernel.helper");
                Path library;
                if (override != null) {
                    library = Path.of(override);
                } else {
                    try (InputStream in = KernelHelper.class.getResourceAsStream(resource)) {
                        if (in == null) {
                            failure = "resource " + resource + " is missing from the classpath (not built for "
                                    + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")";
                            return null;
                        }
                        library = Files.createTempFile("kernelhelper-", ".so");
                        Files.copy(in, library, StandardCopyOption.REPLACE_EXISTING);
                        library.toFile().deleteOnExit();
                    }
                }
                System.load(library.toAbsolutePath().toString());
                int abi = KernelNative.abiVersion();
                if (abi != KernelNative.ABI_VERSION) {
                    failure = "ABI version mismatch: library " + abi + ", Java " + KernelNative.ABI_VERSION
                            + " (rebuild the module)";
                    return null;
                }
                instance = new KernelHelper();
            } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            return instance;
        }
    }

    public int abiVersion() {
        return KernelNative.abiVersion();
    }

    // ---- bpf(2) ----

    public int mapCreate(int type, int keySize, int valueSize, int maxEntries, int flags, String name) {
        try {
            return KernelNative.bpfMapCreate(type, keySize, valueSize, maxEntries, flags, name);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    public void mapUpdate(int fd, byte[] key, byte[] value, long flags) {
        try {
            KernelNative.bpfMapUpdate(fd, key, value, flags);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    public Optional<byte[]> mapLookup(int fd, byte[] key, int valueSize) {
        try {
            return Optional.ofNullable(KernelNative.bpfMapLookup(fd, key, valueSize));
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    public boolean mapDelete(int fd, byte[] key) {
        try {
            return KernelNative.bpfMapDelete(fd, key);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    public Optional<byte[]> mapNextKey(int fd, byte[] key, int keySize) {
        try {
            return Optional.ofNullable(KernelNative.bpfMapNextKey(fd, key, keySize));
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    /** Loads a program; a verifier rejection is INVALID_ARGUMENT with the verifier log in the details. */
    public int progLoad(int type, byte[] insns, String license, String name) {
        try {
            return KernelNative.bpfProgLoad(type, insns, license, name, 0);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF (and CAP_NET_ADMIN for XDP programs)");
        }
    }

    public void objPin(int fd, String path) {
        try {
            KernelNative.bpfObjPin(fd, path);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    public int objGet(String path) {
        try {
            return KernelNative.bpfObjGet(path);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF");
        }
    }

    /** Attaches through a bpf_link; closing the returned fd detaches. */
    public int xdpLinkCreate(int progFd, int ifindex, int flags) {
        try {
            return KernelNative.bpfLinkCreateXdp(progFd, ifindex, flags);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_NET_ADMIN and CAP_BPF");
        }
    }

    /** Attaches (progFd ≥ 0) or detaches (progFd = -1) through rtnetlink IFLA_XDP, the fallback without bpf_link. */
    public void xdpNetlinkSet(int ifindex, int progFd, int flags) {
        try {
            KernelNative.xdpNetlinkSet(ifindex, progFd, flags);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_NET_ADMIN");
        }
    }

    /** Runs the program {@code repeat} times over {@code packet}: the return code and the mean run time. */
    public TestRun progTestRun(int progFd, byte[] packet, int repeat) {
        try {
            long[] r = KernelNative.bpfProgTestRun(progFd, packet, repeat);
            return new TestRun((int) r[0], r[1]);
        } catch (NativeCallException e) {
            throw bpfError(e, "CAP_BPF (and CAP_SYS_ADMIN for BPF_PROG_TEST_RUN)");
        }
    }

    public record TestRun(int returnCode, long meanNanos) {
    }

    public void close(int fd) {
        if (fd >= 0) {
            try {
                KernelNative.closeFd(fd);
            } catch (NativeCallException ignored) {
                // already closed: nothing left to release
            }
        }
    }

    /** The interface index, or 0 when no interface has that name. */
    public int interfaceIndex(String name) {
        return KernelNative.ifNameToIndex(name);
    }

    // ---- PSI ----

    /** Registers a PSI trigger on a pressure file; returns the fd to {@link #psiWait} on. */
    public int psiTriggerOpen(Path pressureFile, String trigger) {
        try {
            return KernelNative.psiTriggerOpen(pressureFile.toString(), trigger);
        } catch (NativeCallException e) {
            if ("EPERM".equals(e.errnoName()) || "EACCES".equals(e.errnoName())) {
                throw KernelErrors.fromErrno("PSI trigger on " + pressureFile, "CAP_SYS_RESOURCE (unprivileged "
                        + "triggers need a window that is a multiple of 2 s)", e.errnoName(), e.errno(), null);
            }
            if ("EINVAL".equals(e.errnoName())) {
                throw KernelErrors.invalid("PSI_TRIGGER_INVALID", "the kernel rejected PSI trigger '" + trigger
                        + "' on " + pressureFile + ": the window must be 500ms..10s and the stall at most the window; without CAP_SYS_RESOURCE the window must be a multiple of 2s");
            }
            throw KernelErrors.fromErrno("PSI trigger on " + pressureFile, "CAP_SYS_RESOURCE", e.errnoName(),
                    e.errno(), null);
        }
    }

    /** Waits up to {@code timeoutMillis} for the trigger; true when it fired. */
    public boolean psiWait(int fd, int timeoutMillis) {
        try {
            return KernelNative.psiWait(fd, timeoutMillis) == 1;
        } catch (NativeCallException e) {
            throw KernelErrors.fromErrno("poll on PSI trigger", "CAP_SYS_RESOURCE", e.errnoName(), e.errno(), e.log());
        }
    }

    // ---- network namespaces (tests and diagnostics) ----

    /** Sends one UDP datagram from {@code src} (an address inside the namespace) to {@code dst}; 0 or the errno. */
    public int udpSendFromNamespace(Path netns, String src, String dst, int port, byte[] payload) {
        return KernelNative.nsUdpSend(netns.toString(), src, dst, port, payload);
    }

    /** Connects over TCP from inside the namespace, sending {@code payload}; 0 or the errno (110 = ETIMEDOUT). */
    public int tcpConnectFromNamespace(Path netns, String src, String dst, int port, byte[] payload, int timeoutMillis) {
        return KernelNative.nsTcpConnect(netns.toString(), src, dst, port, payload, timeoutMillis);
    }

    private static PlatformException bpfError(NativeCallException e, String capability) {
        return KernelErrors.fromErrno(e.operation(), capability, e.errnoName(), e.errno(), e.log());
    }
}
