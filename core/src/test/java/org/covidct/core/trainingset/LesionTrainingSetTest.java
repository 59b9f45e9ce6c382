package org.covidct.core.trainingset;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.image.CtSlice;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A phantom cohort of two COVID and two normal persons at 128 px (persons 0, 1 training; 2, 3 validation). */
class LesionTrainingSetTest {

    @TempDir
    Path tmp;

    static PhantomGenerator cohort() {
        return PhantomGenerator.builder().setSeed(17).optSize(128).optCovidFraction(0.5).optThicknesses(5, 5, 5).build();
    }

    LesionTrainingSet.Summary write(Path out) {
        PhantomGenerator gen = cohort();
        return LesionTrainingSet.builder().setOut(out).setSeed(4).optPairs(1)
                .optPhantoms(new LesionTrainingSet.Phantoms(gen, List.of(0, 1), List.of(2, 3))).build().write();
    }

    static int ones(Path mask) {
        int n = 0;
        for (short v : TiffSlices.read(mask).values()) {
            n += v != 0 ? 1 : 0;
        }
        return n;
    }

    @Test
    void everyPersonIsOnBothSidesAndEveryPositiveHasItsLesionMask() throws IOException {
        Path out = tmp.resolve("set");
        LesionTrainingSet.Summary summary = write(out);
        Path flat = out.resolve("flat");
        List<LabelledSlice> train = FoldCsv.read(flat.resolve("train1.csv"));
        List<LabelledSlice> validation = FoldCsv.read(flat.resolve("validation1.csv"));
        assertEquals(summary.train(), train.size());
        assertEquals(summary.validation(), validation.size());
        PhantomGenerator gen = cohort();
        Map<String, int[]> perPerson = new HashMap<>();
        for (LabelledSlice s : train) {
            perPerson.computeIfAbsent(s.filename().split("_")[0], k -> new int[2])[s.label().index()]++;
        }
        assertEquals(java.util.Set.of(gen.patient(0).id(), gen.patient(1).id()), perPerson.keySet(),
                "training holds the training persons only");
        perPerson.forEach((person, c) -> assertTrue(c[0] > 0 && c[1] > 0, person + ": covid " + c[0] + ", normal " + c[1]));
        for (LabelledSlice s : validation) {
            String person = s.filename().split("_")[0];
            assertTrue(person.equals(gen.patient(2).id()) || person.equals(gen.patient(3).id()), s.filename());
        }
        for (LabelledSlice s : Stream.concat(train.stream(), validation.stream()).toList()) {
            Path mask = flat.resolve("masks").resolve(s.filename());
            assertTrue(Files.isRegularFile(flat.resolve(s.filename())), s.filename());
            assertTrue(Files.isRegularFile(mask), "a phantom's lesions are known: mask of " + s.filename());
            int lesion = ones(mask);
            if (s.label() == ClassLabel.COVID) {
                assertTrue(lesion > 0, "positive without lesion: " + s.filename());
            } else {
                assertEquals(0, lesion, "negative with lesion: " + s.filename());
            }
        }
    }

    @Test
    void aCovidPhantomsOwnLesionsComeWithTheGeneratorsMaskAndTheirTwinIsTheBackground() {
        Path out = tmp.resolve("set");
        write(out);
        PhantomGenerator gen = cohort();
        PhantomPatient covid = gen.patient(0).covid() ? gen.patient(0) : gen.patient(1);
        assertTrue(covid.covid());
        int checked = 0;
        for (int i = 0; i < covid.series().get(0).sliceCount(); i++) {
            var own = covid.render(0, i, true);
            Path file = out.resolve("flat").resolve(covid.id() + "_" + String.format("%04d", i + 1) + "_own.tif");
            assertEquals(own.lesionPixels() > 0, Files.exists(file), file.toString());
            if (own.lesionPixels() > 0) {
                assertArrayEquals(own.slice().values(), TiffSlices.read(file).values());
                assertEquals(own.lesionPixels(), ones(out.resolve("flat/masks").resolve(file.getFileName())));
                checked++;
            }
            Path twin = out.resolve("flat").resolve(covid.id() + "_" + String.format("%04d", i + 1) + "_0n.tif");
            if (Files.exists(twin)) {
                // pair 0's negative is the background untouched: the lesion-free twin
                CtSlice expected = covid.render(0, i, false).slice();
                assertArrayEquals(expected.values(), TiffSlices.read(twin).values(), twin.toString());
            }
        }
        assertTrue(checked > 0, "no slice of the COVID phantom shows a lesion");
    }

    @Test
    void theSameSeedWritesTheSameSet() throws IOException {
        write(tmp.resolve("a"));
        write(tmp.resolve("b"));
        List<String> a = listing(tmp.resolve("a"));
        assertEquals(a, listing(tmp.resolve("b")));
        assertFalse(a.isEmpty());
        for (String f : a) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("a").resolve(f)), Files.readAllBytes(tmp.resolve("b").resolve(f)), f);
        }
    }

    @Test
    void aNonEmptyOutputIsRefused() throws IOException {
        Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("x"), "x");
        var e = assertThrows(org.covidct.core.CovidctException.class, () -> write(out));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
    }

    static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
