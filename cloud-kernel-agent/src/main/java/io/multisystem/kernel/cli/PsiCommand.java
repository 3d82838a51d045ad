package io.multisystem.kernel.cli;

import io.multisystem.core.cli.CommonOptions;
import io.multisystem.core.cli.DurationConverter;
import io.multisystem.core.cli.OutputFormat;
import io.multisystem.kernel.v1.CgroupStats;
import io.multisystem.kernel.v1.GetStatsRequest;
import io.multisystem.kernel.v1.GetStatsResponse;
import io.multisystem.kernel.v1.KernelAgentServiceGrpc;
import io.multisystem.kernel.v1.Pressure;
import io.multisystem.kernel.v1.PressureEvent;
import io.multisystem.kernel.v1.WatchPressureRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code psi show|watch}. */
@Command(name = "psi", description = "Pressure stall information: show averages, or watch a kernel trigger.",
        subcommands = {PsiCommand.Show.class, PsiCommand.Watch.class})
final class PsiCommand {

    @Command(name = "show", description = "System pressure, or a managed group's with --cgroup.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AgentRoots roots;
        @Option(names = "--cgroup", paramLabel = "PATH")
        String cgroup = "";

        @Override
        public Integer call() {
            try (KernelClient client = KernelClient.open(common, roots)) {
                GetStatsResponse r = client.call(GetStatsRequest.newBuilder().setPath(cgroup).build(),
                        (q, o) -> CgroupsCommand.local(client).getStats(q, o), KernelAgentServiceGrpc.KernelAgentServiceBlockingStub::getStats);
                List<Pressure> pressure = cgroup.isEmpty() ? r.getSystemPressureList()
                        : r.getCgroupsList().stream().findFirst().map(CgroupStats::getPressureList).orElse(List.of());
                GetStatsResponse shown = cgroup.isEmpty()
                        ? GetStatsResponse.newBuilder().addAllSystemPressure(pressure).build()
                        : GetStatsResponse.newBuilder().addAllCgroups(r.getCgroupsList()).build();
                Output.print(common, shown, () -> render(cgroup.isEmpty() ? "system" : cgroup, pressure));
            }
            return 0;
        }

        private static String render(String target, List<Pressure> pressure) {
            StringBuilder sb = new StringBuilder(target + ":");
            for (Pressure p : pressure) {
                sb.append(String.format(Locale.ROOT, "%n%-7s some avg10=%.2f avg60=%.2f avg300=%.2f total=%dus", p.getResource(),
                        p.getSome().getAvg10(), p.getSome().getAvg60(), p.getSome().getAvg300(), p.getSome().getTotalMicros()));
                if (p.hasFull()) {
                    sb.append(String.format(Locale.ROOT, "%n%-7s full avg10=%.2f avg60=%.2f avg300=%.2f total=%dus", "",
                            p.getFull().getAvg10(), p.getFull().getAvg60(), p.getFull().getAvg300(), p.getFull().getTotalMicros()));
                }
            }
            if (pressure.isEmpty()) {
                sb.append(" no pressure information");
            }
            return sb.toString();
        }
    }

    @Command(name = "watch", description = "Register a PSI trigger and print each event the kernel signals (one JSON line per event with --output json).")
    static final class Watch implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        AgentRoots roots;
        @Option(names = "--cgroup", paramLabel = "PATH", description = "A managed group instead of the whole system.")
        String cgroup = "";
        @Option(names = "--resource", defaultValue = "cpu", description = "cpu, memory or io (default: ${DEFAULT-VALUE}).")
        String resource;
        @Option(names = "--kind", defaultValue = "some", description = "some or full (default: ${DEFAULT-VALUE}).")
        String kind;
        @Option(names = "--stall", defaultValue = "100ms", converter = DurationConverter.class,
                description = "Stall time within the window that fires the trigger (default: ${DEFAULT-VALUE}).")
        Duration stall;
        @Option(names = "--window", defaultValue = "2s", converter = DurationConverter.class,
                description = "500ms..10s; a multiple of 2s without CAP_SYS_RESOURCE (default: ${DEFAULT-VALUE}).")
        Duration window;
        @Option(names = "--count", defaultValue = "0", description = "Stop after N events; 0 = until --timeout.")
        int count;
        @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, description = "Stop after this long.")
        Duration timeout;

        @Override
        public Integer call() {
            WatchPressureRequest request = WatchPressureRequest.newBuilder().setCgroup(cgroup).setResource(resource).setKind(kind)
                    .setStallMicros(stall.toNanos() / 1000).setWindowMicros(window.toNanos() / 1000).build();
            try (KernelClient client = KernelClient.open(common, roots)) {
                int n = client.watch(request, count, timeout, event -> print(event));
                if (common.output() != OutputFormat.json) {
                    System.err.println(n + " events");
                }
            }
            return 0;
        }

        private void print(PressureEvent e) {
            if (common.output() == OutputFormat.json) {
                System.out.println(Output.compactJson(e));
            } else {
                System.out.printf(Locale.ROOT, "%s %s %s #%d some avg10=%.2f total=%dus%n", e.getAt().getSeconds(), e.getTarget(),
                        e.getPressure().getResource(), e.getSequence(), e.getPressure().getSome().getAvg10(),
                        e.getPressure().getSome().getTotalMicros());
            }
            System.out.flush();
        }
    }
}
