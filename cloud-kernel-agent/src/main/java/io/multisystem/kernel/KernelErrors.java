package io.multisystem.kernel;

import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import io.multisystem.core.error.PermissionDeniedException;
import io.multisystem.core.error.PlatformException;
import io.multisystem.core.error.Severity;
import io.multisystem.core.error.UnavailableException;

import java.util.LinkedHashMap;
import java.util.Map;

/** Error codes and constructors shared by the kernel agent's features; the component is always {@value #COMPONENT}. */
public final class KernelErrors {
    public static final String COMPONENT = "cloud-kernel-agent";

    public static final String CAPABILITY_MISSING = "CAPABILITY_MISSING";
    public static final String NATIVE_HELPER_UNAVAILABLE = "NATIVE_HELPER_UNAVAILABLE";
    public static final String BPF_VERIFIER_REJECTED = "BPF_VERIFIER_REJECTED";
    public static final String SYSCALL_FAILED = "SYSCALL_FAILED";
    public static final String OUTSIDE_MANAGED_ROOT = "OUTSIDE_MANAGED_ROOT";
    public static final String CGROUP_NOT_FOUND = "CGROUP_NOT_FOUND";
    public static final String CGROUP_EXISTS = "CGROUP_EXISTS";
    public static final String CGROUP_BUSY = "CGROUP_BUSY";
    public static final String CONTROLLER_UNAVAILABLE = "CONTROLLER_UNAVAILABLE";
    public static final String LIMIT_UNSUPPORTED = "LIMIT_UNSUPPORTED";
    public static final String PROCESS_NOT_FOUND = "PROCESS_NOT_FOUND";
    public static final String INTERFACE_NOT_FOUND = "INTERFACE_NOT_FOUND";
    public static final String XDP_ALREADY_ATTACHED = "XDP_ALREADY_ATTACHED";
    public static final String XDP_NOT_ATTACHED = "XDP_NOT_ATTACHED";
    public static final String PRESSURE_UNAVAILABLE = "PRESSURE_UNAVAILABLE";
    public static final String READ_FAILED = "READ_FAILED";
    public static final String WRITE_FAILED = "WRITE_FAILED";

    private KernelErrors() {
    }

    public static InvalidInputException invalid(String code, String message) {
        return new InvalidInputException(COMPONENT, code, message);
    }

    public static NotFoundException notFound(String code, String message) {
        return new NotFoundException(COMPONENT, code, message);
    }

    public static FailedPreconditionException precondition(String code, String message) {
        return new FailedPreconditionException(COMPONENT, code, message);
    }

    public static PermissionDeniedException capability(String what, String capability) {
        return new PermissionDeniedException(COMPONENT, CAPABILITY_MISSING, Severity.OPERATIONAL,
                what + " needs " + capability + "; run the agent as root or grant " + capability,
                Map.of("capability", capability), null);
    }

    public static UnavailableException nativeUnavailable(String why) {
        return new UnavailableException(COMPONENT, NATIVE_HELPER_UNAVAILABLE, Severity.DEGRADED,
                "the JNI helper libkernelhelper.so is not available: " + why
                        + " (eBPF/XDP and PSI triggers need it; cgroup, PSI and NUMA reading work without it)",
                Map.of(), null);
    }

    /**
     * Maps a failed system call to the platform's errors: EPERM names the missing capability, a rejected program
     * carries the verifier log, ENOENT/ENODEV are NOT_FOUND, EEXIST/EBUSY FAILED_PRECONDITION.
     */
    public static PlatformException fromErrno(String what, String capability, String errnoName, int errno, String log) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("errno", errnoName);
        details.put("operation", what);
        if (log != null && !log.isEmpty()) {
            details.put("verifierLog", log);
        }
        switch (errnoName) {
            case "EPERM":
                return new PermissionDeniedException(COMPONENT, CAPABILITY_MISSING, Severity.OPERATIONAL,
                        what + " failed with EPERM: needs " + capability + " (run as root or grant " + capability + ")",
                        withCapability(details, capability), null);
            case "EACCES":
                if (log != null && !log.isEmpty()) {
                    return verifier(what, log, details);
                }
                return new PermissionDeniedException(COMPONENT, CAPABILITY_MISSING, Severity.OPERATIONAL,
                        what + " failed with EACCES: needs " + capability, withCapability(details, capability), null);
            case "EINVAL":
                if (log != null && !log.isEmpty()) {
                    return verifier(what, log, details);
                }
                return new InvalidInputException(COMPONENT, SYSCALL_FAILED,
                        what + " failed with EINVAL: the kernel rejected an argument", java.util.List.of(), details, null);
            case "ENOENT":
            case "ENODEV":
                return new NotFoundException(COMPONENT, SYSCALL_FAILED, Severity.OPERATIONAL,
                        what + " failed with " + errnoName + ": the object does not exist", details, null);
            case "EEXIST":
            case "EBUSY":
                return new FailedPreconditionException(COMPONENT, SYSCALL_FAILED, Severity.OPERATIONAL,
                        what + " failed with " + errnoName + ": something is already attached or in use", details, null);
            default:
                return new FailedPreconditionException(COMPONENT, SYSCALL_FAILED, Severity.DEGRADED,
                        what + " failed with " + errnoName + " (errno " + errno + ")", details, null);
        }
    }

    private static Map<String, String> withCapability(Map<String, String> details, String capability) {
        Map<String, String> copy = new LinkedHashMap<>(details);
        copy.put("capability", capability);
        return copy;
    }

    private static PlatformException verifier(String what, String log, Map<String, String> details) {
        String last = lastLines(log, 3);
        return new InvalidInputException(COMPONENT, BPF_VERIFIER_REJECTED,
                what + ": the BPF verifier rejected the program: " + last, java.util.List.of(), details, null);
    }

    private static String lastLines(String log, int n) {
        String[] lines = log.strip().split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) {
            if (sb.length() > 0) {
                sb.append(" | ");
            }
            sb.append(lines[i].strip());
        }
        return sb.toString();
    }
}
