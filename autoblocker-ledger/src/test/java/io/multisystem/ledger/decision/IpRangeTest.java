package io.multisystem.ledger.decision;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpRangeTest {
    @Test
    void parsesAndCanonicalisesAddressesAndRanges() {
        assertThat(IpRange.parse("192.0.2.77/24")).hasToString("192.0.2.0/24");
        assertThat(IpRange.parse("2001:DB8:0:0:0:0:0:1")).hasToString("2001:db8::1");
        assertThat(IpRange.parse("::ffff:1.2.3.4")).hasToString("1.2.3.4");
        assertThat(IpRange.parse("10.0.0.0/8").contains(IpRange.parse("10.9.9.9"))).isTrue();
    }

    @Test
    void refusesNamesShorthandAndBadPrefixesWithoutLookingAnythingUp() {
        for (String bad : List.of("example.com", "10.1", "256.1.1.1", "1.2.3.4/33", "::1/129", "1.2.3.4/x", "", "01.2.3.4")) {
            assertThatThrownBy(() -> IpRange.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void decisionRequestsNameEveryBadField() {
        assertThatThrownBy(() -> new DecisionRequest("BAN!", Scope.RANGE, "192.0.2.1", -1, "Bad Domain", "", List.of("xyz"), "")
                .validated())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("type").hasMessageContaining("duration").hasMessageContaining("origin")
                .hasMessageContaining("evidence").hasMessageContaining("value");
    }
}
