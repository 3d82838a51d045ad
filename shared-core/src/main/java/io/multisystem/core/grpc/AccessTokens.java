package io.multisystem.core.grpc;

import io.multisystem.core.crypto.Hashes;
import io.multisystem.core.error.InvalidInputException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bearer tokens a service accepts, each with the gRPC methods it may call.
 *
 * <p>Format (file, or an environment variable with entries separated by newlines or commas), one token per entry:
 * <pre>
 * # comment
 * s3cr3t-token-for-ops                         (may call every method)
 * auditor-token  io.multisystem.attestation.v1.AttestationService/Verify*   (only matching methods)
 * </pre>
 * A pattern matches the full method name {@code package.Service/Method}; {@code *} matches any run of characters.
 * Tokens must be at least 16 characters of visible ASCII.
 *
 * <p>Lookup compares the SHA-256 of the presented token with every stored digest using a constant-time comparison and
 * no early exit, so neither the position nor the length of a matching token leaks through timing. Immutable and
 * thread-safe.
 */
public final class AccessTokens {
    public static final int MIN_TOKEN_LENGTH = 16;

    private final List<Entry> entries;

    private AccessTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** What a presented token is allowed to do. */
    public enum Decision { ALLOWED, UNKNOWN_TOKEN, METHOD_NOT_ALLOWED }

    /**
     * Parses token entries.
     *
     * @param source where the text came from, named in error messages (a path or an environment variable)
     * @throws InvalidInputException code {@code TOKENS_INVALID} naming the entry at fault
     */
    public static AccessTokens parse(String text, String source) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("[\\r\\n,]+");
        int lineNumber = 0;
        for (String raw : lines) {
            lineNumber++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            String token = parts[0];
            if (token.length() < MIN_TOKEN_LENGTH || !token.chars().allMatch(c -> c > 32 && c < 127)) {
                throw new InvalidInputException("shared-core", "TOKENS_INVALID", source + " entry " + lineNumber
                        + ": a token must be at least " + MIN_TOKEN_LENGTH + " visible ASCII characters");
            }
            List<Pattern> methods = new ArrayList<>();
            for (int i = 1; i < parts.length; i++) {
                methods.add(globToRegex(parts[i]));
            }
            entries.add(new Entry(Hashes.sha256(token.getBytes(StandardCharsets.US_ASCII)), methods));
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException("shared-core", "TOKENS_INVALID",
                    source + " holds no token; give at least one, or do not configure tokens");
        }
        return new AccessTokens(entries);
    }

    /**
     * Reads tokens from a file.
     *
     * @throws InvalidInputException code {@code TOKENS_UNREADABLE} if the file cannot be read
     */
    public static AccessTokens readFile(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new InvalidInputException("shared-core", "TOKENS_UNREADABLE",
                    "cannot read token file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Tokens from a file if {@code file} is set, else from environment variable {@code envVariable} if set and not
     * blank, else none (authentication off).
     */
    public static Optional<AccessTokens> load(Optional<Path> file, String envVariable) {
        if (file.isPresent()) {
            return Optional.of(readFile(file.get()));
        }
        String value = envVariable == null ? null : System.getenv(envVariable);
        if (value != null && !value.isBlank()) {
            return Optional.of(parse(value, "environment variable " + envVariable));
        }
        return Optional.empty();
    }

    public int size() {
        return entries.size();
    }

    /** Decides, in time independent of which token matches, whether {@code token} may call {@code fullMethod}. */
    public Decision check(String token, String fullMethod) {
        byte[] digest = Hashes.sha256(token.getBytes(StandardCharsets.UTF_8));
        Entry match = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest, digest) && match == null) {
                match = entry;
            }
        }
        if (match == null) {
            return Decision.UNKNOWN_TOKEN;
        }
        if (match.methods.isEmpty()) {
            return Decision.ALLOWED;
        }
        for (Pattern method : match.methods) {
            if (method.matcher(fullMethod).matches()) {
                return Decision.ALLOWED;
            }
        }
        return Decision.METHOD_NOT_ALLOWED;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private record Entry(byte[] digest, List<Pattern> methods) {
    }
}
