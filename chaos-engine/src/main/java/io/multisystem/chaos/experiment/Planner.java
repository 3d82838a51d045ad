package io.multisystem.chaos.experiment;

import io.multisystem.chaos.proxy.ProxySpec;
import io.multisystem.core.error.FailedPreconditionException;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves selectors to targets and lays them out over the rollout stages.
 *
 * <p>Design: each fault action's selector is matched against the live candidates (processes, or the proxies of the
 * API it names plus the experiment's declared proxies), {@link Selector#choose} picks the targets with a random seeded
 * by the experiment, and the chosen list is shuffled once with the same random so the first rollout stage is not
 * always the lowest pid. Stage {@code k} reaches the first {@code stage.reach(n)} targets of that order (stages are
 * cumulative). The same experiment against the same candidates always yields the same plan.
 */
final class Planner {
    /** A resolved target. */
    record Target(String id, String label, Long pid, Instant started, String proxy) {
    }

    /** One action with its targets in rollout order. */
    record ResolvedAction(int index, Experiment.Activity activity, List<Target> targets) {
        /** Targets stage {@code stage} adds (those it reaches minus those earlier stages reached). */
        List<Target> newInStage(List<Experiment.RolloutStage> stages, int stage) {
            int n = targets.size();
            int before = stage == 0 ? 0 : stages.get(stage - 1).reach(n);
            int now = stages.get(stage).reach(n);
            return now <= before ? List.of() : targets.subList(before, now);
        }
    }

    private final ProcessTable processes;
    private final Function<URI, ProxyControl> proxies;

    Planner(ProcessTable processes, Function<URI, ProxyControl> proxies) {
        this.processes = processes;
        this.proxies = proxies;
    }

    /**
     * Resolves every action that has a selector.
     *
     * @throws FailedPreconditionException {@code NO_TARGETS} if a selector matches nothing
     */
    Map<Integer, ResolvedAction> resolve(Experiment experiment) {
        Random random = new Random(experiment.seed());
        Map<Integer, ResolvedAction> result = new HashMap<>();
        List<ProcessTable.Info> processList = null;
        for (int i = 0; i < experiment.method().size(); i++) {
            Experiment.Activity a = experiment.method().get(i);
            Provider p = a.provider();
            List<Target> candidates = new ArrayList<>();
            Selector selector;
            if (p instanceof Provider.Toxic t) {
                selector = t.selector();
                Set<String> names = new LinkedHashSet<>();
                if (t.api() == null) {
                    experiment.proxies().stream().map(ProxySpec::name).forEach(names::add);
                }
                names.addAll(proxies.apply(t.api()).proxyNames());
                for (String name : names) {
                    if (selector.matches(name, name, name)) {
                        candidates.add(new Target("proxy:" + name, name, null, null, name));
                    }
                }
            } else if (p instanceof Provider.Signal || p instanceof Provider.CgroupLimit) {
                selector = p instanceof Provider.Signal s ? s.selector() : ((Provider.CgroupLimit) p).selector();
                if (selector.pid() != null) {
                    processList = processes.find(selector.pid()).map(List::of).orElse(List.of());
                } else if (processList == null || processList.size() <= 1) {
                    processList = processes.list();
                }
                if (selector.pid() != null && processes.isProtected(selector.pid())) {
                    throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.PROTECTED_TARGET,
                            a.pointer() + "/provider/selector/pid: process " + selector.pid()
                                    + " is protected (pid 1, the engine or its ancestors)");
                }
                for (ProcessTable.Info info : processList) {
                    if (selector.matches(String.valueOf(info.pid()), info.name(), info.commandLine())) {
                        candidates.add(new Target("process:" + info.pid(), info.commandLine(), info.pid(),
                                info.started(), null));
                    }
                }
            } else {
                continue;
            }
            if (candidates.isEmpty()) {
                throw new FailedPreconditionException(ChaosErrors.COMPONENT, ChaosErrors.NO_TARGETS,
                        a.pointer() + "/provider/selector: no target matches " + selector.describe()
                                + " (action '" + a.name() + "')");
            }
            Map<String, Target> byId = new HashMap<>();
            candidates.forEach(c -> byId.put(c.id(), c));
            List<String> chosen = new ArrayList<>(selector.choose(new ArrayList<>(byId.keySet()), random));
            Collections.shuffle(chosen, random);
            result.put(i, new ResolvedAction(i, a, chosen.stream().map(byId::get).toList()));
        }
        return result;
    }

    /** The plan of a resolved experiment, checked against the budgets. */
    static ExperimentPlan plan(Experiment experiment, Map<Integer, ResolvedAction> resolved, int engineActiveFaults,
                               int engineMaxFaults) {
        List<ExperimentPlan.PlannedFault> faults = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<Experiment.RolloutStage> stages = experiment.rollout();
        for (int stage = 0; stage < stages.size(); stage++) {
            for (int i = 0; i < experiment.method().size(); i++) {
                ResolvedAction r = resolved.get(i);
                if (r == null || !r.activity().provider().injectsFaults()) {
                    continue;
                }
                for (Target t : r.newInStage(stages, stage)) {
                    faults.add(new ExperimentPlan.PlannedFault(stage, r.activity().name(), r.activity().pointer(),
                            FaultInjector.kindOf(r.activity().provider()), t.id(),
                            FaultInjector.detail(r.activity().provider(), t)));
                    targets.add(t.id());
                }
            }
        }
        Experiment.Safety safety = experiment.safety();
        String problem = "";
        if (faults.size() > safety.maxConcurrentFaults()) {
            problem = faults.size() + " faults exceed safety.max-concurrent-faults " + safety.maxConcurrentFaults();
        } else if (targets.size() > safety.maxAffectedTargets()) {
            problem = targets.size() + " targets exceed safety.max-affected-targets " + safety.maxAffectedTargets();
        } else if (engineActiveFaults + faults.size() > engineMaxFaults) {
            problem = faults.size() + " faults plus the " + engineActiveFaults + " active ones exceed the engine's "
                    + "limit of " + engineMaxFaults + " concurrent faults";
        }
        return new ExperimentPlan(experiment.title(), stages.stream().map(Experiment.RolloutStage::describe).toList(),
                faults, faults.size(), targets.size(), safety, problem.isEmpty(), problem);
    }
}
