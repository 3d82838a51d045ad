package io.multisystem.kernel;

import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reading and writing the kernel's pseudo-files (cgroupfs, procfs, sysfs) in pure Java, with errors that say what
 * failed and what is missing. A write is one {@code write(2)} of the whole value, as the kernel expects.
 */
public final class KernelFiles {
    private KernelFiles() {
    }

    /** The file's content without the trailing newline, or empty if it does not exist. */
    public static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new PlatformException(io.multisystem.core.error.ErrorKind.FAILED_PRECONDITION, KernelErrors.COMPONENT,
                    KernelErrors.READ_FAILED, Severity.DEGRADED, "cannot read " + file + ": " + e.getMessage(), Map.of(), e);
        }
    }

    public static Optional<Long> readLong(Path file) {
        return read(file).filter(s -> !s.isEmpty()).map(s -> "max".equals(s) ? -1L : Long.parseLong(s.split("\\s+")[0]));
    }

    /** "key value" lines (memory.stat, cpu.stat, memory.events) as a map; empty if the file is absent. */
    public static Map<String, Long> readKeyValues(Path file) {
        Map<String, Long> out = new LinkedHashMap<>();
        read(file).ifPresent(text -> {
            for (String line : text.split("\n")) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length == 2) {
                    try {
                        out.put(parts[0], Long.parseLong(parts[1]));
                    } catch (NumberFormatException ignored) {
                        // non-numeric entries are not statistics
                    }
                }
            }
        });
        return out;
    }

    /** Writes {@code value} to a control file; the kernel's refusal is reported with the file and the value. */
    public static void write(Path file, String value) {
        try {
            Files.writeString(file, value, StandardCharsets.UTF_8, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (NoSuchFileException e) {
            throw KernelErrors.precondition(KernelErrors.CONTROLLER_UNAVAILABLE, "control file " + file
                    + " does not exist: the controller is not enabled for this group");
        } catch (AccessDeniedException e) {
            throw new PermissionDeniedException(KernelErrors.COMPONENT, KernelErrors.CAPABILITY_MISSING, Severity.OPERATIONAL,
                    "writing " + file + " was denied: needs root or CAP_SYS_ADMIN, or a delegated cgroup subtree",
                    Map.of("capability", "CAP_SYS_ADMIN", "file", file.toString()), e);
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            if (reason.contains("No such process")) {
                throw KernelErrors.notFound(KernelErrors.PROCESS_NOT_FOUND, "no such process: writing '" + value + "' to " + file);
            }
            if (reason.contains("Operation not permitted")) {
                throw new PermissionDeniedException(KernelErrors.COMPONENT, KernelErrors.CAPABILITY_MISSING, Severity.OPERATIONAL,
                        "writing '" + value + "' to " + file + " was not permitted: needs CAP_SYS_ADMIN",
                        Map.of("capability", "CAP_SYS_ADMIN", "file", file.toString()), e);
            }
            throw new PlatformException(io.multisystem.core.error.ErrorKind.FAILED_PRECONDITION, KernelErrors.COMPONENT,
                    KernelErrors.WRITE_FAILED, Severity.DEGRADED, "the kernel refused '" + value + "' for " + file + ": " + reason,
                    Map.of("file", file.toString(), "value", value), e);
        }
    }
}
