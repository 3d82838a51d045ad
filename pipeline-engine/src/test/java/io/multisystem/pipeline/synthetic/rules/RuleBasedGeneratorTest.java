package io.multisystem.pipeline.synthetic.rules;

import io.multisystem.core.error.InvalidInputException;
import io.multisystem.pipeline.synthetic.Column;
import io.multisystem.pipeline.synthetic.Table;
import io.multisystem.pipeline.synthetic.TableCsv;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class RuleBasedGeneratorTest {
    public static final String RULES = """
            seed: 42
            tables:
              orders:
                rows: 3000
                columns:
                  id: {type: int, unique: true, min: 1, max: 3000}
                  customer: {type: ref, table: customers, column: id}
                  amount: {type: double, min: 1, max: 500, decimals: 2, nulls: 0.1}
              customers:
                rows: 500
                columns:
                  id: {type: int, unique: true, min: 1000, max: 999999}
                  email: {type: string, regex: "[a-z]{4,8}@example\\\\.(com|org)", unique: true}
                  tier: {type: enum, values: {gold: 1, silver: 3, bronze: 6}}
                  since: {type: date, min: 2020-01-01, max: 2020-12-31}
                  vip: {type: bool, "true": 0.2}
                  credit:
                    type: double
                    min: 100
                    max: 1000
                    decimals: 0
                    when: [{if: {column: tier, equals: gold}, then: {min: 5000, max: 20000}}]
            """;

    @Test
    void generatesEveryRuleAndKeepsForeignKeysAndUniqueness() {
        Map<String, Table> tables = RuleBasedGenerator.parse(RULES).generate();

        assertThat(tables.keySet()).containsExactly("customers", "orders");
        Table customers = tables.get("customers");
        Table orders = tables.get("orders");
        assertThat(customers.rows()).isEqualTo(500);
        double[] ids = ((Column.Numeric) customers.column("id")).values();
        assertThat(Arrays.stream(ids).distinct().count()).isEqualTo(500);
        assertThat(Arrays.stream(((Column.Numeric) orders.column("id")).values()).distinct().count()).isEqualTo(3000);
        Set<Double> customerIds = Arrays.stream(ids).boxed().collect(Collectors.toSet());
        assertThat(Arrays.stream(((Column.Numeric) orders.column("customer")).values()).boxed().toList())
                .allMatch(customerIds::contains);
        String[] emails = ((Column.Categorical) customers.column("email")).values();
        assertThat(new HashSet<>(Arrays.asList(emails))).hasSize(500);
        assertThat(emails).allMatch(e -> e.matches("[a-z]{4,8}@example\\.(com|org)"));
        String[] tiers = ((Column.Categorical) customers.column("tier")).values();
        long gold = Arrays.stream(tiers).filter("gold"::equals).count();
        assertThat(gold).isBetween(20L, 85L);
        double[] credit = ((Column.Numeric) customers.column("credit")).values();
        for (int r = 0; r < 500; r++) {
            if (tiers[r].equals("gold")) {
                assertThat(credit[r]).isBetween(5000.0, 20000.0);
            } else {
                assertThat(credit[r]).isBetween(100.0, 1000.0);
            }
        }
        assertThat(((Column.Categorical) customers.column("since")).values()).allMatch(d -> d.startsWith("2020-"));
        long missingAmounts = Arrays.stream(((Column.Numeric) orders.column("amount")).values())
                .filter(Double::isNaN).count();
        assertThat(missingAmounts).isBetween(200L, 400L);
    }

    @Test
    void theSameSeedGivesTheSameTables() {
        String a = TableCsv.toCsv(RuleBasedGenerator.parse(RULES).generate().get("orders"));
        String b = TableCsv.toCsv(RuleBasedGenerator.parse(RULES).generate().get("orders"));
        String c = TableCsv.toCsv(RuleBasedGenerator.parse(RULES.replace("seed: 42", "seed: 43")).generate()
                .get("orders"));

        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void everyProblemIsReportedWithItsPath() {
        String bad = """
                tables:
                  a:
                    rows: 0
                    columns:
                      x: {type: int, min: 5, max: 1}
                      y: {type: ref, table: nowhere, column: id}
                      z: {type: enum, values: {}}
                      w: {type: decimal}
                      v: {type: double, when: [{if: {column: later, equals: 1}, then: {min: 2}}]}
                      later: {type: int}
                """;

        assertThatThrownBy(() -> RuleBasedGenerator.parse(bad)).isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).violations())
                        .extracting(v -> v.field())
                        .contains("tables.a.rows", "tables.a.columns.x.min", "tables.a.columns.y.table",
                                "tables.a.columns.z.values", "tables.a.columns.w.type",
                                "tables.a.columns.v.when[0].if.column"));
    }

    @Test
    void cyclesSyntaxErrorsAndImpossibleUniquenessAreRejected() {
        assertThatThrownBy(() -> RuleBasedGenerator.parse("""
                tables:
                  a: {rows: 1, columns: {r: {type: ref, table: b, column: r}}}
                  b: {rows: 1, columns: {r: {type: ref, table: a, column: r}}}
                """)).hasMessageContaining("cycle");
        assertThatThrownBy(() -> RuleBasedGenerator.parse("tables: [unclosed")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> RuleBasedGenerator.parse("""
                tables:
                  a: {rows: 10, columns: {k: {type: int, unique: true, min: 1, max: 5}}}
                """).generate()).extracting("code").isEqualTo("RULES_UNSATISFIABLE");
    }
}
