package org.covidct.nn;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The place of nn between core and app, checked on its compiled main classes: nothing of the app module
 * (the CLI, reports) and no package cycles. core's own ArchitectureTest shows such rules do fail.
 */
class ArchitectureTest {

    private static final String NN = "org.covidct.nn";

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(NN);
        assertTrue(main.size() > 20, "imported only " + main.size() + " main classes of nn");
    }

    @Test
    void nnNeverUsesTheAppModuleNorTheCommandLine() {
        noClasses().that().resideInAPackage(NN + "..").should().dependOnClassesThat()
                .resideInAnyPackage("org.covidct.app..", "picocli..").check(main);
    }

    @Test
    void noPackageCyclesInNn() {
        // each package one slice, the root package included
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.equals(NN) || p.startsWith(NN + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + NN;
            }
        }).should().beFreeOfCycles().check(main);
    }
}
