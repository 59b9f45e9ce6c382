package org.covidct.core.selection;

import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two rules on the real COVID-CT-MD sweeps, as acquired and as another field of view, position or
 * matrix would show them: each slice zoomed out (a larger field of view), shifted (an off-centre
 * patient) or halved to 256 x 256. A rule that depends only on the patient should keep the same slices.
 * Asserts the lung-aware rule's stability (agreement at least 0.9) and that both tables docs/SELECTION.md
 * quotes are what is measured, row for row (kept counts, positions, runs and agreements of both rules).
 */
class SelectionRobustnessTest {

    record Variant(String name, UnaryOperator<CtSlice> transform) {
    }

    static final List<Variant> VARIANTS = List.of(
            new Variant("as acquired", s -> s),
            new Variant("field of view x1.4 (zoom 0.7)", s -> zoom(s, 0.7)),
            new Variant("patient 50 px lower", s -> shift(s, 0, 50)),
            new Variant("patient 40 px to the right", s -> shift(s, 40, 0)),
            new Variant("256 x 256 matrix", SelectionRobustnessTest::halve));

    @Test
    void lungAwareKeepsTheSameSlicesUnderOtherFieldsOfViewAndPositions() throws IOException {
        Path root = RealData.dir("covid-ct-md");
        List<String> acquired = new ArrayList<>();
        List<String> variants = new ArrayList<>();
        for (String name : List.of("covid/P001", "normal/normal001")) {
            Series original = SeriesLoader.open(root.resolve(name));
            List<CtSlice> decoded = original.slices().parallelStream().map(SliceSource::read).toList();
            boolean[] refBase = null;
            boolean[] lungBase = null;
            for (Variant v : VARIANTS) {
                Series series = inMemory(original, decoded, v.transform());
                boolean[] ref = kept(new ReferenceSelector().select(series));
                boolean[] lung = kept(new LungAwareSelector().select(series));
                if (refBase == null) {
                    refBase = ref;
                    lungBase = lung;
                    acquired.add(String.format(Locale.ROOT, "| %s (%d slices) | %s | %s | %.2f |", name, ref.length,
                            describe(ref), describe(lung), jaccard(ref, lung)));
                }
                double lungAgree = jaccard(lungBase, lung);
                variants.add(String.format(Locale.ROOT, "| %s | %s | %d of %d | %.2f | %d of %d | %.2f |", name, v.name(),
                        count(ref), ref.length, jaccard(refBase, ref), count(lung), lung.length, lungAgree));
                assertTrue(lungAgree >= 0.9, name + " " + v.name() + ": lung-aware agreement " + lungAgree);
            }
        }
        // docs/SELECTION.md quotes both tables: what is measured here must be what it says, row for row
        List<String> doc = Files.readAllLines(selectionDoc());
        assertEquals(doc.stream().filter(l -> l.matches("\\| (covid|normal)/\\S+ \\(\\d+ slices\\) \\|.*")).toList(),
                acquired, "the as-acquired table of docs/SELECTION.md");
        assertEquals(doc.stream().filter(l -> l.matches("\\| (covid|normal)/\\S+ \\| [^|]+ \\| \\d+ of \\d+ \\| [0-9.]+ \\| \\d+ of \\d+ \\| [0-9.]+ \\|")).toList(), variants,
                "the variants table of docs/SELECTION.md");
    }

    /** "88 kept, positions 29..116, 1 run", as docs/SELECTION.md writes a kept set. */
    static String describe(boolean[] kept) {
        int runs = runs(kept);
        return count(kept) + " kept, positions " + span(kept) + ", " + runs + (runs == 1 ? " run" : " runs");
    }

    /** docs/SELECTION.md of this checkout, found from where the test classes were compiled. */
    static Path selectionDoc() {
        try {
            Path here = Path.of(SelectionRobustnessTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path dir = here; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve("docs/SELECTION.md"))) {
                    return dir.resolve("docs/SELECTION.md");
                }
            }
            throw new IllegalStateException("docs/SELECTION.md not found above " + here);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Series inMemory(Series original, List<CtSlice> decoded, UnaryOperator<CtSlice> t) {
        List<SliceSource> out = new ArrayList<>();
        for (int i = 0; i < decoded.size(); i++) {
            SliceSource src = original.slices().get(i);
            CtSlice slice = t.apply(decoded.get(i));
            out.add(new SliceSource() {
                @Override
                public String name() {
                    return src.name();
                }

                @Override
                public Path file() {
                    return src.file();
                }

                @Override
                public CtSlice read() {
                    return slice;
                }
            });
        }
        return new Series(original.dir(), original.label(), out);
    }

    static boolean[] kept(SeriesSelection s) {
        boolean[] k = new boolean[s.slices().size()];
        for (int i = 0; i < k.length; i++) {
            k[i] = s.slices().get(i).selected();
        }
        return k;
    }

    static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    static String span(boolean[] b) {
        int first = -1;
        int last = -1;
        for (int i = 0; i < b.length; i++) {
            if (b[i]) {
                last = i + 1;
                if (first < 0) {
                    first = i + 1;
                }
            }
        }
        return first + ".." + last;
    }

    static int runs(boolean[] b) {
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] && (i == 0 || !b[i - 1])) {
                n++;
            }
        }
        return n;
    }

    /** |A and B| / |A or B|: 1 when both rules keep exactly the same slices. */
    static double jaccard(boolean[] a, boolean[] b) {
        int both = 0;
        int either = 0;
        for (int i = 0; i < a.length; i++) {
            both += a[i] && b[i] ? 1 : 0;
            either += a[i] || b[i] ? 1 : 0;
        }
        return either == 0 ? 1 : (double) both / either;
    }

    /** Nearest-neighbour zoom about the centre; what falls outside the scan is air (0). */
    static CtSlice zoom(CtSlice s, double f) {
        int w = s.width();
        int h = s.height();
        short[] out = new short[w * h];
        for (int y = 0; y < h; y++) {
            int sy = (int) Math.floor((y - h / 2.0 + 0.5) / f + h / 2.0);
            for (int x = 0; x < w; x++) {
                int sx = (int) Math.floor((x - w / 2.0 + 0.5) / f + w / 2.0);
                if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
                    out[y * w + x] = s.values()[sy * w + sx];
                }
            }
        }
        return new CtSlice(w, h, out, s.source());
    }

    static CtSlice shift(CtSlice s, int dx, int dy) {
        int w = s.width();
        int h = s.height();
        short[] out = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx = x - dx;
                int sy = y - dy;
                if (sx >= 0 && sy >= 0 && sx < w && sy < h) {
                    out[y * w + x] = s.values()[sy * w + sx];
                }
            }
        }
        return new CtSlice(w, h, out, s.source());
    }

    /** 2 x 2 mean: a 256 x 256 reconstruction of the same field of view. */
    static CtSlice halve(CtSlice s) {
        int w = s.width() / 2;
        int h = s.height() / 2;
        short[] out = new short[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = s.get(2 * x, 2 * y) + s.get(2 * x + 1, 2 * y) + s.get(2 * x, 2 * y + 1) + s.get(2 * x + 1, 2 * y + 1);
                out[y * w + x] = (short) ((sum + 2) / 4);
            }
        }
        return new CtSlice(w, h, out, s.source());
    }
}
