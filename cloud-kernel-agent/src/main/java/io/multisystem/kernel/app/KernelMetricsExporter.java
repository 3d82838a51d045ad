package io.multisystem.kernel.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.agent.KernelAgent;
import io.multisystem.kernel.cgroup.CgroupStats;
import io.multisystem.kernel.psi.Pressure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Exports kernel telemetry under the anchors' names: per managed cgroup cAdvisor's {@code container_*} metrics with a
 * {@code cgroup} label, and system PSI as node_exporter's {@code node_pressure_*_seconds_total}. A scheduled scrape
 * (every {@code multisystem.kernel.scrape-interval}) replaces one immutable snapshot; meters read the snapshot, so a
 * Prometheus scrape never touches cgroupfs. Meters of groups that disappeared are removed. The scrape itself is timed
 * as {@code kernel_agent_metrics_scrape_seconds}.
 */
public final class KernelMetricsExporter implements AutoCloseable {
    private record Snapshot(Map<String, CgroupStats> cgroups, Map<String, Pressure> system) {
    }

    private final KernelAgent agent;
    private final MeterRegistry registry;
    private final Timer scrapeTimer;
    private final Map<String, List<Meter>> perGroup = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
    private boolean systemRegistered;

    public KernelMetricsExporter(KernelAgent agent, MeterRegistry registry, java.time.Duration interval) {
        this.agent = agent;
        this.registry = registry;
        this.scrapeTimer = Timer.builder("kernel.agent.metrics.scrape").description("Time of one full scrape of managed cgroups and PSI")
                .register(registry);
        refresh();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kernel-metrics");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(100, interval.toMillis());
        scheduler.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Scrapes every managed group and system PSI now and updates the exported meters. */
    public synchronized void refresh() {
        scrapeTimer.record(() -> {
            Map<String, CgroupStats> groups = new HashMap<>();
            try {
                for (CgroupStats s : agent.statsAll()) {
                    groups.put(s.cgroup(), s);
                }
            } catch (PlatformException e) {
                // no cgroup hierarchy readable: export none
            }
            Map<String, Pressure> system;
            try {
                system = agent.systemPressure();
            } catch (PlatformException e) {
                system = Map.of();
            }
            snapshot = new Snapshot(Map.copyOf(groups), Map.copyOf(system));
            sync(groups.keySet());
            if (!systemRegistered && !system.isEmpty()) {
                registerSystem();
                systemRegistered = true;
            }
        });
    }

    private void sync(java.util.Set<String> present) {
        for (String gone : new ArrayList<>(perGroup.keySet())) {
            if (!present.contains(gone)) {
                perGroup.remove(gone).forEach(registry::remove);
            }
        }
        for (String group : present) {
            perGroup.computeIfAbsent(group, this::register);
        }
    }

    private List<Meter> register(String group) {
        List<Meter> m = new ArrayList<>();
        m.add(counter("container.cpu.usage.seconds", "Cumulative cpu time consumed in seconds.", group, s -> s.cpuUsageNanos() / 1e9));
        m.add(counter("container.cpu.user.seconds", "Cumulative user cpu time consumed in seconds.", group, s -> s.cpuUserNanos() / 1e9));
        m.add(counter("container.cpu.system.seconds", "Cumulative system cpu time consumed in seconds.", group, s -> s.cpuSystemNanos() / 1e9));
        m.add(counter("container.cpu.cfs.periods", "Number of elapsed enforcement period intervals.", group, s -> s.cpuPeriods()));
        m.add(counter("container.cpu.cfs.throttled.periods", "Number of throttled period intervals.", group, s -> s.cpuThrottledPeriods()));
        m.add(counter("container.cpu.cfs.throttled.seconds", "Total time duration the container has been throttled.", group, s -> s.cpuThrottledNanos() / 1e9));
        m.add(gauge("container.memory.usage.bytes", "Current memory usage in bytes, including all memory regardless of when it was accessed", group, s -> s.memoryUsageBytes()));
        m.add(gauge("container.memory.working_set.bytes", "Current working set in bytes.", group, s -> s.memoryWorkingSetBytes()));
        m.add(gauge("container.memory.rss", "Size of RSS in bytes.", group, s -> s.memoryRssBytes()));
        m.add(gauge("container.spec.memory.limit.bytes", "Memory limit for the container (0 = none).", group, s -> Math.max(0, s.memoryLimitBytes())));
        m.add(counter("container.oom.events", "Count of out of memory events observed for the container", group, s -> s.oomKills()));
        m.add(counter("container.fs.reads.bytes", "Cumulative count of bytes read", group, s -> s.ioReadBytes()));
        m.add(counter("container.fs.writes.bytes", "Cumulative count of bytes written", group, s -> s.ioWriteBytes()));
        m.add(counter("container.fs.reads", "Cumulative count of reads completed", group, s -> s.ioReadOps()));
        m.add(counter("container.fs.writes", "Cumulative count of writes completed", group, s -> s.ioWriteOps()));
        m.add(gauge("container.processes", "Number of processes running inside the container.", group, s -> s.pidsCurrent()));
        return m;
    }

    private Meter counter(String name, String help, String group, ToDoubleFunction<CgroupStats> value) {
        return FunctionCounter.builder(name, this, e -> e.value(group, value)).description(help).tag("cgroup", group).register(registry);
    }

    private Meter gauge(String name, String help, String group, ToDoubleFunction<CgroupStats> value) {
        return Gauge.builder(name, this, e -> e.value(group, value)).description(help).tag("cgroup", group).register(registry);
    }

    private double value(String group, ToDoubleFunction<CgroupStats> value) {
        CgroupStats s = snapshot.cgroups().get(group);
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

    private void registerSystem() {
        pressure("node.pressure.cpu.waiting.seconds", "Total time in seconds that processes have waited for CPU time", "cpu", false);
        pressure("node.pressure.cpu.stalled.seconds", "Total time in seconds no process could make progress due to CPU congestion", "cpu", true);
        pressure("node.pressure.memory.waiting.seconds", "Total time in seconds that processes have waited for memory", "memory", false);
        pressure("node.pressure.memory.stalled.seconds", "Total time in seconds no process could make progress due to memory congestion", "memory", true);
        pressure("node.pressure.io.waiting.seconds", "Total time in seconds that processes have waited due to IO congestion", "io", false);
        pressure("node.pressure.io.stalled.seconds", "Total time in seconds no process could make progress due to IO congestion", "io", true);
    }

    private void pressure(String name, String help, String resource, boolean full) {
        FunctionCounter.builder(name, this, e -> {
            Pressure p = e.snapshot.system().get(resource);
            if (p == null) {
                return Double.NaN;
            }
            Optional<Pressure.Line> line = full ? p.full() : Optional.of(p.some());
            return line.map(l -> l.totalMicros() / 1e6).orElse(Double.NaN);
        }).description(help).register(registry);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
