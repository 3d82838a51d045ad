package io.multisystem.contract.engine;

import io.multisystem.contract.eval.Authorizer;
import io.multisystem.contract.eval.Entities;
import io.multisystem.contract.eval.JsonCodec;
import io.multisystem.contract.eval.Request;
import io.multisystem.contract.eval.Response;
import io.multisystem.contract.lang.RateLimitDecl;
import io.multisystem.contract.lang.SlaDecl;
import io.multisystem.contract.lang.SourceParser;
import io.multisystem.contract.ratelimit.RateLimiter;
import io.multisystem.contract.schema.Schema;
import io.multisystem.contract.schema.SchemaLoader;
import io.multisystem.contract.schema.Validator;
import io.multisystem.contract.sla.SlaMonitor;
import io.multisystem.contract.value.EvalException;
import io.multisystem.contract.value.Values;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The facade the CLI and the gRPC service use: compiles sources (cached by SHA-256 in a bounded LRU), authorizes on
 * a chosen back end, validates against schemas, and keeps rate-limit and SLA state per contract. Thread-safe.
 */
public final class ContractEngine {
    public static final String COMPONENT = "contract-compiler";

    /** Hooks for metrics. */
    public interface Observer {
        default void compiled(Contract c, long nanos) {
        }

        default void decided(Backend backend, Response response, long nanos) {
        }

        default void rateLimited(String limit, boolean allowed) {
        }
    }

    private final Clock clock;
    private final Observer observer;
    private final int maxContracts;
    private final Map<String, Contract> contracts;
    private final Map<String, RateLimiter> limiters = new LinkedHashMap<>();
    private final Map<String, SlaMonitor> monitors = new LinkedHashMap<>();

    public ContractEngine(Clock clock, Observer observer, int maxContracts) {
        this.clock = clock;
        this.observer = observer == null ? new Observer() { } : observer;
        this.maxContracts = maxContracts;
        this.contracts = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Contract> eldest) {
                return size() > ContractEngine.this.maxContracts;
            }
        };
    }

    public ContractEngine() {
        this(Clock.systemUTC(), null, 256);
    }

    public static String idOf(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses (or fetches from the cache) a contract source. */
    public Contract compile(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(COMPONENT, "EMPTY_SOURCE", "the contract source is empty; give policy text");
        }
        String id = idOf(text);
        synchronized (contracts) {
            Contract c = contracts.get(id);
            if (c != null) {
                return c;
            }
        }
        long t0 = System.nanoTime();
        Contract c = new Contract(id, name == null || name.isBlank() ? "<source>" : name,
                SourceParser.parse(name == null || name.isBlank() ? "<source>" : name, text));
        observer.compiled(c, System.nanoTime() - t0);
        synchronized (contracts) {
            contracts.put(id, c);
        }
        return c;
    }

    /** A contract compiled earlier on this engine. */
    public Contract get(String id) {
        synchronized (contracts) {
            Contract c = contracts.get(id);
            if (c == null) {
                throw new NotFoundException(COMPONENT, "CONTRACT_NOT_FOUND", "no compiled contract with id " + id
                        + "; call Compile first or send the source");
            }
            return c;
        }
    }

    public Contract resolve(String name, String text, String id) {
        if (text != null && !text.isBlank()) {
            return compile(name, text);
        }
        if (id != null && !id.isBlank()) {
            return get(id);
        }
        throw new InvalidInputException(COMPONENT, "NO_CONTRACT", "give either the contract source or a contract_id");
    }

    public Response authorize(Contract c, Backend backend, Request request, Entities entities) {
        long t0 = System.nanoTime();
        Response r = Authorizer.authorize(c.backend(backend), request, entities);
        observer.decided(backend, r, System.nanoTime() - t0);
        return r;
    }

    public static Schema schema(String text) {
        return text == null || text.isBlank() ? null : SchemaLoader.load("<schema>", text);
    }

    public static Entities entities(String json, Schema schema) {
        if (json == null || json.isBlank()) {
            return JsonCodec.entities(JsonCodec.read("[]", "entities"), schema);
        }
        return JsonCodec.entities(JsonCodec.read(json, "entities"), schema);
    }

    public List<Validator.Issue> validate(Contract c, Schema schema) {
        return Validator.validate(schema, c.file().policies());
    }

    /** Takes permits from every rate limit of the contract whose {@code when} holds for the request. */
    public List<RateLimitOutcome> checkRateLimits(Contract c, Request request, Entities entities, long permits) {
        if (c.file().rateLimits().isEmpty()) {
            throw new InvalidInputException(COMPONENT, "NO_RATE_LIMITS", "contract " + c.name() + " declares no rate_limit");
        }
        List<RateLimitOutcome> out = new ArrayList<>();
        for (RateLimitDecl d : c.file().rateLimits()) {
            try {
                if (d.when() != null && !io.multisystem.contract.eval.Ops.bool(
                        io.multisystem.contract.eval.Interpreter.eval(d.when(), request, entities))) {
                    continue;
                }
                String key = Values.render(io.multisystem.contract.eval.Interpreter.eval(d.key(), request, entities));
                RateLimiter limiter;
                synchronized (limiters) {
                    limiter = limiters.computeIfAbsent(c.id() + "/" + d.name(), k -> new RateLimiter(d, clock, 100_000));
                }
                RateLimiter.Result r = limiter.acquire(key, Math.max(1, permits));
                observer.rateLimited(d.name(), r.allowed());
                out.add(new RateLimitOutcome(d.name(), key, r.allowed(), r.remaining(), r.retryAfterMillis()));
            } catch (EvalException e) {
                throw new InvalidInputException(COMPONENT, "RATE_LIMIT_KEY_ERROR", "rate_limit " + d.name()
                        + " at " + d.loc() + ": " + e.getMessage());
            }
        }
        return out;
    }

    public record RateLimitOutcome(String name, String key, boolean allowed, long remaining, long retryAfterMillis) {
    }

    public record Observation(String metric, double value, long atMillis) {
    }

    public List<SlaMonitor.Status> evaluateSla(Contract c, String only, List<Observation> observations) {
        List<SlaDecl> slas = c.file().slas().stream().filter(s -> only == null || only.isBlank() || s.name().equals(only)).toList();
        if (slas.isEmpty()) {
            throw new InvalidInputException(COMPONENT, "NO_SLA", only == null || only.isBlank()
                    ? "contract " + c.name() + " declares no sla" : "contract " + c.name() + " has no sla named " + only);
        }
        List<SlaMonitor.Status> out = new ArrayList<>();
        for (SlaDecl s : slas) {
            SlaMonitor m;
            synchronized (monitors) {
                m = monitors.computeIfAbsent(c.id() + "/" + s.name(), k -> new SlaMonitor(s, clock, 100_000));
            }
            for (Observation o : observations) {
                if (!Double.isFinite(o.value())) {
                    throw new InvalidInputException(COMPONENT, "BAD_OBSERVATION", "observation of " + o.metric() + " is not a finite number");
                }
                m.record(o.metric(), o.value(), o.atMillis());
            }
            out.addAll(m.evaluate());
        }
        return out;
    }
}
