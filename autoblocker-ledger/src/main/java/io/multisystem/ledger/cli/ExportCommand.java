package io.multisystem.ledger.cli;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.decision.LedgerErrors;
import io.multisystem.ledger.decision.Scope;
import io.multisystem.ledger.export.FirewallExport;
import io.multisystem.ledger.grpc.Protos;
import io.multisystem.ledger.v1.LedgerServiceGrpc;
import io.multisystem.ledger.v1.ListDecisionsRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code export --format nft|ipset}: the active bans as a firewall set script. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the active bans (Ip and Range) as an nftables script (`nft -f`) or an `ipset restore` "
                + "file; each element times out when its decision expires.")
final class ExportCommand extends LedgerCommands.LocalOrRemote implements Callable<Integer> {
    @Option(names = "--format", required = true, description = "nft or ipset")
    String format;
    @Option(names = "--domain", description = "only the bans that apply in this domain (global ones included)")
    String domain;
    @Option(names = "--name", defaultValue = "autoblocker",
            description = "nft table name / ipset set name prefix (default: ${DEFAULT-VALUE})")
    String name;
    @Option(names = "--to", paramLabel = "FILE", description = "write the script to FILE instead of stdout")
    Path to;

    record Result(String format, int elements, int skipped, String file, String script) {
    }

    @Override
    public Integer call() throws IOException {
        FirewallExport.Format f = FirewallExport.Format.parse(format);
        List<Decision> decisions = new ArrayList<>();
        if (common.server().isPresent()) {
            LedgerCommands.withChannel(common, ch -> {
                LedgerServiceGrpc.newBlockingStub(ch).listDecisions(ListDecisionsRequest.newBuilder()
                        .setDomain(LedgerCommands.nz(domain)).build()).getDecisionsList()
                        .forEach(d -> decisions.add(fromProto(d)));
                return null;
            });
        } else {
            try (LocalLedger l = local()) {
                decisions.addAll(l.engine.list(domain, null, null));
            }
        }
        FirewallExport.Result r = FirewallExport.render(decisions, f, name, Instant.now());
        if (to != null) {
            try {
                Files.writeString(to, r.script(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new InvalidInputException(LedgerErrors.COMPONENT, "OUTPUT_UNWRITABLE", "cannot write " + to + ": "
                        + e.getMessage());
            }
        }
        Result out = new Result(f.name().toLowerCase(), r.elements().size(), r.skipped(),
                to == null ? null : to.toString(), r.script());
        common.console().result(out, () -> to == null ? r.script().stripTrailing()
                : "wrote " + r.elements().size() + " elements to " + to + " (" + r.skipped() + " decisions skipped)");
        return 0;
    }

    static Decision fromProto(io.multisystem.ledger.v1.Decision d) {
        return new Decision(d.getId(), d.getType(), Scope.parse(d.getScope()), d.getValue(), d.getOrigin(),
                d.getScenario(), d.getAppliesTo(), Protos.instant(d.getCreatedAt()).toEpochMilli(),
                Protos.instant(d.getExpiresAt()).toEpochMilli(), d.getEvidenceList(), d.getVersion(), d.getHeight(), 0);
    }
}
