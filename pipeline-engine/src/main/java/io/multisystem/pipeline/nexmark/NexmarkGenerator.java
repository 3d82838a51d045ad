package io.multisystem.pipeline.nexmark;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.io.Source;
import io.multisystem.pipeline.record.FieldType;
import io.multisystem.pipeline.record.Errors;
import io.multisystem.pipeline.record.Row;
import io.multisystem.pipeline.record.Schema;

import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * The Nexmark auction event stream (Tucker et al., "NEXMark – A Benchmark for Queries over Data Streams", 2002), laid
 * out as Apache Beam's Nexmark generator does: events come in epochs of 50, of which 1 is a new person, 3 are new
 * auctions and 46 are bids; ids start at 1000; event {@code n} happens at {@code n / eventsPerMillisecond} ms after
 * the epoch base {@link #BASE_TIME}. Bids go to a hot auction (a multiple of {@value #HOT_RATIO}) half the time and
 * otherwise to one of the last {@value #IN_FLIGHT} auctions; bidders and sellers likewise among persons; prices are
 * {@code round(10^(6u) × 100)} cents-like values as in Beam. Each event draws from its own random stream derived from
 * the seed and its number, so the stream is deterministic and any slice can be generated independently. Distributions
 * follow Beam's but values are not bit-identical to Beam's generator.
 */
public final class NexmarkGenerator {
    /** Event time of event 0: 2015-07-15T00:00:00Z, Beam's default base time. */
    public static final long BASE_TIME = 1_436_918_400_000L;
    static final int PROPORTION = 50;
    static final int HOT_RATIO = 100;
    static final int IN_FLIGHT = 100;
    static final long FIRST_ID = 1000;
    private static final String[] FIRST_NAMES = {"Peter", "Paul", "Luke", "John", "Saul", "Vicky", "Kate", "Julie",
        "Sarah", "Deiter", "Walter"};
    private static final String[] LAST_NAMES = {"Shultz", "Abrams", "Spencer", "White", "Bartels", "Walton", "Smith",
        "Jones", "Noris"};
    private static final String[] STATES = {"AZ", "CA", "ID", "OR", "WA", "WY"};
    private static final String[] CITIES = {"Phoenix", "Los Angeles", "San Francisco", "Boise", "Portland", "Bend",
        "Redmond", "Seattle", "Kent", "Cheyenne"};
    private static final String[] CHANNELS = {"Google", "Facebook", "Baidu", "Apple"};

    /** The three event kinds. */
    public enum Kind { PERSON, AUCTION, BID }

    public static final Schema PERSON = Schema.of("id", FieldType.LONG, "name", FieldType.STRING, "email",
            FieldType.STRING, "credit_card", FieldType.STRING, "city", FieldType.STRING, "state", FieldType.STRING,
            "date_time", FieldType.TIMESTAMP);
    public static final Schema AUCTION = Schema.of("id", FieldType.LONG, "item_name", FieldType.STRING,
            "initial_bid", FieldType.LONG, "reserve", FieldType.LONG, "date_time", FieldType.TIMESTAMP, "expires",
            FieldType.TIMESTAMP, "seller", FieldType.LONG, "category", FieldType.LONG);
    public static final Schema BID = Schema.of("auction", FieldType.LONG, "bidder", FieldType.LONG, "price",
            FieldType.LONG, "channel", FieldType.STRING, "date_time", FieldType.TIMESTAMP);

    private final long events;
    private final long seed;
    private final int eventsPerMillisecond;

    /**
     * @throws InvalidInputException (code {@code NEXMARK_INVALID}) for a negative count or a rate below 1
     */
    public NexmarkGenerator(long events, long seed, int eventsPerMillisecond) {
        if (events < 0 || eventsPerMillisecond < 1) {
            throw new InvalidInputException(Errors.COMPONENT, "NEXMARK_INVALID", "events must be >= 0 and "
                    + "eventsPerMillisecond >= 1, got " + events + " and " + eventsPerMillisecond);
        }
        this.events = events;
        this.seed = seed;
        this.eventsPerMillisecond = eventsPerMillisecond;
    }

    public static Kind kindOf(long n) {
        long offset = n % PROPORTION;
        return offset == 0 ? Kind.PERSON : offset < 4 ? Kind.AUCTION : Kind.BID;
    }

    public static Schema schema(Kind kind) {
        return switch (kind) {
            case PERSON -> PERSON;
            case AUCTION -> AUCTION;
            case BID -> BID;
        };
    }

    /** Event {@code n} as a row of its kind's schema. */
    public Row event(long n) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n);
        long time = BASE_TIME + n / eventsPerMillisecond;
        long epoch = n / PROPORTION;
        long offset = n % PROPORTION;
        long lastPerson = epoch; // base-0 index of the newest person at or before n
        long lastAuction = epoch * 3 + Math.min(Math.max(offset - 1, -1), 2); // newest auction at or before n
        switch (kindOf(n)) {
            case PERSON -> {
                long id = FIRST_ID + epoch;
                String name = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)] + " "
                        + LAST_NAMES[random.nextInt(LAST_NAMES.length)];
                String email = name.toLowerCase(Locale.ROOT).replace(' ', '.') + "@" + "example.com";
                String card = String.format("%04d %04d %04d %04d", random.nextInt(10000), random.nextInt(10000),
                        random.nextInt(10000), random.nextInt(10000));
                return Row.of(PERSON, id, name, email, card, CITIES[random.nextInt(CITIES.length)],
                        STATES[random.nextInt(STATES.length)], time);
            }
            case AUCTION -> {
                long id = FIRST_ID + epoch * 3 + (offset - 1);
                long seller = FIRST_ID + pick(random, lastPerson);
                long initial = price(random);
                long reserve = initial + price(random);
                long expires = time + 1 + random.nextInt(10_000);
                return Row.of(AUCTION, id, "item-" + id, initial, reserve, time, expires, seller,
                        10L + random.nextInt(5));
            }
            default -> {
                long auction = lastAuction < 0 ? FIRST_ID : FIRST_ID + pick(random, lastAuction);
                long bidder = FIRST_ID + pick(random, lastPerson);
                return Row.of(BID, auction, bidder, price(random), CHANNELS[random.nextInt(CHANNELS.length)], time);
            }
        }
    }

    /** A hot id (a multiple of HOT_RATIO) half the time, else one of the last IN_FLIGHT ids up to {@code last}. */
    private static long pick(SplittableRandom random, long last) {
        if (random.nextBoolean()) {
            return (last / HOT_RATIO) * HOT_RATIO;
        }
        return Math.max(0, last - random.nextInt(IN_FLIGHT));
    }

    private static long price(SplittableRandom random) {
        return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0);
    }

    /** The events of one kind, in event order. */
    public Source source(Kind kind) {
        Schema schema = schema(kind);
        return new Source() {
            @Override
            public Schema schema() {
                return schema;
            }

            @Override
            public RowIterator open() {
                return new RowIterator() {
                    private long n = advance(0);

                    private long advance(long from) {
                        long i = from;
                        while (i < events && kindOf(i) != kind) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return n < events;
                    }

                    @Override
                    public Row next() {
                        if (n >= events) {
                            throw new NoSuchElementException();
                        }
                        Row row = event(n);
                        n = advance(n + 1);
                        return row;
                    }

                    @Override
                    public void close() {
                    }
                };
            }
        };
    }
}
