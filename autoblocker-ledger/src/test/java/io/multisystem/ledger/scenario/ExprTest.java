package io.multisystem.ledger.scenario;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExprTest {
    static final Map<String, Object> VARS = Map.of("evt", Map.of("Meta", Map.of("source_ip", "192.0.2.9",
            "http_status", "404", "http_path", "/Admin/login.php", "user", "root"), "Parsed", Map.of()));

    static Object eval(String e) {
        return Expr.compile(e).eval(VARS);
    }

    @Test
    void comparisonsMembershipAndStringOperatorsFollowExprLang() {
        assertThat(eval("evt.Meta.http_status == '404'")).isEqualTo(true);
        assertThat(eval("evt.Meta.http_status == 404")).as("numeric string equals number").isEqualTo(true);
        assertThat(eval("evt.Meta.http_status in ['403', '404'] && evt.Meta.user != 'admin'")).isEqualTo(true);
        assertThat(eval("evt.Meta.http_status not in ['403', '404']")).isEqualTo(false);
        assertThat(eval("Lower(evt.Meta.http_path) startsWith '/admin' and not (evt.Meta.user == 'alice')"))
                .isEqualTo(true);
        assertThat(eval("evt.Meta.http_path matches '\\\\.php$' || false")).isEqualTo(true);
        assertThat(eval("evt.Meta['source_ip'] endsWith '.9'")).isEqualTo(true);
        assertThat(eval("evt.Meta.missing == ''")).as("a missing key is the zero value").isEqualTo(true);
        assertThat(eval("IpInRange(evt.Meta.source_ip, '192.0.2.0/24') && IsIPV4(evt.Meta.source_ip)")).isEqualTo(true);
        assertThat(eval("Atof(evt.Meta.http_status) / 4 + 1 > 100")).isEqualTo(true);
        assertThat(eval("len([1, 2, 3]) * 2")).isEqualTo(6.0);
        assertThat(eval("evt.Meta.source_ip + '/' + evt.Meta.user")).isEqualTo("192.0.2.9/root");
        assertThat(eval("count([1, 5, 7], {# > 2})")).isEqualTo(2.0);
        assertThat(eval("all(['a', 'b'], {len(#) == 1}) ? 'yes' : 'no'")).isEqualTo("yes");
        assertThat(eval("map(filter([1, 2, 3], {# != 2}), {# * 10})")).isEqualTo(List.of(10.0, 30.0));
    }

    @Test
    void syntaxErrorsCarryTheColumn() {
        assertThatThrownBy(() -> Expr.compile("evt.Meta.x == ")).isInstanceOf(Expr.SyntaxException.class)
                .hasMessageContaining("column 15");
        assertThatThrownBy(() -> Expr.compile("'open")).hasMessageContaining("unterminated string at column 1");
        assertThatThrownBy(() -> Expr.compile("a == b)")).hasMessageContaining("unexpected ')' at column 7");
        assertThatThrownBy(() -> Expr.compile("# == 1")).hasMessageContaining("only allowed inside a closure");
        assertThatThrownBy(() -> Expr.compile("len(a, b)")).hasMessageContaining("len() takes 1 argument, not 2");
    }

    @Test
    void evaluationErrorsAreReportedNotThrownAsInternalFailures() {
        assertThatThrownBy(() -> eval("evt.Meta.user matches '('")).isInstanceOf(Expr.EvalException.class)
                .hasMessageContaining("bad regular expression");
        assertThatThrownBy(() -> eval("evt.Meta.user - 1")).isInstanceOf(Expr.EvalException.class);
    }
}
