package io.multisystem.contract.engine;

import io.multisystem.contract.analysis.Analysis;
import io.multisystem.contract.analysis.PolicyAnalyzer;
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
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
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

        default void analyzed(Analysis.Report report, long nanos) {
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
        return Hashes.toHex(Hashes.sha256(text.getBytes(StandardCharsets.UTF_8)));
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

    /** Default solver time limit per query. */
    public static final long DEFAULT_ANALYSIS_TIMEOUT_MILLIS = 10_000;

    /**
     * The checks named (case-insensitive, {@code all} or none = every check that applies: the comparing ones only when
     * a second set is given).
     *
     * @throws InvalidInputException for an unknown name
     */
    public static List<Analysis.Check> checks(List<String> names, boolean haveOther) {
        List<Analysis.Check> out = new ArrayList<>();
        boolean all = names == null || names.isEmpty();
        for (String n : names == null ? List.<String>of() : names) {
            if (n.trim().equalsIgnoreCase("all")) {
                all = true;
            } else {
                Analysis.Check c = Analysis.Check.parse(n);
                if (!out.contains(c)) {
                    out.add(c);
                }
            }
        }
        if (all) {
            for (Analysis.Check c : Analysis.Check.values()) {
                if ((haveOther || !c.needsOther) && !out.contains(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    /**
     * SMT analysis of a contract's policies (and of a second contract's for the comparing checks).
     *
     * @throws InvalidInputException unknown check, missing second set, unlinked template
     * @throws io.multisystem.core.error.FailedPreconditionException when Z3 cannot be loaded on this machine
     */
    public Analysis.Report analyze(Contract a, Contract b, List<Analysis.Check> checks, long timeoutMillis) {
        if (timeoutMillis < 0) {
            throw new InvalidInputException(COMPONENT, "BAD_TIMEOUT", "timeout must be >= 0 ms (0 = default)");
        }
        long t0 = System.nanoTime();
        Analysis.Report r = PolicyAnalyzer.analyze(a.policies(), b == null ? null : b.policies(), checks,
                timeoutMillis == 0 ? DEFAULT_ANALYSIS_TIMEOUT_MILLIS : timeoutMillis);
        observer.analyzed(r, System.nanoTime() - t0);
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
        return checkRateLimits(c, Backend.INTERPRETER, request, entities, permits);
    }

    /**
     * Takes permits from every rate limit whose {@code when} guard holds for the request, the guard being evaluated
     * by back end {@code backend} (compiled like a policy condition); the key expression is evaluated by the
     * interpreter. A rejected request (bad key or guard) takes nothing from any limit.
     */
    public List<RateLimitOutcome> checkRateLimits(Contract c, Backend backend, Request request, Entities entities, long permits) {
        if (c.file().rateLimits().isEmpty()) {
            throw new InvalidInputException(COMPONENT, "NO_RATE_LIMITS", "contract " + c.name() + " declares no rate_limit");
        }
        if (permits < 0) {
            throw new InvalidInputException(COMPONENT, "BAD_PERMITS", "permits must be >= 0 (0 means 1), got " + permits);
        }
        // Evaluate every guard and key first, so a bad request changes no limiter state.
        List<RateLimitDecl> applicable = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (RateLimitDecl d : c.file().rateLimits()) {
            try {
                int guard = c.guardIndex(d.name());
                if (guard >= 0 && c.rateLimitGuards(backend).evaluate(guard, request, entities)
                        != io.multisystem.contract.eval.Outcome.SATISFIED) {
                    continue;
                }
                keys.add(Values.render(io.multisystem.contract.eval.Interpreter.eval(d.key(), request, entities)));
                applicable.add(d);
            } catch (EvalException e) {
                throw new InvalidInputException(COMPONENT, "RATE_LIMIT_KEY_ERROR", "rate_limit " + d.name()
                        + " at " + d.loc() + ": " + e.getMessage());
            }
        }
        List<RateLimitOutcome> out = new ArrayList<>();
        for (int i = 0; i < applicable.size(); i++) {
            RateLimitDecl d = applicable.get(i);
            String key = keys.get(i);
            {
                RateLimiter limiter;
                synchronized (limiters) {
                    limiter = limiters.computeIfAbsent(c.id() + "/" + d.name(), k -> new RateLimiter(d, clock, 100_000));
                }
                RateLimiter.Result r = limiter.acquire(key, Math.max(1, permits));
                observer.rateLimited(d.name(), r.allowed());
                out.add(new RateLimitOutcome(d.name(), key, r.allowed(), r.remaining(), r.retryAfterMillis()));
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
