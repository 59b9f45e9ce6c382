package org.covidct.core.selection;

import org.covidct.core.image.CtSlice;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.junit.jupiter.api.Test;

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
 * Prints the table docs/SELECTION.md quotes; asserts the lung-aware rule's stability and the reference
 * rule's exact behaviour on the unchanged sweeps.
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
    void lungAwareKeepsTheSameSlicesUnderOtherFieldsOfViewAndPositions() {
        Path root = Path.of(System.getProperty("covidct.shared"), "data/real/covid-ct-md");
        StringBuilder table = new StringBuilder("| series | variant | reference kept | reference agreement | lung-aware kept | lung-aware agreement |\n|---|---|---|---|---|---|\n");
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
                    System.out.printf(Locale.ROOT, "%s as acquired: reference keeps %d (positions %s, %d runs), "
                                    + "lung-aware keeps %d (positions %s, %d runs); rules agree %.2f (Jaccard)%n",
                            name, count(ref), span(ref), runs(ref), count(lung), span(lung), runs(lung), jaccard(ref, lung));
                    assertEquals(name.contains("P001") ? 90 : 68, count(ref), "reference rule on the real sweep");
                }
                double refAgree = jaccard(refBase, ref);
                double lungAgree = jaccard(lungBase, lung);
                table.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %.2f | %d of %d | %.2f |%n", name, v.name(),
                        count(ref), ref.length, refAgree, count(lung), lung.length, lungAgree));
                assertTrue(lungAgree >= 0.9, name + " " + v.name() + ": lung-aware agreement " + lungAgree);
            }
        }
        System.out.println(table);
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
