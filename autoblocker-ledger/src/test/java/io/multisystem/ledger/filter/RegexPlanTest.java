package io.multisystem.ledger.filter;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RegexPlanTest {
    static RegexPlan plan(String re) {
        return RegexPlan.of(Pattern.compile(re));
    }

    @Test
    void theLongestRequiredTopLevelLiteralIsFoundAndGroupsAreNeverLookedInto() {
        assertThat(plan("^[aA]uthentication (?:failure|error) for (?<user>.*) from x").literal()).isEqualTo("uthentication ");
        assertThat(plan("^Failed (?:(?<nofail>publickey)|\\S+) for").literal()).isEqualTo("Failed ");
        assertThat(plan("^User (?<user>\\S+|.*?) not allowed because account is locked(?: port)?").literal())
                .isEqualTo(" not allowed because account is locked");
        assertThat(plan("abcd?ef").literal()).as("an optional char is dropped").isEqualTo("abc");
        assertThat(plan("ab+cdef").literal()).isEqualTo("cdef");
        assertThat(plan("x{0,3}yz\\[id\\]").literal()).isEqualTo("yz[id]");
        assertThat(plan("a|bcdef").literal()).as("top-level alternation").isNull();
        assertThat(plan("(?i)Failed password").literal()).isNull();
        assertThat(plan("\\d+\\s\\w").literal()).isNull();
    }

    @Test
    void anchoredPatternsKnowThePlainTextTheyStartWith() {
        assertThat(plan("^Failed (?:x|y) for").prefix()).isEqualTo("Failed ");
        assertThat(plan("^User\\[\\d+\\] x").prefix()).isEqualTo("User[");
        assertThat(plan("^Users? from").prefix()).as("a quantified char ends the prefix").isEqualTo("User");
        assertThat(plan("^[aA]uthentication").prefix()).isNull();
        assertThat(plan("^(?<g>x)y").prefix()).isNull();
        assertThat(plan("Failed").prefix()).as("not anchored").isNull();
        assertThat(plan("^a|b").prefix()).isNull();
        assertThat(plan("(?i)^Failed").prefix()).isNull();
        assertThat(plan("^Failed x").mayMatch("Failed x")).isTrue();
        assertThat(plan("^Failed x").mayMatch("User Failed x")).isFalse();
    }

    @Test
    void onlyPatternsThatMustStartAtOffsetZeroAreAnchored() {
        assertThat(plan("^Failed").anchored()).isTrue();
        assertThat(plan("^a|b").anchored()).isFalse();
        assertThat(RegexPlan.of(Pattern.compile("^a", Pattern.MULTILINE)).anchored()).isFalse();
        assertThat(plan("(^a)").anchored()).isFalse();
    }

    /** The law the pre-check relies on: whenever the regex matches, the literal is in the input. */
    @Property(tries = 3000)
    void whenTheRegexMatchesTheInputContainsTheLiteral(@ForAll("patterns") String re,
                                                      @ForAll @StringLength(max = 12) String noise) {
        Pattern p = Pattern.compile(re);
        RegexPlan plan = RegexPlan.of(p);
        for (String input : List.of(noise, "ab" + noise, noise + "abc", "xaby" + noise + "cd", "a.b?c", "abcabc",
                "aXbYc", "", "abbbc", "ac", "[id]b", "b-c")) {
            Matcher m = p.matcher(input);
            boolean matched = plan.anchored() ? m.lookingAt() : m.find();
            if (matched && plan.literal() != null) {
                assertThat(input).contains(plan.literal());
            }
            if (matched && plan.prefix() != null) {
                assertThat(input).startsWith(plan.prefix());
            }
            if (matched) {
                assertThat(plan.mayMatch(input)).isTrue();
            }
            assertThat(matched).as("anchored lookingAt agrees with find for " + re + " on " + input)
                    .isEqualTo(p.matcher(input).find());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> patterns() {
        net.jqwik.api.Arbitrary<String> atom = net.jqwik.api.Arbitraries.of("a", "b", "c", "X", "\\[", "id", "\\]", ".",
                "\\d", "[ab]", "(?:a|bc)", "(b)", "(?=a)", "(c+)", "-", " ", "\\k<g>");
        net.jqwik.api.Arbitrary<String> quant = net.jqwik.api.Arbitraries.of("", "", "", "?", "*", "+", "{0,2}", "{1,2}",
                "??", "+?");
        net.jqwik.api.Arbitrary<String> piece = net.jqwik.api.Combinators.combine(atom, quant).as((a, q) -> a + q);
        return net.jqwik.api.Combinators.combine(net.jqwik.api.Arbitraries.of("(?<g>a?)", "^(?<g>b?)", "^a(?<g>)", "^ab(?<g>c?)", "^\\[i(?<g>d?)"),
                piece.list().ofMinSize(1).ofMaxSize(6), net.jqwik.api.Arbitraries.of("", "", "|ab", "$"))
                .as((anchor, pieces, tail) -> anchor + String.join("", pieces) + tail);
    }
}
