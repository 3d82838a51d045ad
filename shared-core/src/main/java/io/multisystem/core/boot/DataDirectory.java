package io.multisystem.core.boot;

import java.nio.file.Path;

/** The existing, writable directory where this system keeps its data ({@code $MULTISYSTEM_HOME/<system>}). */
public record DataDirectory(Path path) {
}
