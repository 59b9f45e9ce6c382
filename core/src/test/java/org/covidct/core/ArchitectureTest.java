package org.covidct.core;

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
 * The package map of core, checked on the compiled main classes: no package cycles, nothing of deep
 * learning or of the modules above, and each package using only the packages {@link #MAY_USE} gives it.
 * Each package's package-info.java states the same rule in words.
 */
class ArchitectureTest {

    private static final String CORE = "org.covidct.core";

    /**
     * Each package of core (relative name; "core" is the root package, which holds CovidctException) and
     * the packages it may use besides itself. Every package may use the root. Read bottom-up: foundations
     * (io, image), formats and models (tiff, dicom, series, dataset), loaders, then the tools on top.
     */
    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("core", Set.of()),
            Map.entry("io", Set.of()),
            Map.entry("image", Set.of()),
            Map.entry("tiff", Set.of("io", "image")),
            Map.entry("dicom", Set.of("io", "image")),
            Map.entry("dicom.derived", Set.of("dicom")),
            Map.entry("series", Set.of("image")),
            Map.entry("display", Set.of("io", "image", "tiff")),
            Map.entry("load", Set.of("image", "series", "tiff", "dicom")),
            Map.entry("convert", Set.of("io", "image", "series", "tiff", "dicom", "load")),
            Map.entry("selection", Set.of("image", "series")),
            Map.entry("sanity", Set.of("image")),
            Map.entry("dataset", Set.of("io")),
            Map.entry("split", Set.of("dataset")),
            Map.entry("decision", Set.of()),
            Map.entry("metrics", Set.of("io", "dataset")),
            Map.entry("phantom", Set.of("io", "image", "tiff", "dataset", "selection", "split")));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
        assertTrue(main.size() > 50, "imported only " + main.size() + " main classes of core");
    }

    /** Each package one slice, the root package included (a cycle through it counts). */
    static ArchRule noPackageCycles(String root) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                return p.equals(root) || p.startsWith(root + ".") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
            }

            @Override
            public String getDescription() {
                return "the packages of " + root;
            }
        }).should().beFreeOfCycles();
    }

    /** The layering of {@code mayUse} as an ArchUnit rule over the packages below {@link #CORE}. */
    static ArchRule layering(Map<String, Set<String>> mayUse) {
        LayeredArchitecture arch = layeredArchitecture().consideringOnlyDependenciesInLayers();
        for (String p : new TreeSet<>(mayUse.keySet())) {
            arch = arch.layer(p).definedBy(packageOf(p));
        }
        for (var e : new TreeMap<>(mayUse).entrySet()) {
            TreeSet<String> allowed = new TreeSet<>(e.getValue());
            if (!e.getKey().equals("core")) {
                allowed.add("core");
            }
            arch = allowed.isEmpty() ? arch.whereLayer(e.getKey()).mayNotAccessAnyLayer()
                    : arch.whereLayer(e.getKey()).mayOnlyAccessLayers(allowed.toArray(String[]::new));
        }
        return arch;
    }

    private static String packageOf(String name) {
        return name.equals("core") ? CORE : CORE + "." + name;
    }

    @Test
    void noPackageCyclesInCore() {
        noPackageCycles(CORE).check(main);
    }

    @Test
    void coreUsesNoDeepLearningNoModuleAboveAndNoCommandLine() {
        noClasses().that().resideInAPackage(CORE + "..").should().dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "org.covidct.nn..", "org.covidct.app..", "picocli..")
                .check(main);
    }

    @Test
    void everyPackageUsesOnlyWhatThePackageMapAllows() {
        layering(MAY_USE).check(main);
    }

    @Test
    void thePackageMapNamesEveryPackageOfCore() {
        Set<String> packages = main.stream().map(JavaClass::getPackageName)
                .map(p -> p.equals(CORE) ? "core" : p.substring(CORE.length() + 1))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(MAY_USE.keySet()), packages, "a new package needs its line in MAY_USE");
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        Path src = Path.of("src/main/java", CORE.split("\\."));
        assertTrue(Files.isDirectory(src), "run from the core module folder (surefire does): " + src.toAbsolutePath());
        List<Path> missing;
        try (Stream<Path> dirs = Files.walk(src)) {
            missing = dirs.filter(Files::isDirectory).filter(d -> hasJava(d) && !Files.exists(d.resolve("package-info.java")))
                    .toList();
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

    // the rules can fail: a cycle and a dependency the map does not allow are reported

    @Test
    void theCycleRuleRejectsACycle() {
        JavaClasses fixture = new ClassFileImporter().importPackages(CORE + ".archfixture");
        assertEquals(2, fixture.size());
        AssertionError e = assertThrows(AssertionError.class, () -> noPackageCycles(CORE + ".archfixture").check(fixture));
        assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    }

    @Test
    void theLayeringRejectsADependencyTheMapDoesNotAllow() {
        // the map without "load may use tiff": SeriesLoader's use of TiffSlices becomes a violation
        Map<String, Set<String>> narrower = new HashMap<>(MAY_USE);
        narrower.put("load", Set.of("image", "series", "dicom"));
        AssertionError e = assertThrows(AssertionError.class, () -> layering(narrower).check(main));
        assertTrue(e.getMessage().contains("org.covidct.core.load.") && e.getMessage().contains("TiffSlices"),
                e.getMessage());
    }
}
