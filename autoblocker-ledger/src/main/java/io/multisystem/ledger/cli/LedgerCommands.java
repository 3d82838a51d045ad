package io.multisystem.ledger.cli;

import com.google.protobuf.Timestamp;
import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.Console;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;
import io.multisystem.core.grpc.GrpcErrors;
import io.multisystem.ledger.chain.ChainVerifier;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.DecisionRequest;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.decision.Scope;
import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.engine.EngineOptions;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.filter.Fail2banFilter;
import io.multisystem.ledger.filter.FilterMatch;
import io.multisystem.ledger.filter.FilterMatcher;
import io.multisystem.ledger.grpc.Protos;
import io.multisystem.ledger.raft.ClusterStatus;
import io.multisystem.ledger.state.LedgerState;
import io.multisystem.ledger.v1.AddDecisionRequest;
import io.multisystem.ledger.v1.ClusterStatusRequest;
import io.multisystem.ledger.v1.DecisionChange;
import io.multisystem.ledger.v1.DeleteDecisionRequest;
import io.multisystem.ledger.v1.LedgerServiceGrpc;
import io.multisystem.ledger.v1.ListDecisionsRequest;
import io.multisystem.ledger.v1.ProveDecisionRequest;
import io.multisystem.ledger.v1.ReportEventsResponse;
import io.multisystem.ledger.v1.VerifyLedgerRequest;
import io.multisystem.ledger.v1.WatchDecisionsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The domain commands of the autoblocker-ledger CLI. */
final class LedgerCommands {
    private LedgerCommands() {
    }

    /** JSON shape of a decision. */
    record DecisionView(String id, String type, String scope, String value, String origin, String scenario,
                        String appliesTo, String createdAt, String expiresAt, long version, long height,
                        List<String> evidence) {
        static DecisionView of(Decision d) {
            return new DecisionView(d.id(), d.type(), d.scope().crowdsecName(), d.value(), d.origin(), d.scenario(),
                    d.appliesTo(), Instant.ofEpochMilli(d.createdAt()).toString(),
                    Instant.ofEpochMilli(d.expiresAt()).toString(), d.version(), d.height(), d.evidence());
        }

        static DecisionView of(io.multisystem.ledger.v1.Decision d) {
            return new DecisionView(d.getId(), d.getType(), d.getScope(), d.getValue(), d.getOrigin(), d.getScenario(),
                    d.getAppliesTo(), Protos.instant(d.getCreatedAt()).toString(),
                    Protos.instant(d.getExpiresAt()).toString(), d.getVersion(), d.getHeight(), d.getEvidenceList());
        }

        String line() {
            return String.format("%-32s %-7s %-5s %-39s applies-to=%s origin=%s expires=%s", id, type, scope, value,
                    appliesTo, origin, expiresAt);
        }
    }

    static Path defaultDataDir() {
        String home = System.getenv("MULTISYSTEM_HOME");
        Path base = home == null || home.isBlank() ? Path.of(System.getProperty("user.home"), ".multisystem") : Path.of(home);
        return base.resolve("autoblocker-ledger").resolve("cli");
    }

    static Fail2banFilter loadFilter(Path file) {
        return Fail2banFilter.load(file);
    }

