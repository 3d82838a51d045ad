package io.multisystem.ledger.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.decision.LedgerErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code keys create|ls|revoke}: the per-domain API keys a running service reads from its key file. */
final class KeyCommands {
    private KeyCommands() {
    }

    static Path defaultKeysFile() {
        return LedgerCommands.defaultDataDir().getParent().resolve("api-keys");
    }

    record KeyView(String id, String domain, String created, String revoked, boolean active, String label) {
        static KeyView of(ApiKeyStore.KeyRecord r) {
            return new KeyView(r.id(), r.domain(), r.created().toString(), r.revoked() == null ? null : r.revoked().toString(),
                    r.active(), r.label());
        }

        String line() {
            return String.format("%-12s %-24s %-8s created %s%s%s", id, domain, active ? "active" : "REVOKED", created,
                    revoked == null ? "" : " revoked " + revoked, label.isEmpty() ? "" : "  " + label);
        }
    }

    abstract static class KeyFileOptions {
        @Mixin
        CommonOptions common;
        @Option(names = "--keys-file", paramLabel = "FILE",
                description = "key file (default: $MULTISYSTEM_HOME/autoblocker-ledger/api-keys, what `serve` reads)")
        Path keysFile;

        ApiKeyStore store() {
            return new ApiKeyStore(keysFile == null ? defaultKeysFile() : keysFile, Clock.systemUTC());
        }
    }

    @Command(name = "keys", description = "Per-domain API keys (stored hashed).",
            subcommands = {Create.class, Ls.class, Revoke.class})
    static final class Group {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key for a domain; the key is printed once and only its hash is stored.")
    static final class Create extends KeyFileOptions implements Callable<Integer> {
        @Option(names = "--domain", required = true, description = "the domain the key may report as")
        String domain;
        @Option(names = "--label", defaultValue = "", description = "a note (who holds it)")
        String label;

        record Result(String id, String domain, String key) {
        }

        @Override
        public Integer call() {
            ApiKeyStore.Created c = store().create(domain, label);
            Result r = new Result(c.record().id(), c.record().domain(), c.key());
            common.console().result(r, () -> r.key() + "\n(key " + r.id() + " for domain " + r.domain()
                    + "; shown only now, store it safely)");
            return 0;
        }
    }

    @Command(name = "ls", mixinStandardHelpOptions = true, description = "List keys (ids, domains, state; never the keys).")
    static final class Ls extends KeyFileOptions implements Callable<Integer> {
        @Override
        public Integer call() {
            List<KeyView> out = store().list().stream().map(KeyView::of).toList();
            common.console().result(out, () -> {
                StringBuilder b = new StringBuilder();
                out.forEach(k -> b.append(k.line()).append('\n'));
                return b.append(out.size()).append(" keys").toString();
            });
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke a key by id, or every key of a domain (--domain). Takes effect on running servers "
                    + "reading the same key file at their next call.")
    static final class Revoke extends KeyFileOptions implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "KEY_ID")
        String id;
        @Option(names = "--domain", description = "revoke every active key of this domain")
        String domain;

        @Override
        public Integer call() {
            if ((id == null) == (domain == null)) {
                throw new InvalidInputException(LedgerErrors.COMPONENT, "KEY_REQUIRED",
                        "give a key id or --domain (not both)");
            }
            ApiKeyStore store = store();
            List<KeyView> out = new ArrayList<>();
            if (id != null) {
                out.add(KeyView.of(store.revoke(id)));
            } else {
                store.revokeDomain(domain).forEach(r -> out.add(KeyView.of(r)));
                if (out.isEmpty()) {
                    throw new io.multisystem.core.error.NotFoundException(LedgerErrors.COMPONENT, "API_KEY_NOT_FOUND",
                            "domain '" + domain + "' has no active key");
                }
            }
            common.console().result(out, () -> "revoked " + String.join(" ", out.stream().map(KeyView::id).toList()));
            return 0;
        }
    }
}
