package io.multisystem.contract.lang;

/**
 * {@code rate_limit NAME { key: EXPR; rate: N per DURATION; burst: B; algorithm: token_bucket|sliding_window; when {..} }}.
 * {@code when} is optional (null = applies to every request).
 */
public record RateLimitDecl(String name, Expr key, long permits, long periodMillis, long burst, Algorithm algorithm,
        Expr when, Loc loc) {
    public enum Algorithm { TOKEN_BUCKET, SLIDING_WINDOW }
}