    static BufferedReader open(Path log) {
        try {
            return Files.newBufferedReader(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(LedgerErrors.COMPONENT, "LOG_NOT_FOUND", "no such log file: " + log);
        } catch (IOException e) {
            throw new InvalidInputException(LedgerErrors.COMPONENT, "LOG_UNREADABLE", "cannot read " + log + ": " + e.getMessage());
        }
    }

    static <T> T withChannel(CommonOptions common, java.util.function.Function<ManagedChannel, T> call) {
        ManagedChannel ch = common.clientFactory().open(common.server().orElseThrow().toString());
        try {
            return call.apply(ch);
        } finally {
            ch.shutdownNow();
        }
    }

    /** Reference time for dates without a year: now. */
    static FilterMatcher matcher(Fail2banFilter f) {
        return f.newMatcher(Instant.now());
    }

    @Command(name = "filter", description = "fail2ban filters.", subcommands = FilterTest.class)
    static final class FilterGroup {
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Run a fail2ban filter over a log: every matching line with its address and user.")
    static final class FilterTest implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--filter", required = true, paramLabel = "FILE", description = "fail2ban filter (.conf)")
        Path filter;
        @Option(names = "--log", required = true, paramLabel = "FILE", description = "log file")
        Path log;

        record MatchView(long line, String host, String user, String time) {
        }

        record Result(String filter, long lines, long matched, List<MatchView> matches) {
        }

        @Override
        public Integer call() throws IOException {
            Fail2banFilter f = loadFilter(filter);
            FilterMatcher m = matcher(f);
            List<MatchView> matches = new ArrayList<>();
            long lines = 0;
            try (BufferedReader r = open(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines++;
                    Optional<FilterMatch> got = m.process(line);
                    if (got.isPresent()) {
                        FilterMatch fm = got.get();
                        matches.add(new MatchView(lines, fm.host(), fm.user(), fm.time() == null ? null : fm.time().toString()));
                    }
                }
            }
            Result result = new Result(f.name(), lines, matches.size(), matches);
            long total = lines;
            common.console().result(result, () -> {
                StringBuilder b = new StringBuilder();
                for (MatchView v : matches) {
                    b.append(v.line()).append('\t').append(v.host()).append('\t').append(v.user() == null ? "-" : v.user())
                            .append('\n');
                }
                return b.append(matches.size()).append(" of ").append(total).append(" lines matched filter ")
                        .append(f.name()).toString();
            });
            return 0;
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Read a log through a fail2ban filter and report the failures as events of a domain; "
                    + "the jail (maxretry/findtime/bantime) turns them into ban decisions.")
    static final class Ingest implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--filter", required = true, paramLabel = "FILE")
        Path filter;
        @Option(names = "--log", required = true, paramLabel = "FILE")
        Path log;
        @Option(names = "--domain", defaultValue = "local", description = "reporting domain (default: ${DEFAULT-VALUE})")
        String domain;
        @Option(names = "--kind", description = "event kind (default: the filter's name)")
        String kind;
        @Option(names = "--maxretry", defaultValue = "5")
        int maxRetry;
        @Option(names = "--findtime", defaultValue = "10m", converter = io.multisystem.core.cli.DurationConverter.class)
        Duration findTime;
        @Option(names = "--bantime", defaultValue = "4h", converter = io.multisystem.core.cli.DurationConverter.class)
        Duration banTime;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "in-process ledger directory")
        Path dataDir;
        @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:AUTOBLOCKER_LEDGER_API_KEY}",
                description = "the domain's API key, sent as x-api-key with --server (default: $AUTOBLOCKER_LEDGER_API_KEY)")
        String apiKey;

        record Result(long lines, long matched, long accepted, long duplicates, long rejected,
                      List<DecisionView> decisions, List<String> errors) {
        }

        @Override
        public Integer call() throws IOException {
            Fail2banFilter f = loadFilter(filter);
            FilterMatcher m = matcher(f);
            String k = kind == null ? f.name() : kind;
            List<Event> events = new ArrayList<>();
            long lines = 0;
            try (BufferedReader r = open(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines++;
                    Optional<FilterMatch> got = m.process(line);
                    if (got.isPresent() && got.get().time() != null) {
                        FilterMatch fm = got.get();
                        String id = Hashes.toHex(Hashes.sha256((log.toAbsolutePath() + ":" + lines + ":" + line)
                                .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
                        Map<String, String> labels = new LinkedHashMap<>();
                        if (fm.user() != null) {
                            labels.put("user", fm.user());
                        }
                        events.add(new Event(id, domain, fm.host(), k, labels, fm.time()));
                    }
                }
            }
            long total = lines;
            Result result;
            if (common.server().isPresent()) {
                ReportEventsResponse resp = withChannel(common, ch -> report(ch, events, apiKey));
                List<DecisionView> ds = new ArrayList<>();
                resp.getDecisionsList().forEach(d -> ds.add(DecisionView.of(d)));
                result = new Result(total, events.size(), resp.getAccepted(), resp.getDuplicates(), resp.getRejected(), ds,
                        resp.getErrorsList());
            } else {
                EngineOptions o = EngineOptions.defaults().replay().withJail(maxRetry, findTime, banTime);
                try (LocalLedger local = LocalLedger.open(dataDir == null ? defaultDataDir() : dataDir, o)) {
                    LedgerEngine.IngestResult r = local.engine.report(events);
                    List<DecisionView> ds = r.decisions().stream().map(DecisionView::of).toList();
                    result = new Result(total, events.size(), r.accepted(), r.duplicates(), r.rejected(), ds, r.errors());
                }
            }
            common.console().result(result, () -> {
                StringBuilder b = new StringBuilder();
                result.decisions().forEach(d -> b.append(d.line()).append('\n'));
                return b.append(result.lines()).append(" lines, ").append(result.matched()).append(" failures, ")
                        .append(result.accepted()).append(" new events, ").append(result.decisions().size())
                        .append(" decisions").toString();
            });
            return 0;
        }

        static ReportEventsResponse report(ManagedChannel ch, List<Event> events, String apiKey) {
            CompletableFuture<ReportEventsResponse> done = new CompletableFuture<>();
            var stub = LedgerServiceGrpc.newStub(ch);
            if (apiKey != null && !apiKey.isBlank()) {
                io.grpc.Metadata md = new io.grpc.Metadata();
                md.put(io.grpc.Metadata.Key.of("x-api-key", io.grpc.Metadata.ASCII_STRING_MARSHALLER), apiKey.strip());
                stub = stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
            }
            StreamObserver<io.multisystem.ledger.v1.Event> out = stub.reportEvents(
                    new StreamObserver<>() {
                        @Override
                        public void onNext(ReportEventsResponse v) {
                            done.complete(v);
                        }

                        @Override
                        public void onError(Throwable t) {
                            done.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            for (Event e : events) {
                out.onNext(io.multisystem.ledger.v1.Event.newBuilder().setId(e.id()).setDomain(e.domain())
                        .setSource(e.source()).setKind(e.kind()).putAllLabels(e.labels())
                        .setTime(Timestamp.newBuilder().setSeconds(e.time().getEpochSecond()).setNanos(e.time().getNano()))
                        .build());
            }
            out.onCompleted();
            try {
                return done.get(5, TimeUnit.MINUTES);
            } catch (java.util.concurrent.ExecutionException e) {
                throw GrpcErrors.toPlatformException(e.getCause());
            } catch (Exception e) {
                throw new UnavailableException(LedgerErrors.COMPONENT, LedgerErrors.CLUSTER_UNAVAILABLE,
                        Severity.DEGRADED, "report failed: " + e, Map.of(), e);
            }
        }
    }

    @Command(name = "decisions", description = "Active decisions.", subcommands = {Ls.class, Add.class, Rm.class})
    static final class DecisionsGroup {
    }

    abstract static class LocalOrRemote {
        @Mixin
        CommonOptions common;
        @Option(names = "--data-dir", paramLabel = "DIR", description = "in-process ledger directory")
        Path dataDir;

        LocalLedger local() {
            return LocalLedger.open(dataDir == null ? defaultDataDir() : dataDir, EngineOptions.defaults());
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List active decisions.")
    static final class Ls extends LocalOrRemote implements Callable<Integer> {
        @Option(names = "--domain", description = "only those applying in this domain")
        String domain;
        @Option(names = "--scope")
        String scope;
        @Option(names = "--value")
        String value;

        @Override
        public Integer call() {
            List<DecisionView> out = new ArrayList<>();
            if (common.server().isPresent()) {
                withChannel(common, ch -> {
                    LedgerServiceGrpc.newBlockingStub(ch).listDecisions(ListDecisionsRequest.newBuilder()
                            .setDomain(nz(domain)).setScope(nz(scope)).setValue(nz(value)).build())
                            .getDecisionsList().forEach(d -> out.add(DecisionView.of(d)));
                    return null;
                });
            } else {
                try (LocalLedger l = local()) {
                    l.engine.list(domain, scope, value).forEach(d -> out.add(DecisionView.of(d)));
                }
            }
            common.console().result(out, () -> {
                StringBuilder b = new StringBuilder();
                out.forEach(d -> b.append(d.line()).append('\n'));
                return b.append(out.size()).append(" active decisions").toString();
            });
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add an operator decision.")
    static final class Add extends LocalOrRemote implements Callable<Integer> {
        @Option(names = "--type", defaultValue = "ban")
        String type;
        @Option(names = "--scope", defaultValue = "Ip")
        String scope;
        @Option(names = "--value", required = true)
        String value;
        @Option(names = "--duration", defaultValue = "4h", converter = io.multisystem.core.cli.DurationConverter.class)
        Duration duration;
        @Option(names = "--reason", defaultValue = "manual")
        String reason;
        @Option(names = "--applies-to", defaultValue = "*")
        String appliesTo;
        @Option(names = "--request-id", description = "idempotency key")
        String requestId;

        record Result(String status, List<DecisionView> decisions) {
        }

        @Override
        public Integer call() {
            Result result;
            if (common.server().isPresent()) {
                result = withChannel(common, ch -> {
                    var resp = LedgerServiceGrpc.newBlockingStub(ch).addDecision(AddDecisionRequest.newBuilder()
                            .setType(type).setScope(scope).setValue(value).setReason(reason).setAppliesTo(appliesTo)
                            .setRequestId(nz(requestId)).setDuration(com.google.protobuf.Duration.newBuilder()
                                    .setSeconds(duration.getSeconds())).build());
                    return new Result(resp.getStatus(), resp.getDecisionsList().stream().map(DecisionView::of).toList());
                });
            } else {
                DecisionRequest r = new DecisionRequest(type, Scope.parse(scope), value, duration.toMillis(), "operator",
                        reason, List.of(), appliesTo);
                try (LocalLedger l = local()) {
                    LedgerState.EntryOutcome o = l.engine.add(r, requestId);
                    List<DecisionView> ds = new ArrayList<>();
                    o.created().forEach(id -> ds.add(DecisionView.of(l.node.state().decision(id))));
                    result = new Result(o.status(), ds);
                }
            }
            common.console().result(result, () -> {
                StringBuilder b = new StringBuilder(result.status()).append('\n');
                result.decisions().forEach(d -> b.append(d.line()).append('\n'));
                return b.toString().strip();
            });
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete (unblock) decisions by id or target.")
    static final class Rm extends LocalOrRemote implements Callable<Integer> {
        @Option(names = "--id")
        String id;
        @Option(names = "--scope")
        String scope;
        @Option(names = "--value")
        String value;
        @Option(names = "--reason", defaultValue = "appeal")
        String reason;

        record Result(List<String> deleted) {
        }

        @Override
        public Integer call() {
            List<String> deleted;
            if (common.server().isPresent()) {
                deleted = withChannel(common, ch -> LedgerServiceGrpc.newBlockingStub(ch).deleteDecision(
                        DeleteDecisionRequest.newBuilder().setId(nz(id)).setScope(nz(scope)).setValue(nz(value))
                                .setReason(reason).build()).getDeletedIdsList());
            } else {
                try (LocalLedger l = local()) {
                    deleted = l.engine.delete(id, scope, value, reason, null);
                }
            }
            Result r = new Result(List.copyOf(deleted));
            common.console().result(r, () -> "deleted " + String.join(" ", r.deleted()));
            return 0;
        }
    }

    @Command(name = "ledger", description = "The signed ledger.", subcommands = {Verify.class, Prove.class})
    static final class LedgerGroup {
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Check every block's hash link, Merkle root and signature. Exit 1 if any fails.")
    static final class Verify extends LocalOrRemote implements Callable<Integer> {
        @Option(names = "--trusted-key", description = "hex Ed25519 key the blocks must be signed by (repeatable)")
        List<String> trusted = new ArrayList<>();

        record Result(boolean ok, long blocks, long entries, String headHash, List<String> problems) {
        }

        @Override
        public Integer call() {
            Result r;
            if (common.server().isPresent()) {
                r = withChannel(common, ch -> {
                    var v = LedgerServiceGrpc.newBlockingStub(ch).verifyLedger(VerifyLedgerRequest.newBuilder()
                            .addAllTrustedKeys(trusted).build());
                    return new Result(v.getOk(), v.getBlocks(), v.getEntries(), v.getHeadHash(), v.getProblemsList());
                });
            } else {
                try (LocalLedger l = local()) {
                    ChainVerifier.Report v = l.engine.verify(Set.copyOf(trusted));
                    r = new Result(v.ok(), v.blocks(), v.entries(), v.headHash(), v.problems());
                }
            }
            common.console().result(r, () -> (r.ok() ? "OK " : "FAILED ") + r.blocks() + " blocks, " + r.entries()
                    + " entries, head " + r.headHash() + (r.problems().isEmpty() ? "" : "\n" + String.join("\n", r.problems())));
            return r.ok() ? 0 : 1;
        }
    }

    @Command(name = "prove", mixinStandardHelpOptions = true,
            description = "Merkle inclusion proof of the ledger entry behind a decision.")
    static final class Prove extends LocalOrRemote implements Callable<Integer> {
        @Parameters(paramLabel = "DECISION_ID")
        String id;

        record Result(String decisionId, long height, int leafIndex, int treeSize, String leafHash, List<String> path,
                      String merkleRoot, String blockHash, String publicKey, String signature, boolean valid) {
        }

        @Override
        public Integer call() {
            Result r;
            if (common.server().isPresent()) {
                r = withChannel(common, ch -> {
                    var p = LedgerServiceGrpc.newBlockingStub(ch).proveDecision(ProveDecisionRequest.newBuilder()
                            .setId(id).build());
                    return new Result(id, p.getHeight(), p.getLeafIndex(), p.getTreeSize(),
                            Hashes.toHex(p.getLeafHash().toByteArray()),
                            p.getPathList().stream().map(b -> Hashes.toHex(b.toByteArray())).toList(),
                            Hashes.toHex(p.getMerkleRoot().toByteArray()), Hashes.toHex(p.getBlockHash().toByteArray()),
                            Hashes.toHex(p.getPublicKey().toByteArray()), Hashes.toHex(p.getSignature().toByteArray()),
                            p.getValid());
                });
            } else {
                try (LocalLedger l = local()) {
                    LedgerState.Proof p = l.engine.prove(id);
                    r = new Result(id, p.height(), p.leafIndex(), p.treeSize(), Hashes.toHex(p.leafHash()),
                            p.path().stream().map(Hashes::toHex).toList(), Hashes.toHex(p.merkleRoot()),
                            Hashes.toHex(p.blockHash()), Hashes.toHex(p.publicKey()), Hashes.toHex(p.signature()), p.valid());
                }
            }
            common.console().result(r, () -> (r.valid() ? "VALID" : "INVALID") + " decision " + r.decisionId()
                    + " is leaf " + r.leafIndex() + " of " + r.treeSize() + " in block " + r.height() + " (root "
                    + r.merkleRoot() + ", path " + r.path().size() + " hashes)");
            return r.valid() ? 0 : 1;
        }
    }

    @Command(name = "cluster", description = "The Raft cluster.", subcommands = Status.class)
    static final class ClusterGroup {
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "This node's view of the cluster.")
    static final class Status extends LocalOrRemote implements Callable<Integer> {
        record Result(String nodeId, String role, String leaderId, String leaderAddress, long term, long height,
                      String headHash, long version) {
        }

        @Override
        public Integer call() {
            Result r;
            if (common.server().isPresent()) {
                r = withChannel(common, ch -> {
                    var s = LedgerServiceGrpc.newBlockingStub(ch).clusterStatus(ClusterStatusRequest.getDefaultInstance());
                    return new Result(s.getNodeId(), s.getRole(), s.getLeaderId(), s.getLeaderAddress(), s.getTerm(),
                            s.getHeight(), s.getHeadHash(), s.getVersion());
                });
            } else {
                try (LocalLedger l = local()) {
                    ClusterStatus s = l.engine.status();
                    r = new Result(s.nodeId(), s.role(), s.leaderId(), s.leaderAddress(), s.term(), s.height(),
                            s.headHash(), s.version());
                }
            }
            common.console().result(r, () -> "node " + r.nodeId() + " " + r.role() + ", leader " + r.leaderId()
                    + " (" + r.leaderAddress() + "), term " + r.term() + ", height " + r.height() + ", head " + r.headHash());
            return 0;
        }
    }

    @Command(name = "watch", mixinStandardHelpOptions = true,
            description = "Stream new and deleted decisions from a running service (--server).")
    static final class Watch implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--since", defaultValue = "0")
        long since;
        @Option(names = "--domain")
        String domain;
        @Option(names = "--count", defaultValue = "0", description = "stop after this many changes (0: never)")
        long count;

        record ChangeView(long version, boolean deleted, DecisionView decision) {
        }

        @Override
        public Integer call() {
            if (common.server().isEmpty()) {
                throw new FailedPreconditionException(LedgerErrors.COMPONENT, "SERVER_REQUIRED",
                        "watch follows a running service; give --server host:port");
            }
            Console console = common.console();
            withChannel(common, ch -> {
                Iterator<DecisionChange> it = LedgerServiceGrpc.newBlockingStub(ch).watchDecisions(
                        WatchDecisionsRequest.newBuilder().setSinceVersion(since).setDomain(nz(domain)).build());
                long n = 0;
                while (it.hasNext() && (count == 0 || n < count)) {
                    DecisionChange c = it.next();
                    ChangeView v = new ChangeView(c.getVersion(), c.getDeleted(), DecisionView.of(c.getDecision()));
                    console.result(v, () -> (v.deleted() ? "- " : "+ ") + v.version() + " " + v.decision().line());
                    n++;
                }
                return null;
            });
            return 0;
        }
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
