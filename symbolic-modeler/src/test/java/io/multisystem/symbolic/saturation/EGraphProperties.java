package io.multisystem.symbolic.saturation;

import io.multisystem.symbolic.rewrite.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EGraphProperties {

    @Property(tries = 150, seed = "31337")
    void afterRebuildCongruenceIsClosedAndTheHashconsIsCanonical(@ForAll long seed) {
        EGraph egraph = RandomEGraphs.egraph(new Random(seed), 8, 6);
        Map<ENode, Integer> owner = new HashMap<>();
        for (int id : egraph.classIds()) {
            assertThat(egraph.find(id)).isEqualTo(id);
            for (ENode node : egraph.eclass(id).nodes) {
                assertThat(egraph.canonicalize(node)).as("class nodes are canonical").isEqualTo(node);
                Integer other = owner.put(node, id);
                assertThat(other).as("no e-node is in two classes (congruence closure)").isNull();
                Integer memo = egraph.hashcons().get(node);
                assertThat(memo).as("every canonical e-node is in the hashcons").isNotNull();
                assertThat(egraph.find(memo)).isEqualTo(id);
            }
        }
        // Every canonical key of the hashcons names the class of its e-node (stale keys are not canonical).
        egraph.hashcons().forEach((node, id) -> {
            if (egraph.canonicalize(node).equals(node) && egraph.eclass(id).constant == null) {
                assertThat(owner.get(node)).isEqualTo(egraph.find(id));
            }
        });
        // Congruence, checked directly on all node ids: same operator and equivalent children => same class.
        Map<ENode, Integer> byCanonical = new HashMap<>();
        for (int n = 0; n < egraph.nodeIdCount(); n++) {
            ENode canonical = egraph.canonicalize(egraph.node(n));
            Integer previous = byCanonical.putIfAbsent(canonical, egraph.find(n));
            if (previous != null) {
                assertThat(egraph.find(n)).isEqualTo(previous);
            }
        }
    }

    @Property(tries = 150, seed = "4242")
    void compiledEMatchingFindsExactlyWhatNaiveMatchingFinds(@ForAll long seed) {
        Random random = new Random(seed);
        EGraph egraph = RandomEGraphs.egraph(random, 8, 5);
        for (int p = 0; p < 5; p++) {
            Pattern pattern = RandomEGraphs.pattern(random, 3);
            List<String> variables = new ArrayList<>(pattern.variables());
            CompiledPattern compiled = CompiledPattern.compile(pattern, variables, egraph.operators());
            CompiledPattern.Matches matches = compiled.search(egraph, Integer.MAX_VALUE - 1);
            Set<List<Integer>> fast = new HashSet<>();
            for (int m = 0; m < matches.size(); m++) {
                List<Integer> key = new ArrayList<>();
                key.add(matches.root(m));
                for (int value : matches.substitution(m)) {
                    key.add(value);
                }
                fast.add(key);
            }
            Set<List<Integer>> naive = new HashSet<>();
            for (int root : egraph.classIds()) {
                for (Map<String, Integer> substitution : naiveMatch(egraph, pattern, root, new LinkedHashMap<>())) {
                    List<Integer> key = new ArrayList<>();
                    key.add(root);
                    variables.forEach(v -> key.add(substitution.get(v)));
                    naive.add(key);
                }
            }
            assertThat(fast).as("pattern %s", pattern).isEqualTo(naive);
            assertThat(matches.size()).as("no duplicate matches").isEqualTo(fast.size());
        }
    }

    /** Reference matcher: plain recursion over e-class nodes comparing operator names. */
    private static List<Map<String, Integer>> naiveMatch(EGraph egraph, Pattern pattern, int classId,
                                                         Map<String, Integer> substitution) {
        int id = egraph.find(classId);
        List<Map<String, Integer>> out = new ArrayList<>();
        if (pattern instanceof Pattern.Var var) {
            Integer bound = substitution.get(var.name());
            if (bound == null) {
                Map<String, Integer> extended = new LinkedHashMap<>(substitution);
                extended.put(var.name(), id);
                out.add(extended);
            } else if (bound == id) {
                out.add(substitution);
            }
            return out;
        }
        OperatorTable operators = egraph.operators();
        for (ENode node : egraph.eclass(id).nodes) {
            if (pattern instanceof Pattern.Leaf leaf) {
                if (node.isLeaf() && operators.leafTerm(node.op).equals(leaf.term())) {
                    out.add(substitution);
                }
                continue;
            }
            Pattern.Node pnode = (Pattern.Node) pattern;
            if (node.isLeaf() || !operators.functionName(node.op).equals(pnode.operator())
                    || node.children.length != pnode.arguments().size()) {
                continue;
            }
            List<Map<String, Integer>> partial = List.of(substitution);
            for (int i = 0; i < node.children.length; i++) {
                List<Map<String, Integer>> next = new ArrayList<>();
                for (Map<String, Integer> s : partial) {
                    next.addAll(naiveMatch(egraph, pnode.arguments().get(i), node.children[i], s));
                }
                partial = next;
            }
            out.addAll(partial);
        }
        return out;
    }
}
