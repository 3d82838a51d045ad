package io.multisystem.chaos.proxy;

import java.nio.ByteBuffer;

/**
 * A unit flowing through a link's toxic pipeline: bytes, the end of the stream, or an order to close the connection,
 * with the time (System.nanoTime) before which it must not be delivered. Immutable. Data chunks are a window
 * ({@link #offset}, {@link #length}) on a byte array that is never written after the chunk is created, so slicing
 * shares the array instead of copying it.
 */
final class Chunk {
    enum Kind {
        /** Bytes to write to the destination. */
        DATA,
        /** The source has closed; shut the destination's output (FIN) once everything before it is written. */
        END_OF_STREAM,
        /** Close the whole connection once everything before it is written. */
        TERMINATE
    }

    private static final byte[] NO_BYTES = new byte[0];

    final Kind kind;
    final byte[] data;
    final int offset;
    final int length;
    final long readyAt;

    private Chunk(Kind kind, byte[] data, int offset, int length, long readyAt) {
        this.kind = kind;
        this.data = data;
        this.offset = offset;
        this.length = length;
        this.readyAt = readyAt;
    }

    static Chunk data(byte[] data, long readyAt) {
        return new Chunk(Kind.DATA, data, 0, data.length, readyAt);
    }

    /** A data chunk holding a copy of {@code source}'s remaining bytes (the buffer's position moves to its limit). */
    static Chunk copyOf(ByteBuffer source, long readyAt) {
        byte[] bytes = new byte[source.remaining()];
        source.get(bytes);
        return data(bytes, readyAt);
    }

    static Chunk endOfStream(long readyAt) {
        return new Chunk(Kind.END_OF_STREAM, NO_BYTES, 0, 0, readyAt);
    }

    static Chunk terminate(long readyAt) {
        return new Chunk(Kind.TERMINATE, NO_BYTES, 0, 0, readyAt);
    }

    boolean isData() {
        return kind == Kind.DATA;
    }

    Chunk readyAt(long time) {
        return time == readyAt ? this : new Chunk(kind, data, offset, length, time);
    }

    /** Bytes {@code [from, to)} of this chunk (relative to it), sharing its array. */
    Chunk slice(int from, int to, long time) {
        if (from < 0 || to > length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a chunk of " + length);
        }
        return new Chunk(kind, data, offset + from, to - from, time);
    }
}
