package io.github.dbn4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The module structure the design describes: the algorithms reach the math through the SPI only,
 * the SPI depends on nothing of ours, the packages of dbn-core form no cycle, the root package
 * (the user's controls: options, listeners, checkpoints) depends on no algorithm package, and the
 * internal helpers depend on the SPI alone.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.github.dbn4j.core");
    private static final JavaClasses API = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.github.dbn4j.api");

    @Test
    void theAlgorithmsNeverImportABackend() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.github.dbn4j.backend..").check(CORE);
    }

    @Test
    void theSpiImportsNothingOfOurs() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("io.github.dbn4j.core..",
                "io.github.dbn4j.backend..", "io.github.dbn4j.cli..", "io.github.dbn4j.examples..", "io.github.dbn4j.tck..")
                .check(API);
    }

    @Test
    void thePackagesOfDbnCoreFormNoCycle() {
        slices().matching("io.github.dbn4j.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theRootPackageDependsOnNoAlgorithmPackage() {
        noClasses().that().resideInAPackage("io.github.dbn4j.core").should().dependOnClassesThat()
                .resideInAnyPackage("io.github.dbn4j.core.rbm..", "io.github.dbn4j.core.dbn..",
                        "io.github.dbn4j.core.pipeline..", "io.github.dbn4j.core.io..", "io.github.dbn4j.core.data..",
                        "io.github.dbn4j.core.optim..", "io.github.dbn4j.core.inject..", "io.github.dbn4j.core.vae..")
                .check(CORE);
    }

    @Test
    void theInternalHelpersDependOnTheSpiAlone() {
        noClasses().that().resideInAPackage("io.github.dbn4j.core.internal..").should().dependOnClassesThat()
                .resideInAPackage("io.github.dbn4j.core").check(CORE);
        noClasses().that().resideInAPackage("io.github.dbn4j.core.internal..").should().dependOnClassesThat()
                .resideInAnyPackage("io.github.dbn4j.core.rbm..", "io.github.dbn4j.core.dbn..",
                        "io.github.dbn4j.core.pipeline..", "io.github.dbn4j.core.io..").check(CORE);
    }
}
