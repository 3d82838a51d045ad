package io.multisystem.core.types;

import io.multisystem.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionTest {

    @Test
    void precedenceFollowsTheSpecExampleChain() {
        List<String> ordered = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "2.0.0", "2.1.0", "2.1.1");
        List<Version> shuffled = new ArrayList<>(ordered.stream().map(Version::parse).toList());
        Collections.shuffle(shuffled, new Random(11));
        Collections.sort(shuffled);

        assertThat(shuffled.stream().map(Version::toString).toList()).isEqualTo(ordered);
    }

    @Test
    void buildMetadataIsIgnoredForPrecedenceButNotForEquality() {
        Version a = Version.parse("1.0.0-alpha+001");
        Version b = Version.parse("1.0.0-alpha+exp.sha.5114f85");

        assertThat(a.hasSamePrecedenceAs(b)).isTrue();
        assertThat(a).isNotEqualTo(b);
        assertThat(a.build()).containsExactly("001");
    }

    @Test
    void numericIdentifiersCompareNumericallyWhateverTheirLength() {
        assertThat(Version.parse("1.0.0-99999999999999999999999").comparePrecedence(Version.parse("1.0.0-100")))
                .isPositive();
        assertThat(Version.parse("1.0.0-1").comparePrecedence(Version.parse("1.0.0-a"))).isNegative();
    }

    @ParameterizedTest
    @CsvSource({
        "1.2, three numbers",
        "01.2.3, leading zeros",
        "1.2.3-01, leading zeros",
        "1.2.3-, must not be empty",
        "1.2.3-a..b, must not be empty",
        "1.2.3+, build identifier",
        "1.2.3-a_b, may only use",
        "v1.2.3, not a non-negative number",
        "1.2.99999999999999999999, larger than",
    })
    void invalidVersionsSayWhatIsWrong(String text, String reason) {
        assertThatThrownBy(() -> Version.parse(text)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.4", "1.2.3", "10.20.30", "1.1.2-prerelease+meta", "1.1.2+meta", "1.1.2+meta-valid",
            "1.0.0-alpha", "1.0.0-alpha.beta.1", "1.0.0-alpha0.valid", "1.0.0-alpha.0valid",
            "1.0.0-alpha-a.b-c-somethinglong+build.1-aef.1-its-okay", "1.0.0-rc.1+build.1", "2.0.0-rc.1+build.123",
            "1.2.3-beta", "10.2.3-DEV-SNAPSHOT", "1.2.3-SNAPSHOT-123", "2.0.0+build.1848", "2.0.1-alpha.1227",
            "1.0.0-0A.is.legal"})
    void acceptsTheSpecsValidExamplesAndWritesThemBackUnchanged(String text) {
        assertThat(Version.parse(text).toString()).isEqualTo(text);
    }
}
