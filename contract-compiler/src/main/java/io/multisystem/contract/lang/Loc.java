package io.multisystem.contract.lang;

/** A source position: file, 1-based line and column. */
public record Loc(String file, int line, int column) {
    public static final Loc NONE = new Loc("<none>", 0, 0);

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
