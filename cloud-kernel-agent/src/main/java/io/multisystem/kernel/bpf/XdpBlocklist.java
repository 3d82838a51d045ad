package io.multisystem.kernel.bpf;

import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.nativeio.KernelHelper;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One loaded XDP blocklist: two LPM tries (IPv4 keys 8 bytes, IPv6 keys 20 bytes, values {@code {u64 packets,
 * u64 bytes}}), a two-slot stats array (passed, dropped) and the program from {@link XdpPrograms#blocklist}. It can be
 * attached to one interface at a time, through a bpf_link (closing the link detaches) or, when the kernel has no XDP
 * links, through rtnetlink. {@link #close()} detaches and releases every fd, so no kernel object outlives the agent.
 * Thread-safe: map operations are atomic in the kernel; attach/detach are synchronized.
 */
public final class XdpBlocklist implements AutoCloseable {
    public static final int BPF_MAP_TYPE_ARRAY = 2;
    public static final int BPF_MAP_TYPE_LPM_TRIE = 11;
    public static final int BPF_PROG_TYPE_XDP = 6;
    public static final int BPF_F_NO_PREALLOC = 1;
    public static final int XDP_FLAGS_SKB_MODE = 2;
    public static final int XDP_FLAGS_DRV_MODE = 4;
    private static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_.:@-]{1,15}");

    /** How the program is attached: native driver mode, generic (skb) mode, or whatever the driver offers. */
    public enum Mode {
        AUTO(0), DRIVER(XDP_FLAGS_DRV_MODE), GENERIC(XDP_FLAGS_SKB_MODE);

        final int flags;

        Mode(int flags) {
            this.flags = flags;
        }
    }

    public record Entry(Cidr prefix, long packets, long bytes) {
    }

    public record Totals(long passedPackets, long passedBytes, long droppedPackets, long droppedBytes) {
    }

    public record Attachment(String interfaceName, int interfaceIndex, Mode mode, String method) {
    }

    private final KernelHelper helper;
    private final int maxPrefixes;
    private final int v4Fd;
    private final int v6Fd;
    private final int statsFd;
    private final int progFd;
    private Attachment attachment;
    private int linkFd = -1;
    private boolean closed;

    private XdpBlocklist(KernelHelper helper, int maxPrefixes, int v4Fd, int v6Fd, int statsFd, int progFd) {
        this.helper = helper;
        this.maxPrefixes = maxPrefixes;
        this.v4Fd = v4Fd;
        this.v6Fd = v6Fd;
        this.statsFd = statsFd;
        this.progFd = progFd;
    }

    /** Creates the maps and loads the program (needs CAP_BPF); nothing is attached yet. */
    public static XdpBlocklist load(KernelHelper helper, int maxPrefixes) {
        if (maxPrefixes < 1 || maxPrefixes > 16_777_216) {
            throw KernelErrors.invalid("MAX_PREFIXES_INVALID", "maxPrefixes must be 1..16777216, was " + maxPrefixes);
        }
        int v4 = -1;
        int v6 = -1;
        int stats = -1;
        try {
            v4 = helper.mapCreate(BPF_MAP_TYPE_LPM_TRIE, 8, 16, maxPrefixes, BPF_F_NO_PREALLOC, "blk_v4");
            v6 = helper.mapCreate(BPF_MAP_TYPE_LPM_TRIE, 20, 16, maxPrefixes, BPF_F_NO_PREALLOC, "blk_v6");
            stats = helper.mapCreate(BPF_MAP_TYPE_ARRAY, 4, 16, 2, 0, "blk_stats");
            int prog = helper.progLoad(BPF_PROG_TYPE_XDP, XdpPrograms.blocklist(v4, v6, stats), "GPL", "xdp_blocklist");
            return new XdpBlocklist(helper, maxPrefixes, v4, v6, stats, prog);
        } catch (RuntimeException e) {
            helper.close(v4);
            helper.close(v6);
            helper.close(stats);
            throw e;
        }
    }

    public static void validateInterfaceName(String name) {
        if (name == null || !INTERFACE_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw KernelErrors.invalid("INTERFACE_NAME_INVALID", "interface name '" + name
                    + "' is invalid: 1-15 characters of letters, digits, '_', '.', ':', '@', '-'");
        }
    }

    public synchronized Attachment attach(String interfaceName, Mode mode) {
        ensureOpen();
        validateInterfaceName(interfaceName);
        if (attachment != null) {
            throw KernelErrors.precondition(KernelErrors.XDP_ALREADY_ATTACHED, "the blocklist is already attached to "
                    + attachment.interfaceName() + "; detach it first");
        }
        int ifindex = helper.interfaceIndex(interfaceName);
        if (ifindex == 0) {
            throw KernelErrors.notFound(KernelErrors.INTERFACE_NOT_FOUND, "no network interface named '" + interfaceName + "'");
        }
        String method;
        try {
            linkFd = helper.xdpLinkCreate(progFd, ifindex, mode.flags);
            method = "bpf_link";
        } catch (io.multisystem.core.error.PlatformException e) {
            if (!"EINVAL".equals(e.details().get("errno")) && !"ENOSYS".equals(e.details().get("errno"))) {
                throw e;
            }
            helper.xdpNetlinkSet(ifindex, progFd, mode.flags);
            linkFd = -1;
            method = "netlink";
        }
        attachment = new Attachment(interfaceName, ifindex, mode, method);
        return attachment;
    }

    public synchronized Optional<Attachment> attachment() {
        return Optional.ofNullable(attachment);
    }

    public synchronized void detach() {
        if (attachment == null) {
            throw KernelErrors.precondition(KernelErrors.XDP_NOT_ATTACHED, "the blocklist is not attached to any interface");
        }
        if (linkFd >= 0) {
            helper.close(linkFd);
            linkFd = -1;
        } else {
            helper.xdpNetlinkSet(attachment.interfaceIndex(), -1, attachment.mode().flags);
        }
        attachment = null;
    }

    /** Adds a prefix (keeping its counters if present); returns false if it was already blocked. */
    public boolean block(Cidr prefix) {
        ensureOpen();
        int fd = prefix.isIpv4() ? v4Fd : v6Fd;
        byte[] key = prefix.trieKey();
        try {
            helper.mapUpdate(fd, key, new byte[16], 1 /* BPF_NOEXIST */);
        } catch (io.multisystem.core.error.PlatformException e) {
            if ("EEXIST".equals(e.details().get("errno"))) {
                return false;
            }
            if ("ENOSPC".equals(e.details().get("errno")) || "E2BIG".equals(e.details().get("errno"))) {
                throw new io.multisystem.core.error.ResourceExhaustedException(KernelErrors.COMPONENT, "BLOCKLIST_FULL",
                        "the blocklist holds its maximum of " + maxPrefixes + " prefixes per family");
            }
            throw e;
        }
        return true;
    }

    /** Removes a prefix; false if it was not in the list. */
    public boolean unblock(Cidr prefix) {
        ensureOpen();
        return helper.mapDelete(prefix.isIpv4() ? v4Fd : v6Fd, prefix.trieKey());
    }

    public List<Entry> entries() {
        ensureOpen();
        List<Entry> all = new ArrayList<>(entries(v4Fd));
        all.addAll(entries(v6Fd));
        return all;
    }

    private List<Entry> entries(int fd) {
        List<Entry> out = new ArrayList<>();
        int keySize = fd == v4Fd ? 8 : 20;
        byte[] key = null;
        while (true) {
            Optional<byte[]> next = helper.mapNextKey(fd, key, keySize);
            if (next.isEmpty()) {
                return out;
            }
            key = next.get();
            Optional<byte[]> value = helper.mapLookup(fd, key, 16);
            if (value.isPresent()) {
                ByteBuffer v = ByteBuffer.wrap(value.get()).order(ByteOrder.nativeOrder());
                out.add(new Entry(Cidr.fromTrieKey(key), v.getLong(0), v.getLong(8)));
            }
        }
    }

    public Totals totals() {
        ensureOpen();
        long[] passed = slot(0);
        long[] dropped = slot(1);
        return new Totals(passed[0], passed[1], dropped[0], dropped[1]);
    }

    private long[] slot(int index) {
        byte[] key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(index).array();
        byte[] value = helper.mapLookup(statsFd, key, 16).orElse(new byte[16]);
        ByteBuffer v = ByteBuffer.wrap(value).order(ByteOrder.nativeOrder());
        return new long[] {v.getLong(0), v.getLong(8)};
    }

    /** Runs the program over {@code frame} in the kernel ({@code BPF_PROG_TEST_RUN}) without any interface. */
    public KernelHelper.TestRun testRun(byte[] frame, int repeat) {
        ensureOpen();
        return helper.progTestRun(progFd, frame, repeat);
    }

    public int maxPrefixes() {
        return maxPrefixes;
    }

    private void ensureOpen() {
        if (closed) {
            throw KernelErrors.precondition("BLOCKLIST_CLOSED", "the blocklist was closed");
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (attachment != null) {
            detach();
        }
        helper.close(progFd);
        helper.close(v4Fd);
        helper.close(v6Fd);
        helper.close(statsFd);
        closed = true;
    }
}
