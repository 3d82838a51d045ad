package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.NewToxic;
import io.multisystem.core.error.FailedPreconditionException;
import io.multisystem.core.error.PlatformException;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Injects and reverts faults, always through the {@link FaultJournal}: a fault is journaled before it is injected
 * and marked reverted only once it is undone. Reverting is idempotent: a toxic or proxy already gone, or a process
 * that exited, counts as reverted. Kills are irreversible: they are journaled and immediately marked done. Cgroup
 * limits go through cloud-kernel-agent when one is configured (the journal entry says so, and a revert after a
 * restart takes the same way), otherwise through the cgroup file system.
 */
final class FaultInjector {
    /** Journal marker of a cgroup limit applied through cloud-kernel-agent. */
    static final String VIA_KERNEL_AGENT = "kernel-agent";

    private final FaultJournal journal;
    private final ProcessTable processes;
    private final CgroupLimits cgroups;
    private final KernelAgentLimits kernelAgent;
    private final Function<URI, ProxyControl> proxies;
    private final Clock clock;

    FaultInjector(FaultJournal journal, ProcessTable processes, CgroupLimits cgroups, Function<URI, ProxyControl> proxies,
                  Clock clock) {
        this(journal, processes, cgroups, null, proxies, clock);
    }

    /** With {@code kernelAgent} non-null, cgroup limits are applied through cloud-kernel-agent. */
    FaultInjector(FaultJournal journal, ProcessTable processes, CgroupLimits cgroups, KernelAgentLimits kernelAgent,
                  Function<URI, ProxyControl> proxies, Clock clock) {
        this.journal = journal;
        this.processes = processes;
        this.cgroups = cgroups;
        this.kernelAgent = kernelAgent;
        this.proxies = proxies;
        this.clock = clock;
    }

    static String kindOf(Provider p) {
        if (p instanceof Provider.Toxic) {
            return "toxic";
        }
        if (p instanceof Provider.Signal s) {
            return "process-" + s.signal().wireName();
        }
        if (p instanceof Provider.CgroupLimit c) {
            return "cgroup-" + c.resource().name().toLowerCase(java.util.Locale.ROOT);
        }
        return p.type();
    }

    static String detail(Provider p, Planner.Target t) {
        if (p instanceof Provider.Toxic x) {
            return x.toxicType() + " " + x.stream() + " " + x.attributes() + (x.toxicity() < 1 ? " toxicity "
                    + x.toxicity() : "") + (x.api() == null ? "" : " via " + x.api());
        }
        if (p instanceof Provider.CgroupLimit c) {
            return c.resource().name().toLowerCase(java.util.Locale.ROOT) + " limit " + c.limit() + " on " + t.label();
        }
        return t.label();
    }

    /**
     * Journals, then injects one fault on one target. A resume signal is not a fault and returns null.
     *
     * @throws PlatformException if injection fails; the journal entry is then closed (nothing was injected)
     */
    ActiveFault inject(String runId, Provider provider, Planner.Target target) {
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        if (provider instanceof Provider.Signal s && s.signal() == Provider.ProcessSignal.RESUME) {
            processes.signal(target.pid(), target.started(), Provider.ProcessSignal.RESUME);
            return null;
        }
        Map<String, String> revert = new LinkedHashMap<>();
        Runnable action;
        if (provider instanceof Provider.Toxic t) {
            String toxicName = "chaos-" + id.substring(0, 8) + "-" + t.toxicType();
            revert.put("api", t.api() == null ? "" : t.api().toString());
            revert.put("proxy", target.proxy());
            revert.put("toxic", toxicName);
            action = () -> proxies.apply(t.api()).addToxic(target.proxy(), new NewToxic(toxicName, t.toxicType(),
                    t.stream(), t.toxicity(), t.attributes(), t.sources().isEmpty() ? null : t.sources(),
                    t.expiresIn()));
        } else if (provider instanceof Provider.Signal s) {
            revert.put("pid", String.valueOf(target.pid()));
            revert.put("started", target.started() == null ? "" : target.started().toString());
            action = () -> processes.signal(target.pid(), target.started(), s.signal());
        } else if (provider instanceof Provider.CgroupLimit c && kernelAgent != null) {
            String group = cgroups.cgroupPath(target.pid(), c.resource());
            String content = CgroupLimits.parseLimit(c.resource(), c.limit());
            revert.put("via", VIA_KERNEL_AGENT);
            revert.put("agent", kernelAgent.address());
            revert.put("group", group);
            revert.put("previous", kernelAgent.read(group, c.resource()));
            action = () -> kernelAgent.write(group, c.resource(), content);
        } else if (provider instanceof Provider.CgroupLimit c) {
            Path file = cgroups.limitFile(target.pid(), c.resource());
            String content = CgroupLimits.parseLimit(c.resource(), c.limit());
            revert.put("file", file.toString());
            revert.put("previous", cgroups.read(file));
            action = () -> cgroups.write(file, content);
        } else {
            throw new IllegalArgumentException(provider.type() + " injects no fault");
        }
        ActiveFault fault = new ActiveFault(id, runId, kindOf(provider), target.id(), Map.copyOf(revert), now);
        journal.recordInjecting(fault);
        try {
            action.run();
        } catch (RuntimeException e) {
            journal.recordReverted(id, clock.instant());
            throw e;
        }
        if (provider instanceof Provider.Signal s && s.signal() != Provider.ProcessSignal.PAUSE) {
            journal.recordReverted(id, clock.instant());
        }
        return fault;
    }

