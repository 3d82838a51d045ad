package io.multisystem.chaos.proxy;

/**
 * A unit flowing through a link's toxic pipeline: bytes, the end of the stream, or an order to close the connection,
 * with the time (System.nanoTime) before which it must not be delivered. Immutable.
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
    final long readyAt;

    private Chunk(Kind kind, byte[] data, long readyAt) {
        this.kind = kind;
        this.data = data;
        this.readyAt = readyAt;
    }

    static Chunk data(byte[] data, long readyAt) {
        return new Chunk(Kind.DATA, data, readyAt);
    }

    static Chunk endOfStream(long readyAt) {
        return new Chunk(Kind.END_OF_STREAM, NO_BYTES, readyAt);
    }

    static Chunk terminate(long readyAt) {
        return new Chunk(Kind.TERMINATE, NO_BYTES, readyAt);
    }

    boolean isData() {
        return kind == Kind.DATA;
    }

    Chunk readyAt(long time) {
        return time == readyAt ? this : new Chunk(kind, data, time);
    }

    Chunk slice(int from, int to, long time) {
        byte[] part = new byte[to - from];
        System.arraycopy(data, from, part, 0, part.length);
        return new Chunk(kind, part, time);
    }
}
