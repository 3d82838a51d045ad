package io.multisystem.attestation.delegation;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Laws of delegation scopes over random patterns and windows: a child that passes
 * {@link ScopePolicy#checkNarrows} is never wider than its parent, and glob inclusion is sound.
 */
class ScopeProperties {
    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars('a', 'b', '/', '*').ofMinLength(1).ofMaxLength(7);
    }

    @Provide
    Arbitrary<Scope> scopes() {
        Arbitrary<List<String>> patternLists = patterns().list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Long> starts = Arbitraries.longs().between(0, 100);
        Arbitrary<Long> lengths = Arbitraries.longs().between(0, 100);
        Arbitrary<Integer> depths = Arbitraries.integers().between(0, 3);
        return Combinators.combine(patternLists, patternLists, starts, lengths, depths)
                .as((types, names, start, length, depth) -> Scope.of(types, names, EPOCH.plusSeconds(start),
                        EPOCH.plusSeconds(start + length), depth));
    }

    /** Random names over the pattern alphabet plus a letter no pattern uses. */
    private static String randomName(Random random) {
        String alphabet = "ab/c";
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(8);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** A name matching {@code glob}: each star replaced by a random string. */
    private static String expand(Glob glob, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : glob.pattern().toCharArray()) {
            out.append(c == '*' ? randomName(random) : String.valueOf(c));
        }
        return out.toString();
    }

    /**
     * A pattern within {@code glob}: each star replaced by a random string that may hold stars itself (the pattern
     * itself when that would leave nothing, since patterns are never empty).
     */
    private static String narrow(Glob glob, Random random) {
        StringBuilder out = new StringBuilder();
        for (char c : glob.pattern().toCharArray()) {
            out.append(c == '*' ? (random.nextBoolean() ? "*" : randomName(random) + (random.nextBoolean() ? "*" : ""))
                    : String.valueOf(c));
        }
        return out.length() == 0 ? glob.pattern() : out.toString();
    }

    @Property(tries = 500, seed = "7")
    void anIncludedPatternMatchesOnlyNamesTheIncludingPatternMatches(@ForAll("patterns") String outer,
            @ForAll("patterns") String inner, @ForAll long seed) {
        Glob including = Glob.of(outer);
        Glob included = Glob.of(inner);
        Random random = new Random(seed);
        if (including.includes(included)) {
            for (int i = 0; i < 30; i++) {
                String name = expand(included, random);
                assertThat(including.matches(name)).as("'%s' matches '%s'", name, outer).isTrue();
            }
        }
        assertThat(including.includes(including)).isTrue();
        assertThat(Glob.of("*").includes(included)).isTrue();
    }

    @Property(tries = 300, seed = "11")
    void aNarrowedPatternIsAlwaysIncluded(@ForAll("patterns") String pattern, @ForAll long seed) {
        Glob parent = Glob.of(pattern);

        assertThat(parent.includes(Glob.of(narrow(parent, new Random(seed))))).isTrue();
    }

    @Property(tries = 500, seed = "13")
    void aChildThatNarrowsItsParentNeverCoversAnythingTheParentDoesNot(@ForAll("scopes") Scope parent,
            @ForAll("scopes") Scope randomChild, @ForAll long seed) {
        Random random = new Random(seed);
        Scope child = random.nextBoolean() ? randomChild : narrowed(parent, random);
        if (!ScopePolicy.checkNarrows(parent, child).isAllowed()) {
            return;
        }
        for (int i = 0; i < 20; i++) {
            String predicateType = random.nextBoolean()
                    ? expand(child.predicateTypes().get(random.nextInt(child.predicateTypes().size())), random)
                    : randomName(random);
            String subject = random.nextBoolean()
                    ? expand(child.subjectNames().get(random.nextInt(child.subjectNames().size())), random)
                    : randomName(random);
            Instant at = EPOCH.plusSeconds(random.nextInt(220) - 10);
            if (child.allowsPredicateType(predicateType) && child.allowsSubjectName(subject) && child.isValidAt(at)) {
                assertThat(parent.allowsPredicateType(predicateType)).isTrue();
                assertThat(parent.allowsSubjectName(subject)).isTrue();
                assertThat(parent.isValidAt(at)).isTrue();
            }
        }
        assertThat(child.maxPathLength()).isLessThan(parent.maxPathLength());
    }

    @Property(tries = 300, seed = "17")
    void aNarrowedScopeWithPathLengthLeftPassesTheCheck(@ForAll("scopes") Scope parent, @ForAll long seed) {
        Scope child = narrowed(parent, new Random(seed));

        assertThat(ScopePolicy.checkNarrows(parent, child).isAllowed()).isEqualTo(parent.maxPathLength() > 0);
    }

    private static Scope narrowed(Scope parent, Random random) {
        List<String> types = parent.predicateTypes().stream().filter(g -> random.nextInt(3) > 0)
                .map(g -> narrow(g, random)).toList();
        List<String> names = parent.subjectNames().stream().filter(g -> random.nextInt(3) > 0)
                .map(g -> narrow(g, random)).toList();
        long span = parent.notAfter().getEpochSecond() - parent.notBefore().getEpochSecond();
        long start = span == 0 ? 0 : random.nextInt((int) span + 1);
        long end = start + (span - start == 0 ? 0 : random.nextInt((int) (span - start) + 1));
        return Scope.of(types.isEmpty() ? List.of(parent.predicateTypes().get(0).pattern()) : types,
                names.isEmpty() ? List.of(parent.subjectNames().get(0).pattern()) : names,
                parent.notBefore().plusSeconds(start), parent.notBefore().plusSeconds(end),
                Math.max(0, parent.maxPathLength() - 1 - random.nextInt(2)));
    }
}
