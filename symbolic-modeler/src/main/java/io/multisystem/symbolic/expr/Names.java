package io.multisystem.symbolic.expr;

/** Lexical rules for symbol and operator names, shared by both syntaxes. */
public final class Names {
    private Names() {
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]*}. */
    public static boolean isIdentifier(String text) {
        if (text == null || text.isEmpty() || !isIdentifierStart(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            if (!isIdentifierPart(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** An identifier or one of the binary arithmetic symbols {@code + - * /}. */
    public static boolean isOperator(String text) {
        return isIdentifier(text) || isArithmeticSymbol(text);
    }

    public static boolean isArithmeticSymbol(String text) {
        return "+".equals(text) || "-".equals(text) || "*".equals(text) || "/".equals(text);
    }

    static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9');
    }
}
