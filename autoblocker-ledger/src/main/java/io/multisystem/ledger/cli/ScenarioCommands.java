package io.multisystem.ledger.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.ledger.decision.IpRange;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.detect.Event;
import io.multisystem.ledger.filter.Fail2banFilter;
import io.multisystem.ledger.filter.FilterMatch;
import io.multisystem.ledger.filter.FilterMatcher;
import io.multisystem.ledger.scenario.Scenario;
import io.multisystem.ledger.scenario.ScenarioLoader;
import io.multisystem.ledger.scenario.ScenarioRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code scenario test}: replays events or log lines through CrowdSec scenarios and shows what overflowed. */
final class ScenarioCommands {
    private ScenarioCommands() {
    }

    @Command(name = "scenario", description = "CrowdSec scenarios.", subcommands = Test.class)
    static final class Group {
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Replay events (JSON lines: id, domain, source, kind, labels, time) or a log read through a "
                    + "fail2ban filter through CrowdSec scenario files; print every bucket that overflowed and the "
                    + "decisions it would make. Nothing is written to a ledger.")
    static final class Test implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Option(names = "--scenario", required = true, paramLabel = "FILE|DIR",
                description = "scenario YAML file or directory (repeatable)")
        List<Path> scenarioFiles;
        @Option(names = "--events", paramLabel = "FILE", description = "events, one JSON object per line")
        Path eventsFile;
        @Option(names = "--log", paramLabel = "FILE", description = "log file (with --filter)")
        Path log;
        @Option(names = "--filter", paramLabel = "FILE", description = "fail2ban filter turning log lines into events")
        Path filter;
        @Option(names = "--kind", description = "event kind (evt.Meta.log_type) of log lines (default: the filter's name)")
        String kind;
        @Option(names = "--domain", defaultValue = "local", description = "domain of log lines (default: ${DEFAULT-VALUE})")
        String domain;
        @Option(names = "--bantime", defaultValue = "4h", converter = io.multisystem.core.cli.DurationConverter.class,
                description = "duration of the decisions shown (default: ${DEFAULT-VALUE})")
        Duration banTime;

        record OverflowView(String scenario, String type, String key, String time, int count, String scope,
                            String value, boolean remediation, List<String> evidence) {
        }

        record DecisionView(String type, String scope, String value, String duration, String scenario, String origin) {
        }

        record Result(List<String> scenarios, long events, List<OverflowView> overflows, List<DecisionView> decisions,
                      long evaluationErrors, String lastError) {
        }

        @Override
        public Integer call() throws IOException {
            if ((eventsFile == null) == (log == null)) {
                throw new InvalidInputException(LedgerErrors.COMPONENT, "INPUT_REQUIRED",
                        "give exactly one input: --events FILE (JSON lines) or --log FILE with --filter FILE");
            }
            if (log != null && filter == null) {
                throw new InvalidInputException(LedgerErrors.COMPONENT, "FILTER_REQUIRED",
                        "--log needs --filter (a fail2ban filter that finds the address in each line)");
            }
            List<Scenario> scenarios = new ArrayList<>();
            scenarioFiles.forEach(f -> scenarios.addAll(ScenarioLoader.load(f)));
            ScenarioRunner runner = new ScenarioRunner(scenarios);
            List<ScenarioRunner.Overflow> overflows = new ArrayList<>();
            List<Event> input = eventsFile != null ? readEvents(eventsFile) : readLog();
            for (Event e : input) {
                overflows.addAll(runner.pour(e));
            }
            long events = input.size();
            overflows.addAll(runner.flush(null));
            List<OverflowView> ov = new ArrayList<>();
            List<DecisionView> decisions = new ArrayList<>();
            for (ScenarioRunner.Overflow o : overflows) {
                ov.add(new OverflowView(o.scenario(), o.type().yamlName(), o.key(), o.time().toString(), o.count(),
                        o.scopeType(), o.scopeValue(), o.remediation(), o.evidence()));
                if (o.remediation() && IpRange.isValid(o.scopeValue())) {
                    decisions.add(new DecisionView("ban", o.scopeType(), IpRange.parse(o.scopeValue()).toString(),
                            banTime.toString().substring(2).toLowerCase(), o.scenario(),
                            o.events().get(o.events().size() - 1).domain()));
                }
            }
            Result r = new Result(scenarios.stream().map(Scenario::name).toList(), events, ov, decisions,
                    runner.evaluationErrors(), runner.lastError());
            common.console().result(r, () -> {
                StringBuilder b = new StringBuilder();
                for (OverflowView o : ov) {
                    b.append(o.time()).append("  ").append(o.scenario()).append(" (").append(o.type()).append(")  key=")
                            .append(o.key().isEmpty() ? "-" : o.key()).append("  events=").append(o.count())
                            .append("  ").append(o.scope()).append(':').append(o.value())
                            .append(o.remediation() ? "  -> ban" : "").append('\n');
                }
                b.append(events).append(" events, ").append(ov.size()).append(" overflows, ").append(decisions.size())
                        .append(" decisions from ").append(scenarios.size()).append(" scenarios");
                if (r.evaluationErrors() > 0) {
                    b.append("; ").append(r.evaluationErrors()).append(" evaluation errors (last: ").append(r.lastError())
                            .append(')');
                }
                return b.toString();
            });
            return 0;
        }

