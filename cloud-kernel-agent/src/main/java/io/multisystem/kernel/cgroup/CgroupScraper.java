package io.multisystem.kernel.cgroup;

import io.multisystem.core.error.ErrorKind;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.kernel.KernelErrors;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The periodic full scrape of many groups with file descriptors kept open between scrapes.
 *
 * <p>Design note: on cgroupfs most of the cost of reading a statistics file is {@code open}/{@code close} (kernfs
 * allocates and frees a seq_file per open) rather than the read. The scraper therefore opens each group's files
 * (the layout's {@link StatFilePlan}) once and re-reads them on every scrape with one positional read at offset 0
 * ({@link FileChannel#read(ByteBuffer, long)}, i.e. {@code pread(fd, buf, n, 0)}): kernfs regenerates a seq_file's
 * content when a read starts at offset 0, so the same descriptor yields fresh values each time. One read with a
 * buffer larger than the file returns the whole content; when the read fills the buffer the buffer is doubled and
 * the file read again. Bytes go into one reusable direct buffer, are copied into one reusable array and parsed by
 * {@link StatParsers} without strings or regular expressions.
 *
 * <p>Membership: each scrape is given the current group list (from the directory walk); descriptors of groups no
 * longer listed are closed, new groups are opened. A read that fails on a cached descriptor (ENODEV after the group
 * was removed) drops the group from this scrape when its directory is gone, otherwise reopens once. Descriptors are
 * bounded by {@code maxOpenFiles} (default: 3/4 of RLIMIT_NOFILE minus those already open); groups beyond the budget
 * are read with open/read/close each time, so the scrape stays correct, only slower.
 */
public final class CgroupScraper implements AutoCloseable {
    private static final int INITIAL_READ_BUFFER = 16 * 1024;

    private final StatFilePlan plan;
    private final int slotsPerGroup;
    private final int maxOpenFiles;
    private final Map<CgroupPath, FileChannel[]> open = new HashMap<>();
    private int openFiles;
    private ByteBuffer io = ByteBuffer.allocateDirect(INITIAL_READ_BUFFER);
    private byte[] buf = new byte[64 * 1024];
    private final int[] offsets;
    private final int[] lengths;
    private boolean closed;

    public CgroupScraper(CgroupLayout layout, int maxOpenFiles) {
        this.plan = StatFilePlan.of(layout);
        this.slotsPerGroup = plan.slots().size();
        this.maxOpenFiles = maxOpenFiles;
        this.offsets = new int[slotsPerGroup];
        this.lengths = new int[slotsPerGroup];
    }

    /** A scraper whose descriptor budget is 3/4 of the process's file limit minus the descriptors already open. */
    public static CgroupScraper withDefaultBudget(CgroupLayout layout) {
        return new CgroupScraper(layout, defaultBudget());
    }

    static int defaultBudget() {
        String configured = System.getProperty("multisystem.kernel.scrape-max-open-files");
        if (configured != null && !configured.isBlank()) {
            return Integer.parseInt(configured.strip());
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long max = unix.getMaxFileDescriptorCount();
            long used = unix.getOpenFileDescriptorCount();
            return (int) Math.max(0, Math.min(Integer.MAX_VALUE, max * 3 / 4 - used));
        }
        return 4096;
    }

    /** Descriptors currently held open. */
    public synchronized int openFiles() {
        return openFiles;
    }

    /** Groups whose descriptors are cached. */
    public synchronized int cachedGroups() {
        return open.size();
    }

    /** Statistics of {@code groups}, in that order; groups that vanished during the scrape are left out. */
    public synchronized List<CgroupStats> scrape(List<CgroupPath> groups) {
        if (closed) {
            throw new IllegalStateException("scraper closed");
        }
        forgetAbsent(groups);
        List<CgroupStats> out = new ArrayList<>(groups.size());
        for (CgroupPath group : groups) {
            CgroupStats stats = scrapeGroup(group, true);
            if (stats != null) {
                out.add(stats);
            }
        }
        return out;
    }

    private void forgetAbsent(List<CgroupPath> groups) {
        if (open.isEmpty()) {
            return;
        }
        Set<CgroupPath> present = new HashSet<>(groups);
        List<CgroupPath> gone = new ArrayList<>();
        for (CgroupPath cached : open.keySet()) {
            if (!present.contains(cached)) {
                gone.add(cached);
            }
        }
        gone.forEach(this::release);
    }

    private CgroupStats scrapeGroup(CgroupPath group, boolean retry) {
        FileChannel[] channels = open.get(group);
        if (channels == null && openFiles + slotsPerGroup <= maxOpenFiles) {
            channels = openAll(group);
            if (channels == null) {
                return null; // the group vanished before it could be opened
            }
            open.put(group, channels);
        }
        int cursor = 0;
        List<StatFilePlan.Slot> slots = plan.slots();
        try {
            for (int i = 0; i < slotsPerGroup; i++) {
                offsets[i] = cursor;
                int n;
                if (channels != null) {
                    n = channels[i] == null ? -1 : pread(channels[i], cursor);
                } else {
                    n = readOnce(slots.get(i).file(group), cursor);
                }
                lengths[i] = n;
                cursor += Math.max(0, n);
            }
        } catch (IOException e) {
            release(group);
            if (!Files.isDirectory(slots.get(0).hierarchy().resolve(group))) {
                return null; // removed between the walk and the read (ENODEV on its descriptors)
            }
            if (retry) {
                return scrapeGroup(group, false);
            }
            throw readFailed(group, e);
        }
        return plan.combine(group.value(), buf, offsets, lengths);
    }

    /** Opens every slot's file; absent files are null. Returns null when the group directory is gone. */
    private FileChannel[] openAll(CgroupPath group) {
        FileChannel[] channels = new FileChannel[slotsPerGroup];
        List<StatFilePlan.Slot> slots = plan.slots();
        for (int i = 0; i < slotsPerGroup; i++) {
            try {
                channels[i] = FileChannel.open(slots.get(i).file(group), StandardOpenOption.READ);
                openFiles++;
            } catch (NoSuchFileException e) {
                channels[i] = null;
            } catch (IOException e) {
                closeAll(channels);
                throw readFailed(group, e);
            }
        }
        if (!slots.isEmpty() && allNull(channels) && !Files.isDirectory(slots.get(0).hierarchy().resolve(group))) {
            return null;
        }
        return channels;
    }

    /** One pread at offset 0 into the shared buffer; grows and re-reads when the content filled it. */
    private int pread(FileChannel channel, int cursor) throws IOException {
        while (true) {
            io.clear();
            int n = channel.read(io, 0);
            if (n < 0) {
                n = 0;
            }
            if (n < io.capacity()) {
                copyOut(n, cursor);
                return n;
            }
            io = ByteBuffer.allocateDirect(io.capacity() * 2);
        }
    }

    /** open/read/close for groups beyond the descriptor budget; -1 when the file is absent. */
    private int readOnce(Path file, int cursor) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return pread(channel, cursor);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private void copyOut(int n, int cursor) {
        if (cursor + n > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, cursor + n));
        }
        io.get(0, buf, cursor, n);
    }

    private void release(CgroupPath group) {
        FileChannel[] channels = open.remove(group);
        if (channels != null) {
            closeAll(channels);
        }
    }

    private void closeAll(FileChannel[] channels) {
        for (int i = 0; i < channels.length; i++) {
            if (channels[i] != null) {
                try {
                    channels[i].close();
                } catch (IOException ignored) {
                    // closing a pseudo-file cannot lose data
                }
                channels[i] = null;
                openFiles--;
            }
        }
    }

    private static boolean allNull(FileChannel[] channels) {
        for (FileChannel c : channels) {
            if (c != null) {
                return false;
            }
        }
        return true;
    }

    private static PlatformException readFailed(CgroupPath group, IOException e) {
        return new PlatformException(ErrorKind.FAILED_PRECONDITION, KernelErrors.COMPONENT,
                KernelErrors.READ_FAILED, Severity.DEGRADED, "cannot read the statistics of cgroup '" + group + "': "
                + e.getMessage(), Map.of("cgroup", group.value()), e);
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (CgroupPath group : new ArrayList<>(open.keySet())) {
            release(group);
        }
    }
}
