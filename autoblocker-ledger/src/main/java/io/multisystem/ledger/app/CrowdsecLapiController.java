package io.multisystem.ledger.app;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.ledger.access.ApiKeyStore;
import io.multisystem.ledger.decision.Decision;
import io.multisystem.ledger.engine.LedgerEngine;
import io.multisystem.ledger.state.Change;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CrowdSec Local API compatible decision stream for existing bouncers: {@code GET /v1/decisions/stream} with
 * {@code X-Api-Key}; {@code startup=true} returns every active decision as new, later calls return what was added
 * and deleted since that bouncer's previous call. Bouncer keys are configured as SHA-256 hex and compared in constant
 * time and see every decision; a domain API key ({@link ApiKeyStore}) sees only the decisions that apply in its domain
 * (global ones included). A missing, unknown or revoked key gets 403 with a message saying which.
 */
@RestController
class CrowdsecLapiController {
    private final LedgerEngine engine;
    private final ApiKeyStore domainKeys;
    private final List<byte[]> keyHashes = new ArrayList<>();
    private final Map<String, Long> lastVersion = new ConcurrentHashMap<>();

    CrowdsecLapiController(LedgerEngine engine, LedgerProperties properties, ApiKeyStore domainKeys) {
        this.engine = engine;
        this.domainKeys = domainKeys;
        properties.bouncerKeys().forEach(k -> keyHashes.add(Hashes.fromHex(k.strip().toLowerCase())));
    }

    @GetMapping("/v1/decisions/stream")
    ResponseEntity<Map<String, Object>> stream(@RequestHeader(name = "X-Api-Key", required = false) String apiKey,
                                               @RequestParam(name = "startup", defaultValue = "false") boolean startup) {
        if (apiKey == null || apiKey.isBlank()) {
            return forbidden("access forbidden: missing X-Api-Key header (a bouncer key or a domain API key)");
        }
        String domain = null;
        if (!known(apiKey)) {
            ApiKeyStore.Check check = domainKeys.check(apiKey);
            if (check instanceof ApiKeyStore.Valid v) {
                domain = v.record().domain();
            } else if (check instanceof ApiKeyStore.Revoked r) {
                return forbidden("access forbidden: API key " + r.record().id() + " was revoked at " + r.record().revoked());
            } else {
                return forbidden("access forbidden: X-Api-Key not recognised");
            }
        }
        String bouncer = Hashes.toHex(Hashes.sha256(apiKey.getBytes(StandardCharsets.UTF_8)));
        var state = engine.node().state();
        List<Map<String, Object>> added = new ArrayList<>();
        List<Map<String, Object>> deleted = new ArrayList<>();
        long now = System.currentTimeMillis();
        Long since = lastVersion.get(bouncer);
        long version = state.version();
        List<Change> changes = startup || since == null ? null : state.changesSince(since);
        if (changes == null) {
            engine.node().readBarrier();
            version = state.version();
            for (Decision d : state.active(now, domain)) {
                added.add(json(d, now));
            }
        } else {
            for (Change c : changes) {
                version = Math.max(version, c.version());
                if (domain != null && !c.decision().isGlobal() && !c.decision().appliesTo().equals(domain)) {
                    continue;
                }
                (c.deleted() ? deleted : added).add(json(c.decision(), now));
            }
        }
        lastVersion.put(bouncer, version);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("new", added.isEmpty() ? null : added);
        body.put("deleted", deleted.isEmpty() ? null : deleted);
        return ResponseEntity.ok(body);
    }

    private static ResponseEntity<Map<String, Object>> forbidden(String message) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(Map.of("message", message));
    }

    private boolean known(String key) {
        byte[] h = Hashes.sha256(key.getBytes(StandardCharsets.UTF_8));
        boolean found = false;
        for (byte[] k : keyHashes) {
            found |= MessageDigest.isEqual(k, h);
        }
        return found;
    }

    static Map<String, Object> json(Decision d, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        long left = Math.max(0, d.expiresAt() - now) / 1000;
        m.put("duration", (left / 3600) + "h" + (left % 3600 / 60) + "m" + (left % 60) + "s");
        m.put("id", d.version());
        m.put("origin", d.origin());
        m.put("scenario", d.scenario());
        m.put("scope", d.scope().crowdsecName());
        m.put("type", d.type());
        m.put("value", d.value());
        m.put("uuid", d.id());
        return m;
    }
}
