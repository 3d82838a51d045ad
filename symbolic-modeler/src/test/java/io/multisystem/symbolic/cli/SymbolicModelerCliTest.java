package io.multisystem.symbolic.cli;

import io.multisystem.core.testing.CliHarness;
import io.multisystem.core.testing.SharedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SymbolicModelerCliTest {
    static CliHarness.Result run(String... args) {
        return CliHarness.run(SymbolicModelerCli::commandLine, args);
    }

    @Test
    void helpListsTheServeAndDomainCommands() {
        CliHarness.Result result = run("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("serve", "simplify", "expand", "factor", "prove", "solve", "optimize", "prove-suite");
    }

    @Test
    void unknownCommandIsBadUsageWithExitCode2() {
        CliHarness.Result result = run("no-such-command");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no-such-command");
    }

    @Test
    void expandPrintsTheCanonicalPolynomial() {
        CliHarness.Result result = run("expand", "(x+3)*(x+1)");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().strip()).isEqualTo("x^2 + 4*x + 3");
    }

    @Test
    void factorPrintsIrreducibleFactorsAsJson() {
        CliHarness.Result result = run("factor", "x^4 - 1", "--output", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"irreducible\" : true").contains("x^2 + 1");
    }

    @Test
    void simplifyUsesTheShippedTrigonometryRules() {
        CliHarness.Result result = run("simplify", "sin(x)^2 + cos(x)^2", "--rules", "trigonometry,arithmetic");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("1").contains("checker passed");
    }

    @Test
    void provePrintsACheckedProof() {
        CliHarness.Result result = run("prove", "(x+3)*(x+1) = x^2 + 4*x + 3", "--rules", "arithmetic,powers-logs");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("PROVED").contains("checker passed").contains("=");
    }

    @Test
    void expandWithProofPrintsTheCanonicalisationSteps() {
        CliHarness.Result result = run("expand", "(x+3)*(x+1)", "--proof");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("x^2 + 4*x + 3").contains("checker passed")
                .contains("by canonical-multiply at []: (* (+ x 3) (+ x 1)) -> (+ (+ (pow x 2) (* 4 x)) 3)");
    }

    @Test
    void proveFallsBackToACheckedCanonicalFormProof() {
        CliHarness.Result result = run("prove", "(a+b)^3 = a^3 + 3*a^2*b + 3*a*b^2 + b^3", "--iterations", "1");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("PROVED").contains("canonicalisation steps").contains("checker passed")
                .contains("by canonical-power");
    }

    @Test
    void aFalseIdentityIsDisprovedWithExitCode1() {
        CliHarness.Result result = run("prove", "(x+1)^2 = x^2 + 1", "--iterations", "3");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith("DISPROVED");
    }

    @Test
    void solveReadsDimacsAndExitsOneOnUnsat(@TempDir Path dir) throws Exception {
        Path sat = dir.resolve("sat.cnf");
        Files.writeString(sat, "c ok\np cnf 2 2\n1 2 0\n-1 0\n");
        Path unsat = dir.resolve("unsat.cnf");
        Files.writeString(unsat, "p cnf 1 2\n1 0\n-1 0\n%\n0\n");

        CliHarness.Result yes = run("solve", sat.toString());
        CliHarness.Result no = run("solve", unsat.toString(), "--output", "json");

        assertThat(yes.exitCode()).isZero();
        assertThat(yes.out()).contains("SATISFIABLE", "model checked", "1=false", "2=true");
        assertThat(no.exitCode()).isEqualTo(1);
        assertThat(no.out()).contains("\"status\" : \"UNSATISFIABLE\"").contains("\"1\", \"2\"");
    }

    @Test
    void solveRunsSmtLibThroughZ3(@TempDir Path dir) throws Exception {
        Path smt = dir.resolve("p.smt2");
        Files.writeString(smt, "(declare-const x Int)\n(assert (> x 5))\n(assert (< x 7))\n(check-sat)\n");

        CliHarness.Result result = run("solve", smt.toString());

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("SATISFIABLE (z3").contains("x=6");
    }

    @Test
    void malformedDimacsNamesTheLineAndExits2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.cnf");
        Files.writeString(bad, "p cnf 2 1\n1 two 0\n");

        CliHarness.Result result = run("solve", bad.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("PARSE_ERROR").contains(":2:");
    }

    @Test
    void parseErrorsCarryThePositionAndExit2() {
        CliHarness.Result result = run("expand", "(x+3*(x+1)");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("PARSE_ERROR").contains("position");
    }

    @Test
    void divisionByZeroIsAnErrorNotACrash() {
        CliHarness.Result result = run("expand", "x/(y-y)");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("DIVISION_BY_ZERO");
    }

    @Test
    void optimizeChoosesHornerAndEvaluatesTheCompiledForm() {
        CliHarness.Result result = run("optimize", "x^4 + 2*x^3 + 3*x^2 + 4*x + 5", "--at", "2", "--output", "json");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("\"method\" : \"horner\"").contains("57.0").contains("\"bytecode\" : true");
    }

    @Test
    void proveSuiteProvesTheEggMathGoalsAsMarked() {
        Path rules = SharedData.resolve("egg-math/rules.txt");
        Path goals = SharedData.resolve("egg-math/goals.txt");

        CliHarness.Result result = run("prove-suite", "--rules", rules.toString(), goals.toString());

        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("math_fail").contains("passed").doesNotContain("UNEXPECTED");
    }
}
