package io.multisystem.kernel.nativeio;

/**
 * The JNI entry points of {@code libkernelhelper.so} (src/main/c/kernelhelper.c). Raw system calls, no policy: callers
 * go through {@link KernelHelper}, which loads the library, checks {@link #ABI_VERSION} and adds hints to errors.
 * Every method throws {@link NativeCallException} carrying the errno and its name.
 */
public final class KernelNative {
    /** Must equal KH_ABI_VERSION in kernelhelper.c. */
    public static final int ABI_VERSION = 3;

    private KernelNative() {
    }

    static native int abiVersion();

    static native int bpfMapCreate(int type, int keySize, int valueSize, int maxEntries, int flags, String name);

    static native void bpfMapUpdate(int fd, byte[] key, byte[] value, long flags);

    /** The value, or null when the key is absent. */
    static native byte[] bpfMapLookup(int fd, byte[] key, int valueSize);

    /** False when the key was absent. */
    static native boolean bpfMapDelete(int fd, byte[] key);

    /** The key after {@code key} (the first key when null), or null at the end. */
    static native byte[] bpfMapNextKey(int fd, byte[] key, int keySize);

    static native int bpfProgLoad(int type, byte[] insns, String license, String name, int expectedAttachType);

    static native void bpfObjPin(int fd, String path);

    static native int bpfObjGet(String path);

    static native int bpfLinkCreateXdp(int progFd, int ifindex, int flags);

    /** {retval, average duration in ns}. */
    static native long[] bpfProgTestRun(int progFd, byte[] data, int repeat);

    /** progFd -1 detaches. */
    static native void xdpNetlinkSet(int ifindex, int progFd, int flags);

    static native void closeFd(int fd);

    static native int ifNameToIndex(String name);

    static native int psiTriggerOpen(String path, String trigger);

    /** 1 when the trigger fired, 0 on timeout. */
    static native int psiWait(int fd, int timeoutMs);

    /** 0 when sent, else the errno. */
    static native int nsUdpSend(String netnsPath, String src, String dst, int port, byte[] payload);

    /** 0 when connected (and payload sent), else the errno (ETIMEDOUT when the SYN got no answer). */
    static native int nsTcpConnect(String netnsPath, String src, String dst, int port, byte[] payload, int timeoutMs);
}
