package io.multisystem.core.types;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionProperties {

    @Property
    void textFormRoundTrips(@ForAll("versions") String text) {
        assertThat(Version.parse(text).toString()).isEqualTo(text);
    }

    @Property
    void precedenceIsAntisymmetric(@ForAll("versions") String a, @ForAll("versions") String b) {
        Version x = Version.parse(a);
        Version y = Version.parse(b);
        assertThat(Integer.signum(x.comparePrecedence(y))).isEqualTo(-Integer.signum(y.comparePrecedence(x)));
    }

    @Property
    void precedenceIsTransitive(@ForAll("versions") String a, @ForAll("versions") String b,
            @ForAll("versions") String c) {
        List<Version> v = List.of(Version.parse(a), Version.parse(b), Version.parse(c));
        if (v.get(0).comparePrecedence(v.get(1)) <= 0 && v.get(1).comparePrecedence(v.get(2)) <= 0) {
            assertThat(v.get(0).comparePrecedence(v.get(2))).isLessThanOrEqualTo(0);
        }
    }

    @Property
    void aPreReleaseAlwaysPrecedesItsRelease(@ForAll("versions") String text) {
        Version version = Version.parse(text);
        if (version.isPreRelease()) {
            assertThat(version.comparePrecedence(version.toRelease())).isNegative();
        }
    }

    @Property
    void naturalOrderIsConsistentWithEquals(@ForAll("versions") String a, @ForAll("versions") String b) {
        Version x = Version.parse(a);
        Version y = Version.parse(b);
        assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
    }

    @Provide
    Arbitrary<String> versions() {
        Arbitrary<String> number = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.integers().between(1, 30).map(String::valueOf));
        Arbitrary<String> alnum = Arbitraries.strings().withChars("abcxyzABC-").ofMinLength(1).ofMaxLength(4)
                .map(s -> s.chars().allMatch(Character::isDigit) ? s + "a" : s);
        Arbitrary<String> identifier = Arbitraries.oneOf(number, alnum);
        Arbitrary<String> pre = identifier.list().ofMinSize(0).ofMaxSize(3)
                .map(ids -> ids.isEmpty() ? "" : "-" + String.join(".", ids));
        Arbitrary<String> build = Arbitraries.strings().withChars("abc0123-").ofMinLength(1).ofMaxLength(3)
                .list().ofMinSize(0).ofMaxSize(2).map(ids -> ids.isEmpty() ? "" : "+" + String.join(".", ids));
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 3);
        return Combinators.combine(part, part, part, pre, build)
                .as((major, minor, patch, p, b) -> major + "." + minor + "." + patch + p + b);
    }
}
