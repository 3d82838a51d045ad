package io.multisystem.contract.lang;

/** A located problem in a source file, rendered as {@code file:line:col: message} plus the line and a caret. */
public record Diagnostic(Loc loc, String message, String snippet) {
    public String render() {
        return loc + ": " + message + (snippet == null || snippet.isEmpty() ? "" : "\n" + snippet);
    }

    static String caret(String source, int line, int column) {
        String[] lines = source.split("\n", -1);
        if (line < 1 || line > lines.length) {
            return "";
        }
        String text = lines[line - 1].replace("\r", "");
        StringBuilder sb = new StringBuilder("  ").append(text).append("\n  ");
        for (int i = 1; i < column && i <= text.length(); i++) {
            sb.append(text.charAt(i - 1) == '\t' ? '\t' : ' ');
        }
        return sb.append('^').toString();
    }
}