    /** Puts a limit applied through cloud-kernel-agent back through it; a group that is gone counts as reverted. */
    private String revertThroughAgent(ActiveFault fault) {
        Map<String, String> r = fault.revert();
        if (kernelAgent == null) {
            throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.KERNEL_AGENT_UNAVAILABLE,
                    "fault " + fault.id() + " set a cgroup limit through cloud-kernel-agent at " + r.get("agent")
                            + " but no agent is configured now; set multisystem.chaos.experiments.kernel-agent "
                            + "to revert it");
        }
        Provider.CgroupResource resource = fault.kind().equals("cgroup-cpu")
                ? Provider.CgroupResource.CPU : Provider.CgroupResource.MEMORY;
        try {
            kernelAgent.write(r.get("group"), resource, r.get("previous"));
            return "limit restored to " + r.get("previous") + " through cloud-kernel-agent";
        } catch (PlatformException e) {
            if (ChaosErrors.CGROUP_GONE.equals(e.code())) {
                return "cgroup already gone";
            }
            throw e;
        }
    }

    /**
     * Undoes a fault and closes its journal entry.
     *
     * @return what was done, for the journal ({@code removed}, {@code already gone}, ...)
     * @throws PlatformException if the fault could not be reverted; it stays pending for the next attempt
     */
    String revert(ActiveFault fault) {
        String outcome;
        Map<String, String> r = fault.revert();
        switch (fault.kind()) {
            case "toxic": {
                URI api = r.getOrDefault("api", "").isEmpty() ? null : URI.create(r.get("api"));
                outcome = proxies.apply(api).removeToxic(r.get("proxy"), r.get("toxic")) ? "toxic removed"
                        : "toxic already gone";
                break;
            }
            case "process-pause": {
                long pid = Long.parseLong(r.get("pid"));
                Instant started = r.getOrDefault("started", "").isEmpty() ? null : Instant.parse(r.get("started"));
                try {
                    processes.signal(pid, started, Provider.ProcessSignal.RESUME);
                    outcome = "process resumed";
                } catch (PlatformException e) {
                    if (!"TARGET_VANISHED".equals(e.code())) {
                        throw e;
                    }
                    outcome = "process already gone";
                }
                break;
            }
            case "cgroup-cpu":
            case "cgroup-memory": {
                if (VIA_KERNEL_AGENT.equals(r.get("via"))) {
                    outcome = revertThroughAgent(fault);
                    break;
                }
                Path file = Path.of(r.get("file"));
                if (java.nio.file.Files.exists(file)) {
                    cgroups.write(file, r.get("previous"));
                    outcome = "limit restored to " + r.get("previous");
                } else {
                    outcome = "cgroup already gone";
                }
                break;
            }
            default:
                outcome = "nothing to revert";
        }
        journal.recordReverted(fault.id(), clock.instant());
        return outcome;
    }
}
