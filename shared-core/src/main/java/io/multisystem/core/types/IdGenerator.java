package io.multisystem.core.types;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Makes {@link Id}s: UUIDv7 with a 48-bit millisecond timestamp and 74 random bits.
 *
 * <p>Design: RFC 9562 section 6.2, method 2 ("monotonic random"). The first id in a millisecond takes fresh random
 * bits; each further id in the same millisecond adds a random increment of 1..2^32 to the previous 74-bit value, so
 * ids from one generator are strictly increasing and still hard to guess. If the increment would overflow, or the
 * clock goes backwards, the generator keeps using the last timestamp it issued (advanced by one millisecond on
 * overflow) rather than emit an id that sorts before an earlier one.
 *
 * <p>Thread-safe; ids from one instance are strictly increasing across all threads.
 */
public final class IdGenerator {
    private static final long RAND_A_MASK = 0xFFFL;
    private static final long RAND_B_MASK = 0x3FFF_FFFF_FFFF_FFFFL;

    private final Clock clock;
    private final RandomGenerator random;

    private long lastMillis = -1;
    private long lastRandA;
    private long lastRandB;

    public IdGenerator(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A generator on the system UTC clock and a {@link SecureRandom}. */
    public static IdGenerator systemDefault() {
        return new IdGenerator(Clock.systemUTC(), new SecureRandom());
    }

    /** The next id; strictly greater than every id this generator returned before. */
    public synchronized Id next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            lastRandA = random.nextLong() & RAND_A_MASK;
            lastRandB = random.nextLong() & RAND_B_MASK;
        } else {
            long increment = 1 + (random.nextLong() & 0xFFFF_FFFFL);
            long b = lastRandB + increment;
            if (b > RAND_B_MASK) {
                b &= RAND_B_MASK;
                lastRandA++;
                if (lastRandA > RAND_A_MASK) {
                    lastMillis++;
                    lastRandA = random.nextLong() & (RAND_A_MASK >>> 1);
                    b = random.nextLong() & RAND_B_MASK;
                }
            }
            lastRandB = b;
        }
        if (lastMillis >= 1L << 48) {
            throw new IllegalStateException("clock is beyond the UUIDv7 timestamp range (year 10889)");
        }
        long msb = (lastMillis << 16) | (0x7L << 12) | lastRandA;
        long lsb = (0x2L << 62) | lastRandB;
        return new Id(msb, lsb);
    }
}
