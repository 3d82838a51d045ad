package io.multisystem.kernel.agent;

import io.multisystem.core.error.PlatformException;
import io.multisystem.kernel.KernelErrors;
import io.multisystem.kernel.bpf.Cidr;
import io.multisystem.kernel.bpf.XdpBlocklist;
import io.multisystem.kernel.cgroup.CgroupInfo;
import io.multisystem.kernel.cgroup.CgroupLayout;
import io.multisystem.kernel.cgroup.CgroupManager;
import io.multisystem.kernel.cgroup.CgroupPath;
import io.multisystem.kernel.cgroup.CgroupScraper;
import io.multisystem.kernel.cgroup.CgroupStats;
import io.multisystem.kernel.cgroup.Limits;
import io.multisystem.kernel.nativeio.KernelHelper;
import io.multisystem.kernel.numa.NumaTopology;
import io.multisystem.kernel.psi.Pressure;
import io.multisystem.kernel.psi.PressureEvent;
import io.multisystem.kernel.psi.PressureReader;
import io.multisystem.kernel.psi.PressureTrigger;
import io.multisystem.kernel.psi.PressureWatch;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The node agent: one object behind the gRPC service and the in-process CLI. It owns the cgroup manager (managed
 * roots only), the PSI reader and trigger watches, the NUMA topology and the XDP blocklists (one per interface).
 * {@link #close()} detaches every program, unregisters every trigger and, when configured, removes the groups this
 * instance created, so nothing it made outlives it.
 */
public final class KernelAgent implements AutoCloseable {
    /** The outcome of a blocklist update: how many prefixes were added and removed, and the size afterwards. */
    public record BlocklistUpdate(int added, int removed, int size) {
    }

    /** A blocklist's attachment, per-prefix counters and pass/drop totals. */
    public record BlocklistStats(XdpBlocklist.Attachment attachment, List<XdpBlocklist.Entry> entries, XdpBlocklist.Totals totals) {
    }

    private final KernelAgentOptions options;
    private final Clock clock;
    private final CgroupManager cgroups;
    private final PressureReader pressure;
    private final Map<String, XdpBlocklist> blocklists = new ConcurrentHashMap<>();
    private final Set<PressureWatch> watches = ConcurrentHashMap.newKeySet();
    private final Set<String> created = java.util.Collections.synchronizedSet(new LinkedHashSet<>());
    private CgroupScraper scraper;

    public KernelAgent(KernelAgentOptions options, Clock clock) {
        this.options = options;
        this.clock = clock;
        this.cgroups = new CgroupManager(CgroupLayout.detect(options.cgroupRoot()), options.managedRoots(), options.procRoot());
        this.pressure = new PressureReader(options.procRoot());
    }

    public KernelAgentOptions options() {
        return options;
    }

    public CgroupLayout layout() {
        return cgroups.layout();
    }

    public CgroupManager cgroups() {
        return cgroups;
    }

    // ---- cgroups ----

    public List<CgroupInfo> listCgroups() {
        return cgroups.list();
    }

    public CgroupInfo createCgroup(String path) {
        CgroupInfo info = cgroups.create(path);
        created.add(info.path());
        return info;
    }

    public void deleteCgroup(String path, boolean recursive) {
        cgroups.delete(path, recursive);
        created.removeIf(p -> CgroupPath.of(p).isWithin(CgroupPath.of(path)));
    }

    public Limits setLimits(String path, Limits limits) {
        if (limits.cpus() != null || limits.mems() != null) {
            cgroups.requireManaged(path);
            limits.validate();
            topology().validatePlacement(limits.cpus(), limits.mems());
        }
        return cgroups.setLimits(path, limits);
    }

    public Limits limits(String path) {
        return cgroups.readLimits(path);
    }

    public void moveProcess(String path, long pid) {
        cgroups.move(path, pid);
    }

    public CgroupStats stats(String path) {
        return cgroups.stats(path);
    }

    /**
     * Stats of every managed group, in list order, through the {@link CgroupScraper} that keeps the statistics files
     * open between calls and re-reads them with pread.
     */
    public List<CgroupStats> statsAll() {
        return scraper().scrape(cgroups.paths());
    }

    private CgroupScraper scraper() {
        synchronized (created) {
            if (scraper == null) {
                scraper = CgroupScraper.withDefaultBudget(cgroups.layout());
            }
            return scraper;
        }
    }

    // ---- pressure ----

    public Map<String, Pressure> systemPressure() {
        return pressure.system();
    }

    public Map<String, Pressure> cgroupPressure(String path) {
        CgroupPath group = cgroups.requireManaged(path);
        if (!cgroups.exists(group)) {
            throw KernelErrors.notFound(KernelErrors.CGROUP_NOT_FOUND, "cgroup '" + group + "' does not exist");
        }
        return PressureReader.cgroup(cgroups.layout(), group);
    }

    /**
     * Registers a PSI trigger on the system ({@code cgroup} empty) or on a managed group, calling {@code listener} as
     * the kernel signals it. Close the returned watch to unregister.
     */
    public PressureWatch watchPressure(Optional<String> cgroup, PressureTrigger trigger, Consumer<PressureEvent> listener,
                                       Consumer<PlatformException> onError) {
        Path file;
        String target;
        if (cgroup.isPresent() && !cgroup.get().isBlank()) {
            CgroupPath group = cgroups.requireManaged(cgroup.get());
            if (!cgroups.exists(group)) {
                throw KernelErrors.notFound(KernelErrors.CGROUP_NOT_FOUND, "cgroup '" + group + "' does not exist");
            }
            file = PressureReader.cgroupFile(cgroups.layout(), group, trigger.resource());
            target = group.value();
        } else {
            file = pressure.systemFile(trigger.resource());
            target = "system";
        }
        if (!java.nio.file.Files.exists(file)) {
            throw KernelErrors.precondition(KernelErrors.PRESSURE_UNAVAILABLE, file + " does not exist: PSI is not available here");
        }
        PressureWatch watch = PressureWatch.start(KernelHelper.get(), target, file, trigger, clock, listener, onError);
        watches.add(watch);
        return watch;
    }

    /** Closes a watch returned by {@link #watchPressure} and forgets it. */
    public void stopWatch(PressureWatch watch) {
        watch.close();
        watches.remove(watch);
    }

    // ---- NUMA ----

    public NumaTopology topology() {
        return NumaTopology.read(options.sysRoot());
    }

    // ---- XDP blocklists ----

    public XdpBlocklist.Attachment attachBlocklist(String interfaceName, XdpBlocklist.Mode mode, List<String> prefixes) {
        XdpBlocklist.validateInterfaceName(interfaceName);
        List<Cidr> parsed = prefixes.stream().map(Cidr::parse).toList();
        if (blocklists.containsKey(interfaceName)) {
            throw KernelErrors.precondition(KernelErrors.XDP_ALREADY_ATTACHED, "a blocklist is already attached to "
                    + interfaceName + "; update it or detach it first");
        }
        KernelHelper helper = KernelHelper.get();
        if (helper.interfaceIndex(interfaceName) == 0) {
            throw KernelErrors.notFound(KernelErrors.INTERFACE_NOT_FOUND, "no network interface named '" + interfaceName + "'");
        }
        XdpBlocklist blocklist = XdpBlocklist.load(helper, options.maxPrefixes());
        try {
            parsed.forEach(blocklist::block);
            XdpBlocklist.Attachment attachment = blocklist.attach(interfaceName, mode);
            blocklists.put(interfaceName, blocklist);
            return attachment;
        } catch (RuntimeException e) {
            blocklist.close();
            throw e;
        }
    }

    public void detachBlocklist(String interfaceName) {
        XdpBlocklist.validateInterfaceName(interfaceName);
        XdpBlocklist blocklist = blocklists.remove(interfaceName);
        if (blocklist == null) {
            throw KernelErrors.notFound(KernelErrors.XDP_NOT_ATTACHED, "no blocklist is attached to " + interfaceName);
        }
        blocklist.close();
    }

    /** Adds and removes prefixes; every prefix is parsed before any map changes. */
    public BlocklistUpdate updateBlocklist(String interfaceName, List<String> add, List<String> remove) {
        XdpBlocklist blocklist = blocklist(interfaceName);
        List<Cidr> toAdd = add.stream().map(Cidr::parse).toList();
        List<Cidr> toRemove = remove.stream().map(Cidr::parse).toList();
        int added = 0;
        int removed = 0;
        for (Cidr c : toAdd) {
            added += blocklist.block(c) ? 1 : 0;
        }
        for (Cidr c : toRemove) {
            removed += blocklist.unblock(c) ? 1 : 0;
        }
        return new BlocklistUpdate(added, removed, blocklist.entries().size());
    }

    public BlocklistStats blocklistStats(String interfaceName) {
        XdpBlocklist blocklist = blocklist(interfaceName);
        return new BlocklistStats(blocklist.attachment().orElse(null), blocklist.entries(), blocklist.totals());
    }

    public Map<String, BlocklistStats> allBlocklistStats() {
        Map<String, BlocklistStats> out = new LinkedHashMap<>();
        blocklists.keySet().forEach(name -> out.put(name, blocklistStats(name)));
        return out;
    }

    private XdpBlocklist blocklist(String interfaceName) {
        XdpBlocklist.validateInterfaceName(interfaceName);
        XdpBlocklist blocklist = blocklists.get(interfaceName);
        if (blocklist == null) {
            throw KernelErrors.notFound(KernelErrors.XDP_NOT_ATTACHED, "no blocklist is attached to " + interfaceName
                    + "; attach one first");
        }
        return blocklist;
    }

    @Override
    public void close() {
        for (PressureWatch w : List.copyOf(watches)) {
            w.close();
        }
        watches.clear();
        synchronized (created) {
            if (scraper != null) {
                scraper.close();
                scraper = null;
            }
        }
        for (String name : List.copyOf(blocklists.keySet())) {
            XdpBlocklist b = blocklists.remove(name);
            if (b != null) {
                b.close();
            }
        }
        if (options.removeCreatedOnClose()) {
            List<String> mine = new ArrayList<>(created);
            java.util.Collections.reverse(mine);
            for (String path : mine) {
                try {
                    if (cgroups.exists(CgroupPath.of(path))) {
                        cgroups.delete(path, true);
                    }
                } catch (PlatformException ignored) {
                    // a group that still holds processes stays; the next start lists it
                }
            }
            created.clear();
        }
    }
}
