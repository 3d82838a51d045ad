package io.multisystem.lattice.taxonomy;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.core.error.NotFoundException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaxonomyTest {
    static final String OBO = """
            format-version: 1.4
            ontology: toy

            [Term]
            id: T:1
            name: thing

            [Term]
            id: T:2
            name: animal
            is_a: T:1 ! thing

            [Term]
            id: T:3
            name: mammal
            is_a: T:2 ! animal

            [Term]
            id: T:4
            name: bird
            is_a: T:2

            [Term]
            id: T:5
            name: wing
            is_a: T:1
            relationship: part_of T:4 ! bird

            [Term]
            id: T:6
            name: feather {comment="modifier"}
            is_a: T:1
            relationship: part_of T:5

            [Term]
            id: T:7
            name: old thing
            is_obsolete: true
            is_a: T:1

            [Typedef]
            id: part_of
            name: part of
            """;

    static Taxonomy toy() {
        return TaxonomyFormats.parse(OBO);
    }

    static Set<String> ids(Taxonomy t, io.multisystem.lattice.bits.IndexSet set) {
        Set<String> out = new TreeSet<>();
        set.forEach(i -> out.add(t.id(i)));
        return out;
    }

    @Test
    void oboReaderKeepsIsAAndRelationshipEdgesAndSkipsObsoleteTerms() {
        Taxonomy t = toy();
        assertThat(t.termCount()).isEqualTo(6);
        assertThat(t.edgeCount()).isEqualTo(7);
        assertThat(t.relations()).containsExactly("is_a", "part_of");
        assertThat(t.name(t.termOf("T:6"))).isEqualTo("feather");
    }

    @Test
    void ancestorsFollowTheChosenRelations() {
        Taxonomy t = toy();
        assertThat(ids(t, t.ancestors(t.termOf("T:6"), Set.of("is_a")))).containsExactly("T:1");
        assertThat(ids(t, t.ancestors(t.termOf("T:6"), Set.of()))).containsExactly("T:1", "T:2", "T:4", "T:5");
        assertThat(ids(t, t.descendants(t.termOf("T:2"), Set.of()))).containsExactly("T:3", "T:4", "T:5", "T:6");
    }

    @Test
    void depthIsTheShortestPathToARoot() {
        Taxonomy t = toy();
        assertThat(t.depth(t.termOf("T:1"), Set.of())).isZero();
        assertThat(t.depth(t.termOf("T:3"), Set.of())).isEqualTo(2);
        assertThat(t.depth(t.termOf("T:6"), Set.of())).isEqualTo(1);
    }

    @Test
    void leastCommonSubsumersAreTheMinimalCommonAncestors() {
        Taxonomy t = toy();
        List<Integer> pair = List.of(t.termOf("T:3"), t.termOf("T:4"));
        assertThat(ids(t, t.commonSubsumers(pair, Set.of()))).containsExactly("T:1", "T:2");
        assertThat(ids(t, t.leastCommonSubsumers(pair, Set.of()))).containsExactly("T:2");
        assertThat(t.id(t.lowestCommonAncestor(pair, Set.of()).getAsInt())).isEqualTo("T:2");
    }

    @Test
    void aTermIsItsOwnSubsumerWhenItIsAnAncestorOfTheOther() {
        Taxonomy t = toy();
        assertThat(ids(t, t.leastCommonSubsumers(List.of(t.termOf("T:3"), t.termOf("T:2")), Set.of())))
                .containsExactly("T:2");
    }

    @Test
    void generaliseMapsTermsToTheirAncestorsAtTheLevel() {
        Taxonomy t = toy();
        assertThat(t.generalise(List.of("T:3", "T:1"), 1, Set.of("is_a")))
                .containsEntry("T:3", List.of("T:2"))
                .containsEntry("T:1", List.of("T:1"));
    }

    @Test
    void edgeListWithDefaultIsARelationReadsLikeObo() {
        Taxonomy t = TaxonomyFormats.parse("""
                # child parent [relation]
                dog mammal
                mammal animal is_a
                tail dog part_of
                """);
        assertThat(ids(t, t.ancestors(t.termOf("tail"), Set.of()))).containsExactly("animal", "dog", "mammal");
    }

    @Test
    void cycleIsReportedWithEveryEdgeOnIt() {
        assertThatThrownBy(() -> TaxonomyFormats.parse("a b\nb c part_of\nc a\nd a\n"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.code()).isEqualTo("TAXONOMY_CYCLE");
                    assertThat(e.details().get("cycle")).contains("a is_a b").contains("b part_of c")
                            .contains("c is_a a");
                });
    }

    @Test
    void malformedEdgeListLineIsReportedWithItsNumber() {
        assertThatThrownBy(() -> TaxonomyFormats.parse("a b\na b c d\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 2");
    }

    @Test
    void malformedOboRelationshipIsReportedWithItsLine() {
        assertThatThrownBy(() -> TaxonomyFormats.parse("[Term]\nid: X\nrelationship: part_of\n"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("line 3");
    }

    @Test
    void unknownTermIsNotFound() {
        assertThatThrownBy(() -> toy().termOf("T:99")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("T:99");
    }

    @Test
    void oboWriterRoundTripsTermsNamesAndEdges() {
        Taxonomy t = toy();
        Taxonomy back = TaxonomyFormats.parseObo(TaxonomyFormats.formatObo(t));
        assertThat(back.ids()).isEqualTo(t.ids());
        assertThat(back.edges()).containsExactlyInAnyOrderElementsOf(t.edges());
        assertThat(back.name(back.termOf("T:3"))).isEqualTo("mammal");
    }
}
