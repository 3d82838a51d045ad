package io.multisystem.chaos.experiment;

/**
 * CPU and memory limits of cgroups applied by cloud-kernel-agent instead of by writing the cgroup file system
 * (which needs the engine to run privileged). Values use the cgroup v2 file syntax, so journal entries read the same
 * whichever way a limit was applied: CPU as {@code cpu.max} ({@code "QUOTA PERIOD"} or {@code "max PERIOD"}, µs),
 * memory as {@code memory.max} (bytes, or {@code "max"}). Groups are paths relative to the hierarchy root, as in
 * {@code /proc/PID/cgroup}.
 *
 * <p>Implementations throw {@link io.multisystem.core.error.FailedPreconditionException}:
 * {@link ChaosErrors#KERNEL_AGENT_UNAVAILABLE} when the agent cannot be reached, {@link ChaosErrors#CGROUP_GONE}
 * when the group no longer exists, {@link ChaosErrors#PROVIDER_FAILED} when the agent refuses (e.g. a group outside
 * its managed roots).
 */
public interface KernelAgentLimits {
    /** The agent's address, for messages and the journal. */
    String address();

    /** Fails fast with {@link ChaosErrors#KERNEL_AGENT_UNAVAILABLE} if the agent does not answer. */
    void checkReachable();

    /** The current limit of {@code group}. */
    String read(String group, Provider.CgroupResource resource);

    /** Sets the limit of {@code group} to {@code value}. */
    void write(String group, Provider.CgroupResource resource, String value);
}
