package io.multisystem.core.cli;

/** How a command prints its result: {@code text} for people, {@code json} (stable, documented per system) for tools. */
public enum OutputFormat {
    text, json
}
