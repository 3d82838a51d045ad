package io.multisystem.chaos.grpc;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.multisystem.chaos.experiment.ChaosErrors;
import io.multisystem.chaos.experiment.KernelAgentLimits;
import io.multisystem.chaos.experiment.Provider;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Limits;
import io.multisystem.kernel.v1.ListCgroupsRequest;
import io.multisystem.kernel.v1.SetLimitsRequest;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link KernelAgentLimits} over cloud-kernel-agent's gRPC {@code KernelAgentService}: a limit is set with
 * {@code SetLimits} ({@code cpu_quota_micros} + {@code cpu_period_micros}, or {@code memory_max_bytes}; -1 = max),
 * and read with a {@code SetLimits} that sets nothing: the agent leaves absent fields unchanged and answers with the
 * limits read back (the agent has no read-only limits RPC). Reachability is checked with {@code ListCgroups}. Every
 * call has a deadline. Agent errors become FAILED_PRECONDITION with the agent's own message: UNAVAILABLE and
 * DEADLINE_EXCEEDED as {@code KERNEL_AGENT_UNAVAILABLE}, NOT_FOUND as {@code CGROUP_GONE}, anything else (a group
 * outside the agent's managed roots, a missing controller) as {@code PROVIDER_FAILED}.
 */
public final class KernelAgentClient implements KernelAgentLimits, AutoCloseable {
    /** The configuration property naming the agent, quoted in messages. */
    public static final String PROPERTY = "multisystem.chaos.experiments.kernel-agent";

    private final String address;
    private final ManagedChannel channel;
    private final boolean ownsChannel;
    private final Duration timeout;

    /** A client of the agent at {@code address} ({@code host:port}, plaintext), owning its channel. */
    public static KernelAgentClient connect(String address, Duration timeout) {
        if (address == null || !address.matches("\\[?[^\\s/]+]?:\\d{1,5}")) {
            throw new IllegalArgumentException(PROPERTY + " must be host:port, was '" + address + "'");
        }
        return new KernelAgentClient(address, ManagedChannelBuilder.forTarget(address).usePlaintext().build(), true,
                timeout);
    }

    /** A client on an existing channel (tests use an in-process one); the caller keeps ownership of it. */
    public static KernelAgentClient on(String address, ManagedChannel channel, Duration timeout) {
        return new KernelAgentClient(address, channel, false, timeout);
    }

    private KernelAgentClient(String address, ManagedChannel channel, boolean ownsChannel, Duration timeout) {
        this.address = address;
        this.channel = channel;
        this.ownsChannel = ownsChannel;
        this.timeout = timeout;
    }

    @Override
    public String address() {
        return address;
    }

    private KernelAgentServiceGrpc.KernelAgentServiceBlockingStub stub() {
        return KernelAgentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void checkReachable() {
        call("reach", "", () -> stub().listCgroups(ListCgroupsRequest.getDefaultInstance()));
    }

    @Override
    public String read(String group, Provider.CgroupResource resource) {
        Limits current = call("read the " + name(resource) + " limit of", group, () -> stub().setLimits(
                SetLimitsRequest.newBuilder().setPath(group).setLimits(Limits.getDefaultInstance()).build()));
        if (resource == Provider.CgroupResource.CPU) {
            if (!current.hasCpuQuotaMicros() || !current.hasCpuPeriodMicros()) {
                throw refused("cloud-kernel-agent at " + address + " reports no CPU quota for cgroup " + group
                        + ": enable the cpu controller for it");
            }
            return (current.getCpuQuotaMicros() < 0 ? "max" : String.valueOf(current.getCpuQuotaMicros())) + " "
                    + current.getCpuPeriodMicros();
        }
        if (!current.hasMemoryMaxBytes()) {
            throw refused("cloud-kernel-agent at " + address + " reports no memory limit for cgroup " + group
                    + ": enable the memory controller for it");
        }
        return current.getMemoryMaxBytes() < 0 ? "max" : String.valueOf(current.getMemoryMaxBytes());
    }

    @Override
    public void write(String group, Provider.CgroupResource resource, String value) {
        Limits.Builder limits = Limits.newBuilder();
        String[] parts = value.trim().split("\\s+");
        try {
            if (resource == Provider.CgroupResource.CPU) {
                if (parts.length != 2) {
                    throw new NumberFormatException("expected QUOTA PERIOD");
                }
                limits.setCpuQuotaMicros("max".equals(parts[0]) ? -1 : Long.parseLong(parts[0]));
                limits.setCpuPeriodMicros(Long.parseLong(parts[1]));
            } else {
                limits.setMemoryMaxBytes("max".equals(parts[0]) ? -1 : Long.parseLong(parts[0]));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a " + name(resource) + " limit in cgroup v2 syntax: '" + value
                    + "'", e);
        }
        call("set the " + name(resource) + " limit of", group, () -> stub().setLimits(
                SetLimitsRequest.newBuilder().setPath(group).setLimits(limits).build()));
    }

    private <T> T call(String what, String group, Supplier<T> rpc) {
        try {
            return rpc.get();
        } catch (StatusRuntimeException e) {
            Status status = e.getStatus();
            String cause = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
            String target = group.isEmpty() ? "" : " cgroup " + group;
            switch (status.getCode()) {
                case UNAVAILABLE, DEADLINE_EXCEEDED -> throw new FailedPreconditionException(ChaosErrors.COMPONENT,
                        ChaosErrors.KERNEL_AGENT_UNAVAILABLE, "cloud-kernel-agent at " + address + " is unreachable ("
                        + cause + "), so cgroup limits cannot be applied: start the agent or fix " + PROPERTY);
                case NOT_FOUND -> throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.CGROUP_GONE,
                        "cloud-kernel-agent at " + address + " cannot " + what + target + ": " + cause);
                default -> throw refused("cloud-kernel-agent at " + address + " refused to " + what + target + ": "
                        + cause);
            }
        }
    }

    private static FailedPreconditionException refused(String message) {
        return new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROVIDER_FAILED, message);
    }

    private static String name(Provider.CgroupResource resource) {
        return resource.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        if (ownsChannel) {
            channel.shutdownNow();
            try {
                channel.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
