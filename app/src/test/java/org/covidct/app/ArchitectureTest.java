package org.covidct.app;

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

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages of app, checked on its compiled main classes: no package cycles (the root package, which holds
 * the commands, included), and each package using only the app packages {@link #MAY_USE} gives it (nn and core
 * are open to all). Each package's package-info.java says the same.
 */
class ArchitectureTest {

    private static final String APP = "org.covidct.app";

    /** Each package of app ("app" is the root, the commands) and the app packages it may use; read bottom-up. */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("io", Set.of()),
            Map.entry("detect", Set.of()),
            Map.entry("options", Set.of("detect")),
            Map.entry("report", Set.of("detect", "io")),
            Map.entry("validate", Set.of("detect", "report", "io")),
            Map.entry("train", Set.of("options", "report", "io")),
            Map.entry("model", Set.of("options")),
            Map.entry("keras", Set.of("options")),
            Map.entry("demo", Set.of("detect", "validate", "report", "io")),
            Map.entry("server", Set.of("detect", "report", "io")),
            Map.entry("pacs", Set.of("server", "detect", "report", "io")),
            Map.entry("app", Set.of("io", "detect", "options", "report", "validate", "train", "model", "keras",
                    "demo", "server", "pacs")));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(APP);
        assertTrue(main.size() > 20, "imported only " + main.size() + " main classes of app");
    }

    static ArchRule layering(Map<String, Set<String>> mayUse) {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : new TreeSet<>(mayUse.keySet())) {
            arch = arch.layer(p).definedBy(p.equals("app") ? APP : APP + "." + p);
        }
        for (var e : new TreeMap<>(mayUse).entrySet()) {
            arch = e.getValue().isEmpty() ? arch.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : arch.whereLayer(e.getKey()).mayOnlyAccessLayers(new TreeSet<>(e.getValue()).toArray(String[]::new));
        }
        return arch;
    }

    @Test
    void noPackageCyclesInApp() {
        // each package one slice, the root package included
        slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.equals(APP) || p.startsWith(APP + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + APP;
            }
        }).should().beFreeOfCycles().check(main);
    }

    @Test
    void everyPackageUsesOnlyWhatThePackageMapAllows() {
        layering(MAY_USE).check(main);
    }

    @Test
    void thePackageMapNamesEveryPackageOfApp() {
        Set<String> packages = main.stream().map(JavaClass::getPackageName)
                .map(p -> p.equals(APP) ? "app" : p.substring(APP.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MAY_USE.keySet()), packages, "a new package needs its line in MAY_USE");
    }

    @Test
    void theLayeringRejectsADependencyTheMapDoesNotAllow() {
        // without "validate may use report": FoldPatientValidation's ROC chart becomes a violation
        Map<String, Set<String>> narrower = new HashMap<>(MAY_USE);
        narrower.put("validate", Set.of("detect", "io"));
        AssertionError e = assertThrows(AssertionError.class, () -> layering(narrower).check(main));
        assertTrue(e.getMessage().contains("org.covidct.app.validate.") && e.getMessage().contains("RocPlot"),
                e.getMessage());
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path src = Path.of("src/main/java", APP.split("\\."));
        assertTrue(Files.isDirectory(src), "run from the app module folder (surefire does): " + src.toAbsolutePath());
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
