package io.github.dbn4j.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.github.dbn4j.core.dbn.DbnTraining;
import io.github.dbn4j.core.io.ModelFiles;
import org.junit.jupiter.api.Test;

/**
 * The module structure the design describes: the algorithms reach the math through the SPI only,
 * the SPI depends on nothing of ours, and the packages of dbn-core form no cycle but the one
 * known below.
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
        // The one cycle left, dbn -> io: the checkpoint of a DBN run stores the DBN entering each
        // phase through the model files. To be removed with the package redesign.
        slices().matching("io.github.dbn4j.core.(*)..").should().beFreeOfCycles()
                .ignoreDependency(JavaClass.Predicates.belongToAnyOf(DbnTraining.class),
                        JavaClass.Predicates.equivalentTo(ModelFiles.class)).check(CORE);
    }
}
