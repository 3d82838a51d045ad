package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.expr.Term;
import io.multisystem.symbolic.proof.Proof;
import io.multisystem.symbolic.rewrite.Rule;
import io.multisystem.symbolic.rewrite.RuleSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/** {@link EqualitySaturator} on an explaining {@link EGraph}, one per call. */
final class EGraphSaturator implements EqualitySaturator {
    private final RuleSet rules;
    private final LongSupplier nanoTicker;

    EGraphSaturator(RuleSet rules, LongSupplier nanoTicker) {
        this.rules = rules;
        this.nanoTicker = nanoTicker;
    }

    @Override
    public SimplificationResult simplify(Term term, Limits limits, CostFunction costFunction) {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(costFunction, "costFunction");
        EGraph egraph = new EGraph();
        int root = egraph.add(term);
        SaturationReport report = new Runner(egraph, compile(egraph), limits, nanoTicker).run(null);
        Extractor extractor = new Extractor(egraph, costFunction);
        Term best = extractor.extract(root);
        double cost = extractor.cost(root);
        int bestNode = egraph.add(best);
        Proof proof = egraph.explanations().explain(root, bestNode);
        return new SimplificationResult(best, cost, proof, report);
    }

    @Override
    public ProofSearchResult prove(Term lhs, Term rhs, Limits limits) {
        Objects.requireNonNull(lhs, "lhs");
        Objects.requireNonNull(rhs, "rhs");
        Objects.requireNonNull(limits, "limits");
        EGraph egraph = new EGraph();
        int left = egraph.add(lhs);
        SaturationReport report = new Runner(egraph, compile(egraph), limits, nanoTicker).run(() -> {
            int goal = egraph.lookup(rhs);
            return goal >= 0 && goal == egraph.find(left);
        });
        if (report.stopReason() != StopReason.GOAL_REACHED) {
            return new ProofSearchResult(Optional.empty(), report);
        }
        int right = egraph.add(rhs);
        return new ProofSearchResult(Optional.of(egraph.explanations().explain(left, right)), report);
    }

    private List<CompiledRule> compile(EGraph egraph) {
        List<CompiledRule> compiled = new ArrayList<>(rules.size());
        for (Rule rule : rules.rules()) {
            compiled.add(new CompiledRule(rule, egraph.operators()));
        }
        return compiled;
    }
}