        private List<Event> readLog() throws IOException {
            Fail2banFilter f = LedgerCommands.loadFilter(filter);
            FilterMatcher m = LedgerCommands.matcher(f);
            String k = kind == null ? f.name() : kind;
            List<Event> out = new ArrayList<>();
            long n = 0;
            try (BufferedReader r = LedgerCommands.open(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    n++;
                    Optional<FilterMatch> got = m.process(line);
                    if (got.isPresent() && got.get().time() != null && got.get().host() != null
                            && IpRange.isValid(got.get().host())) {
                        FilterMatch fm = got.get();
                        Map<String, String> labels = new LinkedHashMap<>();
                        if (fm.user() != null) {
                            labels.put("user", fm.user());
                        }
                        labels.put("raw", line);
                        String id = Hashes.toHex(Hashes.sha256((log.toAbsolutePath() + ":" + n + ":" + line)
                                .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
                        out.add(new Event(id, domain, fm.host(), k, labels, fm.time()));
                    }
                }
            }
            return out;
        }

        static List<Event> readEvents(Path file) throws IOException {
            JsonMapper json = JsonMapper.builder().build();
            List<Event> out = new ArrayList<>();
            long n = 0;
            try (BufferedReader r = LedgerCommands.open(file)) {
                String line;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.isBlank() || line.startsWith("#")) {
                        continue;
                    }
                    JsonNode j;
                    try {
                        j = json.readTree(line);
                    } catch (JacksonException e) {
                        throw bad(file, n, "not a JSON object: " + e.getOriginalMessage());
                    }
                    String source = j.path("source").asString("");
                    if (!IpRange.isValid(source) || source.contains("/")) {
                        throw bad(file, n, "source '" + source + "' is not an IPv4/IPv6 address");
                    }
                    Instant time;
                    try {
                        time = Instant.parse(j.path("time").asString(""));
                    } catch (DateTimeParseException e) {
                        throw bad(file, n, "time '" + j.path("time").asString("") + "' is not an ISO-8601 instant "
                                + "(e.g. 2026-01-01T00:00:00Z)");
                    }
                    String kind = j.path("kind").asString("");
                    if (kind.isBlank()) {
                        throw bad(file, n, "kind is required");
                    }
                    Map<String, String> labels = new LinkedHashMap<>();
                    j.path("labels").properties().forEach(en -> labels.put(en.getKey(), en.getValue().asString("")));
                    String id = j.path("id").asString("");
                    out.add(new Event(id.isEmpty() ? file.getFileName() + ":" + n : id,
                            j.path("domain").asString("local"), source, kind, labels, time));
                }
            }
            return out;
        }

        private static InvalidInputException bad(Path file, long line, String problem) {
            return new InvalidInputException(LedgerErrors.COMPONENT, LedgerErrors.INVALID_EVENT,
                    "invalid event at " + file + ":" + line + ": " + problem);
        }
    }
}
