package io.multisystem.lattice.bits;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.BitSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexSetProperties {
    private static BitSet bitSet(List<Integer> members) {
        BitSet set = new BitSet();
        members.forEach(set::set);
        return set;
    }

    private static IndexSet indexSet(List<Integer> members) {
        return IndexSet.of(members.stream().mapToInt(Integer::intValue).toArray());
    }

    @Property(tries = 300, seed = "7")
    void membersAndEqualityDoNotDependOnRepresentation(
            @ForAll @Size(max = 40) List<@IntRange(max = 500) Integer> members) {
        IndexSet sparse = indexSet(members);
        BitSet reference = bitSet(members);
        IndexSet dense = IndexSet.fromWords(reference.toLongArray());
        assertThat(sparse).isEqualTo(dense).hasSameHashCodeAs(dense);
        assertThat(sparse.toArray()).containsExactly(reference.stream().toArray());
        assertThat(sparse.size()).isEqualTo(reference.cardinality());
        assertThat(sparse.bound()).isEqualTo(reference.length());
        for (int i = 0; i < 510; i += 7) {
            assertThat(dense.contains(i)).isEqualTo(reference.get(i));
        }
    }

    @Property(tries = 300, seed = "11")
    void setOperationsAgreeWithBitSet(@ForAll @Size(max = 30) List<@IntRange(max = 200) Integer> a,
                                      @ForAll @Size(max = 30) List<@IntRange(max = 200) Integer> b) {
        BitSet union = bitSet(a);
        union.or(bitSet(b));
        BitSet intersection = bitSet(a);
        intersection.and(bitSet(b));
        BitSet difference = bitSet(a);
        difference.andNot(bitSet(b));
        assertThat(indexSet(a).union(indexSet(b)).toArray()).containsExactly(union.stream().toArray());
        assertThat(indexSet(a).intersection(indexSet(b)).toArray()).containsExactly(intersection.stream().toArray());
        assertThat(indexSet(a).minus(indexSet(b)).toArray()).containsExactly(difference.stream().toArray());
        assertThat(indexSet(a).isSubsetOf(indexSet(b))).isEqualTo(difference.isEmpty());
    }
}
