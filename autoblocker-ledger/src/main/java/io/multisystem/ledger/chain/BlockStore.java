package io.multisystem.ledger.chain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Append-only, segmented file store of blocks.
 *
 * <p>Design: blocks are appended to {@code segment-NNNNNNNN.blk} files as records {@code [magic u32][length u32]
 * [crc32c u32][payload]}; a segment is closed when it exceeds {@code segmentBytes} and a new one starts. At open the
 * segments are scanned in order; the first record that is short, has a bad magic/length or a CRC mismatch marks a
 * torn tail: the segment is truncated there and any later segments are deleted, so a crash mid-append loses at most
 * the block being written (Raft replays it). The fsync policy trades durability for speed. Not thread-safe; the
 * owner serialises access.
 */
public final class BlockStore implements AutoCloseable {
    private static final int MAGIC = 0xAB1EB10C;
    private static final int HEADER = 12;

    private final Path dir;
    private final long segmentBytes;
    private final FsyncPolicy fsync;
    private final Duration fsyncInterval;
    private final Clock clock;
    private FileChannel current;
    private int currentSegment;
    private long lastSync;
    private final List<Block> recovered;
    private final long truncatedBytes;

    private BlockStore(Path dir, long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval, Clock clock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
        this.fsyncInterval = fsyncInterval;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            List<Path> segments = segments();
            List<Block> blocks = new ArrayList<>();
            long truncated = 0;
            boolean torn = false;
            for (Path seg : segments) {
                if (torn) {
                    truncated += Files.size(seg);
                    Files.delete(seg);
                    continue;
                }
                long good = scan(seg, blocks);
                long size = Files.size(seg);
                if (good < size) {
                    truncated += size - good;
                    try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.WRITE)) {
                        ch.truncate(good);
                        ch.force(true);
                    }
                    torn = true;
                }
            }
            this.recovered = blocks;
            this.truncatedBytes = truncated;
            List<Path> left = segments();
            currentSegment = left.isEmpty() ? 0 : number(left.get(left.size() - 1));
            openCurrent();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open block store " + dir, e);
        }
    }

    public static BlockStore open(Path dir, long segmentBytes, FsyncPolicy fsync, Duration fsyncInterval, Clock clock) {
        return new BlockStore(dir, segmentBytes, fsync, fsyncInterval, clock);
    }

    /** The blocks found at open, in order (after truncating a torn tail). */
    public List<Block> recovered() {
        return recovered;
    }

    /** How many bytes of torn tail were cut at open. */
    public long truncatedBytes() {
        return truncatedBytes;
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("segment-\\d{8}\\.blk")).sorted().toList();
        }
    }

    private static int number(Path p) {
        String n = p.getFileName().toString();
        return Integer.parseInt(n.substring(8, 16));
    }

    private Path segmentPath(int n) {
        return dir.resolve(String.format("segment-%08d.blk", n));
    }

    private static long scan(Path seg, List<Block> out) throws IOException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = 0;
            ByteBuffer head = ByteBuffer.allocate(HEADER);
            while (pos + HEADER <= size) {
                head.clear();
                ch.read(head, pos);
                head.flip();
                int magic = head.getInt();
                int len = head.getInt();
                int crc = head.getInt();
                if (magic != MAGIC || len < 0 || pos + HEADER + len > size) {
                    return pos;
                }
                ByteBuffer payload = ByteBuffer.allocate(len);
                ch.read(payload, pos + HEADER);
                CRC32C c = new CRC32C();
                c.update(payload.array());
                if ((int) c.getValue() != crc) {
                    return pos;
                }
                try {
                    out.add(Block.decode(payload.array()));
                } catch (IllegalArgumentException e) {
                    return pos;
                }
                pos += HEADER + len;
            }
            return pos;
        }
    }

    private void openCurrent() throws IOException {
        if (current != null) {
            current.force(true);
            current.close();
        }
        current = FileChannel.open(segmentPath(currentSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
    }

    /** Appends a block (durably per the fsync policy). */
    public void append(Block block) {
        byte[] payload = block.encode();
        CRC32C c = new CRC32C();
        c.update(payload);
        ByteBuffer buf = ByteBuffer.allocate(HEADER + payload.length);
        buf.putInt(MAGIC).putInt(payload.length).putInt((int) c.getValue()).put(payload).flip();
        try {
            if (current.size() > 0 && current.size() + buf.remaining() > segmentBytes) {
                currentSegment++;
                openCurrent();
            }
            while (buf.hasRemaining()) {
                current.write(buf);
            }
            long now = clock.millis();
            if (fsync == FsyncPolicy.ALWAYS || (fsync == FsyncPolicy.INTERVAL && now - lastSync >= fsyncInterval.toMillis())) {
                current.force(false);
                lastSync = now;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append block " + block.height() + " to " + dir, e);
        }
    }

    /** Replaces the whole store with {@code blocks} (installing a snapshot from the leader). */
    public void replaceAll(List<Block> blocks) {
        try {
            current.close();
            for (Path p : segments()) {
                Files.delete(p);
            }
            currentSegment = 0;
            current = null;
            openCurrent();
            for (Block b : blocks) {
                append(b);
            }
            current.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite block store " + dir, e);
        }
    }

    /** Forces everything written so far to disk. */
    public void sync() {
        try {
            current.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            if (current != null && current.isOpen()) {
                current.force(true);
                current.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
