package org.covidct.core.selection;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.SliceLabels;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.lung.LungCoverage;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.phantom.Tissue;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many of the radiologists' infected slices each rule keeps on the shared COVID-CT-MD series, and that the
 * lung-aware rule keeps no slice without lung, on the real series and on phantom sweeps whose tissue maps say where
 * the lung is. Prints the table of docs/SELECTION.md ("Recall of the radiologists' infected slices").
 */
class SelectionRecallTest {

    /** Instances the rule keeps, indexed by InstanceNumber. */
    static boolean[] keptByInstance(Series s, SeriesSelection sel) {
        boolean[] kept = new boolean[s.size() + 2];
        for (int i = 0; i < s.size(); i++) {
            kept[DicomSeries.headerOf(s.slices().get(i)).instanceNumber()] = sel.slices().get(i).selected();
        }
        return kept;
    }

    /** {infected kept, infected, kept, kept slices with less than 20 cm2 of lung}. */
    static int[] count(String series, String labelsName, SliceSelector rule) {
        Path root = RealData.covidCtMd();
        Series s = SeriesLoader.open(root.resolve(series));
        SeriesSelection sel = rule.select(s);
        boolean[] kept = keptByInstance(s, sel);
        int infected = 0;
        int infectedKept = 0;
        if (labelsName != null) {
            SliceLabels labels = SliceLabels.read(root.resolve("labels/" + labelsName + SliceLabels.FILE_SUFFIX));
            for (var l : labels.all()) {
                if (l.infected()) {
                    infected++;
                    infectedKept += kept[l.instance()] ? 1 : 0;
                }
            }
        }
        // a kept slice must show open lung: the segmented lung (vessels and lesions inside it) at least 20 cm2
        int withoutLung = (int) sel.kept().parallelStream().filter(src -> {
            DicomHeader h = DicomSeries.headerOf(src);
            CtSlice c = src.read();
            return LungSegmentation.of(c, h.pixelSpacing()[0]).areaCm2() < LungCoverage.MIN_OPEN_CM2;
        }).count();
        System.out.printf(Locale.ROOT, "| %s | %s | %d of %d | %d of %d | %d |%n", series, rule.name(), infectedKept,
                infected, sel.keptCount(), s.size(), withoutLung);
        return new int[] {infectedKept, infected, sel.keptCount(), withoutLung};
    }

    @Test
    void lungAwareKeepsEveryInfectedSliceOfTheSharedSeriesAndNoSliceWithoutLung() {
        // P001: the old 0.45 fraction dropped instances 27-28 (apex side) and 117-125 (right lower lobe at the
        // diaphragm), 30-44% of the series' largest enclosed air; the quarter keeps them
        int[] p001 = count("covid/P001", "P001", new LungAwareSelector());
        assertEquals(80, p001[1]);
        assertEquals(80, p001[0], "P001 infected slices kept");
        assertEquals(106, p001[2], "P001 kept");
        assertEquals(0, p001[3], "P001 kept slices without lung");
        int[] cap = count("cap/cap001", "cap001", new LungAwareSelector());
        assertEquals(30, cap[1]);
        assertEquals(30, cap[0], "cap001 infected slices kept");
        assertEquals(124, cap[2], "cap001 kept");
        assertEquals(0, cap[3], "cap001 kept slices without lung");
        int[] normal = count("normal/normal001", null, new LungAwareSelector());
        assertEquals(104, normal[2], "normal001 kept");
        assertEquals(0, normal[3], "normal001 kept slices without lung");
    }

    @Test
    void referenceRuleRecallIsUnchanged() {
        int[] p001 = count("covid/P001", "P001", new ReferenceSelector());
        assertEquals(69, p001[0], "P001 infected slices the reference rule keeps");
        assertEquals(90, p001[2]);
        int[] cap = count("cap/cap001", "cap001", new ReferenceSelector());
        assertEquals(1, cap[0], "cap001 infected slices the reference rule keeps");
        assertEquals(57, cap[2]);
    }

    /**
     * Phantom sweeps, where the tissue map says which slices hold lung and the lesion mask which hold lesions: the
     * lung-aware rule keeps no slice without lung, drops both ends of every sweep and keeps more lesion slices than
     * the reference rule.
     */
    @Test
    void onPhantomSweepsNoSliceWithoutLungIsKeptAndLesionSlicesAre() {
        PhantomGenerator g = PhantomGenerator.builder().setSeed(20).optSize(96).optThicknesses(2, 5, 5).build();
        int lesionSlices = 0;
        int lesionSlicesKept = 0;
        int lesionSlicesKeptByReference = 0;
        int keptByReference = 0;
        int withoutLung = 0;
        int withoutLungKept = 0;
        int kept = 0;
        int slices = 0;
        for (int i = 0; i < 10; i++) {
            PhantomPatient p = g.patient(i);
            int n = p.series().get(1).sliceCount();
            PhantomSlice[] rendered = new PhantomSlice[n];
            IntStream.range(0, n).parallel().forEach(k -> rendered[k] = p.render(1, k));
            List<SliceSource> sources = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                sources.add(inMemory("IM" + k, rendered[k].slice()));
            }
            Series series = new Series(Path.of(p.id()), p.id(), sources);
            SeriesSelection sel = new LungAwareSelector().select(series);
            SeriesSelection ref = new ReferenceSelector().select(series);
            assertFalse(sel.slices().get(0).selected(), p.id() + ": first slice kept");
            assertFalse(sel.slices().get(n - 1).selected(), p.id() + ": last slice kept");
            for (int k = 0; k < n; k++) {
                boolean keep = sel.slices().get(k).selected();
                boolean keepRef = ref.slices().get(k).selected();
                keptByReference += keepRef ? 1 : 0;
                boolean lung = hasLung(rendered[k]);
                slices++;
                kept += keep ? 1 : 0;
                if (!lung) {
                    withoutLung++;
                    withoutLungKept += keep ? 1 : 0;
                }
                if (rendered[k].lesionPixels() > 0) {
                    lesionSlices++;
                    lesionSlicesKept += keep ? 1 : 0;
                    lesionSlicesKeptByReference += keepRef ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "phantoms (seed 20, 96 px, 10 persons, 5 mm): kept %d of %d slices; slices "
                        + "without lung %d, kept %d; lesion slices %d, kept %d (reference rule: kept %d slices, %d lesion "
                        + "slices)%n", kept, slices, withoutLung, withoutLungKept, lesionSlices, lesionSlicesKept,
                keptByReference, lesionSlicesKeptByReference);
        assertTrue(withoutLung > 0, "the sweeps reach above the apex");
        assertEquals(0, withoutLungKept, "slices without lung kept");
        assertTrue(lesionSlices > 20, "lesion slices " + lesionSlices);
        assertTrue(lesionSlicesKept >= 0.9 * lesionSlices, lesionSlicesKept + " of " + lesionSlices + " lesion slices");
        assertTrue(lesionSlicesKept > lesionSlicesKeptByReference, "lung-aware " + lesionSlicesKept + ", reference "
                + lesionSlicesKeptByReference);
    }

    static boolean hasLung(PhantomSlice s) {
        for (byte b : s.tissue()) {
            if (b == Tissue.LUNG.code()) {
                return true;
            }
        }
        return false;
    }

    static SliceSource inMemory(String name, CtSlice slice) {
        return new SliceSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Path file() {
                return Path.of(name);
            }

            @Override
            public CtSlice read() {
                return slice;
            }
        };
    }
}
