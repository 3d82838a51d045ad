package io.multisystem.core.testing;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The platform's architecture rule: in a system, every package except {@code <root>.grpc}, {@code <root>.app} and
 * {@code <root>.cli} (and their subpackages) is domain code and may depend on neither Spring nor gRPC nor protobuf.
 */
public final class DomainIsolationRules {
    private DomainIsolationRules() {
    }

    /** The rule for a system whose root package is {@code rootPackage}, e.g. {@code io.multisystem.chaos}. */
    public static ArchRule domainMustNotUseFrameworks(String rootPackage) {
        return noClasses()
                .that().resideInAPackage(rootPackage + "..")
                .and().resideOutsideOfPackages(rootPackage + ".grpc..", rootPackage + ".app..", rootPackage + ".cli..",
                        rootPackage + ".v1..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.springframework..", "io.grpc..", "com.google.protobuf..")
                .because("domain code must stay plain Java; adapters live in .grpc, wiring in .app, commands in .cli")
                .allowEmptyShould(true);
    }

    /** Imports the production classes under {@code rootPackage} and checks the rule; fails listing every violation. */
    public static void check(String rootPackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(rootPackage);
        domainMustNotUseFrameworks(rootPackage).check(classes);
    }
}
