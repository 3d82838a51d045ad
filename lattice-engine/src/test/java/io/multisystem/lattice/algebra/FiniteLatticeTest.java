package io.multisystem.lattice.algebra;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FiniteLatticeTest {
    // 0 = bottom, 4 = top
    private static final FiniteLattice DIAMOND_M3 = FiniteLattice.fromOrder(5,
            List.of(new int[] {0, 1}, new int[] {0, 2}, new int[] {0, 3}, new int[] {1, 4}, new int[] {2, 4},
                    new int[] {3, 4}));
    // pentagon: 0 < 1 < 2 < 4, 0 < 3 < 4
    private static final FiniteLattice PENTAGON_N5 = FiniteLattice.fromOrder(5,
            List.of(new int[] {0, 1}, new int[] {1, 2}, new int[] {2, 4}, new int[] {0, 3}, new int[] {3, 4}));

    @Test
    void diamondIsModularButNotDistributive() {
        assertThat(DIAMOND_M3.isModular()).isTrue();
        assertThat(DIAMOND_M3.isDistributive()).isFalse();
        assertThat(DIAMOND_M3.join(1, 2)).isEqualTo(4);
        assertThat(DIAMOND_M3.meet(1, 3)).isEqualTo(0);
    }

    @Test
    void pentagonIsNeitherModularNorDistributive() {
        assertThat(PENTAGON_N5.isModular()).isFalse();
        assertThat(PENTAGON_N5.isDistributive()).isFalse();
        assertThat(PENTAGON_N5.top()).isEqualTo(4);
        assertThat(PENTAGON_N5.bottom()).isEqualTo(0);
        assertThat(PENTAGON_N5.covers(2, 1)).isTrue();
        assertThat(PENTAGON_N5.covers(4, 1)).isFalse();
    }

    @Test
    void booleanSquareIsDistributive() {
        FiniteLattice square = FiniteLattice.fromOrder(4,
                List.of(new int[] {0, 1}, new int[] {0, 2}, new int[] {1, 3}, new int[] {2, 3}));
        assertThat(square.isDistributive()).isTrue();
        assertThat(square.isModular()).isTrue();
        assertThat(square.supremum(1, 2)).isEqualTo(3);
        assertThat(square.infimum(1, 2)).isEqualTo(0);
    }

    @Test
    void twoMaximalElementsAreNotALattice() {
        assertThatThrownBy(() -> FiniteLattice.fromOrder(3, List.of(new int[] {0, 1}, new int[] {0, 2})))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("elements 1 and 2 have no join (least upper bound), so the order is not a lattice");
    }

    @Test
    void aCycleIsNotAPartialOrder() {
        assertThatThrownBy(() -> FiniteLattice.fromOrder(2, List.of(new int[] {0, 1}, new int[] {1, 0})))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not antisymmetric");
    }

    @Test
    void malformedPairsAndElementsAreRejectedAsBadInput() {
        assertThatThrownBy(() -> FiniteLattice.fromOrder(2, List.of(new int[] {0, 5})))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("pair 0");
        assertThatThrownBy(() -> DIAMOND_M3.join(0, 9)).isInstanceOf(InvalidInputException.class);
    }
}
