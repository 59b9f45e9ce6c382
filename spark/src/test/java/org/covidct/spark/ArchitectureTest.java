package org.covidct.spark;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spark module uses the app only through {@code org.covidct.app.screen} (the engine interface and the detection
 * of a folder), so that a screen on Spark runs exactly the code of a local screen; its package has a package-info.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("org.covidct.spark");

    @Test
    void sparkUsesTheAppOnlyThroughItsScreenPackage() {
        assertTrue(MAIN.size() >= 4, "imported " + MAIN.size());
        noClasses().that().resideInAPackage("org.covidct.spark..").should().dependOnClassesThat()
                .resideInAnyPackage("org.covidct.app", "org.covidct.app.detect..", "org.covidct.app.options..",
                        "org.covidct.app.report..", "org.covidct.app.server..", "org.covidct.app.pacs..",
                        "org.covidct.app.validate..", "org.covidct.app.demo..", "org.covidct.app.train..",
                        "org.covidct.app.model..", "org.covidct.app.keras..", "org.covidct.app.io..")
                .check(MAIN);
    }

    @Test
    void theRuleWouldCatchAnotherAppPackage() {
        // PartitionScreening uses app.screen: a rule forbidding app.screen must fail, so the rule above can fail too
        assertThrows(AssertionError.class, () -> noClasses().that().resideInAPackage("org.covidct.spark..")
                .should().dependOnClassesThat().resideInAPackage("org.covidct.app.screen..").check(MAIN));
    }

    @Test
    void everyPackageHasAPackageInfo() {
        assertTrue(Files.isRegularFile(Path.of("src/main/java/org/covidct/spark/package-info.java")));
    }
}
