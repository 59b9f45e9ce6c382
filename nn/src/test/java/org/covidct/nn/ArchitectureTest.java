package org.covidct.nn;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The place of nn between core and app and its package map, checked on its compiled main classes: nothing of
 * the app module (the CLI, reports), no package cycles, and each package using only the nn packages
 * {@link #MAY_USE} gives it (core and DJL are open to all). Each package's package-info.java says the same.
 */
class ArchitectureTest {

    private static final String NN = "org.covidct.nn";

    /** Each package of nn and the nn packages it may use besides itself; read bottom-up. */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("model", Set.of()),
            Map.entry("data", Set.of()),
            Map.entry("run", Set.of("model")),
            Map.entry("explain", Set.of("model")),
            Map.entry("keras", Set.of("model", "run")),
            Map.entry("infer", Set.of("model", "run", "data")),
            Map.entry("train", Set.of("model", "run", "data")),
            Map.entry("eval", Set.of("model", "run", "infer", "data", "train")));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(NN);
        assertTrue(main.size() > 20, "imported only " + main.size() + " main classes of nn");
    }

    static ArchRule layering(Map<String, Set<String>> mayUse) {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : new TreeSet<>(mayUse.keySet())) {
            arch = arch.layer(p).definedBy(NN + "." + p);
        }
        for (var e : new TreeMap<>(mayUse).entrySet()) {
            arch = e.getValue().isEmpty() ? arch.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : arch.whereLayer(e.getKey()).mayOnlyAccessLayers(new TreeSet<>(e.getValue()).toArray(String[]::new));
        }
        return arch;
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

    @Test
    void everyPackageUsesOnlyWhatThePackageMapAllows() {
        layering(MAY_USE).check(main);
    }

    @Test
    void theModelPackageKnowsNoOtherNnPackage() {
        // the networks are the base of nn: a new network touches nn.model alone
        noClasses().that().resideInAPackage(NN + ".model..").should().dependOnClassesThat()
                .resideInAnyPackage(NN + ".run..", NN + ".data..", NN + ".explain..", NN + ".keras..", NN + ".infer..",
                        NN + ".train..", NN + ".eval..").check(main);
    }

    @Test
    void thePackageMapNamesEveryPackageOfNn() {
        Set<String> packages = main.stream().map(JavaClass::getPackageName).map(p -> p.substring(NN.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MAY_USE.keySet()), packages, "a new package needs its line in MAY_USE");
    }

    @Test
    void theLayeringRejectsADependencyTheMapDoesNotAllow() {
        // without "infer may use data": SliceClassifier's use of SliceTensors becomes a violation
        Map<String, Set<String>> narrower = new HashMap<>(MAY_USE);
        narrower.put("infer", Set.of("model", "run"));
        AssertionError e = assertThrows(AssertionError.class, () -> layering(narrower).check(main));
        assertTrue(e.getMessage().contains("org.covidct.nn.infer.") && e.getMessage().contains("SliceTensors"),
                e.getMessage());
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path src = Path.of("src/main/java", NN.split("\\."));
        assertTrue(Files.isDirectory(src), "run from the nn module folder (surefire does): " + src.toAbsolutePath());
        List<Path> missing;
        try (Stream<Path> dirs = Files.walk(src)) {
            missing = dirs.filter(Files::isDirectory)
                    .filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java"))).toList();
        }
        assertEquals(List.of(), missing);
    }

    private static boolean hasJava(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".java"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
