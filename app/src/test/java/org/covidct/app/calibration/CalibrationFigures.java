package org.covidct.app.calibration;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.Lobe;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.labels.SliceLabels;
import org.covidct.core.lesion.Finding;
import org.covidct.core.lesion.FindingSynthesizer;
import org.covidct.core.lesion.LungCanvas;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.lung.LungMask;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.lung.LungSide;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Calibration of the synthetic findings against the radiologists' labelled real slices (issue 10 item 2): HU
 * histograms inside the lungs, the ground-glass fraction, the area of abnormal density, and where lesions lie, for
 * the real infected and clean slices of COVID-CT-MD P001, cap001 and normal001 and for synthetic positives (lesions of
 * {@link FindingSynthesizer#standard()} drawn into the clean real slices exactly as
 * {@code LesionTrainingSet} draws them: one to four COVID-pattern lesions per slice) beside their untouched
 * backgrounds. Writes PNGs and prints the markdown tables of docs/PHANTOMS.md.
 *
 * <p>Run (docs/PHANTOMS.md, "Calibration against labelled real slices"):
 * {@code java -cp ... org.covidct.app.calibration.CalibrationFigures REAL_DIR OUT_DIR [SEED [GGO_MIN_HU GGO_MAX_HU]]}.
 */
public final class CalibrationFigures {

    /** Bins of the HU histograms. */
    static final int HU_FROM = -1050;
    static final int HU_TO = 150;
    static final int BIN = 20;
    /** Slices with less lung than this are left out (LesionTrainingSet's default minimum). */
    static final double MIN_LUNG_CM2 = 30;

    /** Per-slice measurements inside the lung mask. */
    record SliceStats(int instance, double zRel, double lungCm2, long[] histogram, double ggoFraction,
                      double ggoCm2, double consolidationCm2) {
    }

    /** A group of slices (for example P001 infected) with its summed histogram. */
    static final class Group {
        final String name;
        final long[] histogram = new long[(HU_TO - HU_FROM) / BIN];
        final List<SliceStats> slices = new ArrayList<>();

        Group(String name) {
            this.name = name;
        }

        void add(SliceStats s) {
            slices.add(s);
            for (int i = 0; i < histogram.length; i++) {
                histogram[i] += s.histogram[i];
            }
        }

        double mean(java.util.function.ToDoubleFunction<SliceStats> f) {
            return slices.stream().mapToDouble(f).average().orElse(Double.NaN);
        }

        double median(java.util.function.ToDoubleFunction<SliceStats> f) {
            double[] v = slices.stream().mapToDouble(f).sorted().toArray();
            return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    static SliceStats measure(int instance, double zRel, CtSlice slice, LungMask mask) {
        long[] h = new long[(HU_TO - HU_FROM) / BIN];
        short[] v = slice.values();
        long aerated = 0;
        long ggo = 0;
        long consolidation = 0;
        long lung = 0;
        for (int i = 0; i < v.length; i++) {
            if (!mask.lungs().get(i)) {
                continue;
            }
            lung++;
            int hu = (v[i] & 0xFFFF) - 1024;
            int b = (hu - HU_FROM) / BIN;
            if (hu >= HU_FROM && b < h.length) {
                h[b]++;
            }
            if (hu >= -1000 && hu < -300) {
                aerated++;
                if (hu >= -750) {
                    ggo++;
                }
            }
            if (hu >= -300 && hu < 100) {
                consolidation++;
            }
        }
        double cell = mask.pixelSpacingMm() * mask.pixelSpacingMm() / 100.0;
        return new SliceStats(instance, zRel, lung * cell, h, aerated == 0 ? 0 : ggo / (double) aerated, ggo * cell,
                consolidation * cell);
    }

    record RealSlice(int instance, double zRel, CtSlice slice, LungMask mask, SliceLabel label) {
    }

    /** Every slice with at least MIN_LUNG_CM2 of lung; zRel = 0 at the first such slice (apex side), 1 at the last. */
    static List<RealSlice> read(Path dir, SliceLabels labels) {
        Series s = SeriesLoader.open(dir);
        List<SliceSource> src = s.slices();
        RealSlice[] all = new RealSlice[src.size()];
        IntStream.range(0, src.size()).parallel().forEach(i -> {
            DicomHeader h = DicomSeries.headerOf(src.get(i));
            CtSlice c = src.get(i).read();
            LungMask m = LungSegmentation.of(c, h.pixelSpacing()[0]);
            int inst = h.instanceNumber();
            SliceLabel l = labels == null ? null : labels.of(inst).orElse(null);
            all[i] = new RealSlice(inst, 0, c, m, l);
        });
        List<RealSlice> lungSlices = new ArrayList<>();
        for (RealSlice r : all) {
            if (r.mask().areaCm2() >= MIN_LUNG_CM2) {
                lungSlices.add(r);
            }
        }
        int first = lungSlices.get(0).instance();
        int last = lungSlices.get(lungSlices.size() - 1).instance();
        List<RealSlice> out = new ArrayList<>();
        for (RealSlice r : lungSlices) {
            out.add(new RealSlice(r.instance(), (r.instance() - first) / (double) Math.max(1, last - first), r.slice(),
                    r.mask(), r.label()));
        }
        return out;
    }

    public static void main(String[] args) throws IOException {
        Path real = Path.of(args[0]);
        Path out = Path.of(args[1]);
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 10;
        Files.createDirectories(out);
        Map<String, Group> groups = new LinkedHashMap<>();
        for (String g : List.of("P001 infected", "P001 clean", "cap001 infected", "cap001 clean", "normal001",
                "synthetic positives", "their backgrounds")) {
            groups.put(g, new Group(g));
        }
        StringBuilder realPlaces = new StringBuilder();
        List<RealSlice> backgrounds = new ArrayList<>();
        for (String[] s : new String[][] {{"covid/P001", "P001"}, {"cap/cap001", "cap001"}, {"normal/normal001", "normal001"}}) {
            Path lf = real.resolve("labels/" + s[1] + SliceLabels.FILE_SUFFIX);
            SliceLabels labels = Files.exists(lf) ? SliceLabels.read(lf) : null;
            List<RealSlice> slices = read(real.resolve(s[0]), labels);
            int infected = 0;
            int bilateral = 0;
            int lowerLobe = 0;
            int lobes = 0;
            int lowerHalf = 0;
            int leftOnly = 0;
            int rightOnly = 0;
            for (RealSlice r : slices) {
                boolean inf = r.label() != null && r.label().infected();
                SliceStats st = measure(r.instance(), r.zRel(), r.slice(), r.mask());
                if (labels == null) {
                    groups.get("normal001").add(st);
                } else {
                    groups.get(s[1] + (inf ? " infected" : " clean")).add(st);
                }
                if (!inf && !s[1].equals("cap001")) {
                    backgrounds.add(r);
                }
                if (inf) {
                    infected++;
                    var sides = r.label().sides();
                    bilateral += sides.size() == 2 ? 1 : 0;
                    leftOnly += sides.equals(java.util.EnumSet.of(LungSide.LEFT)) ? 1 : 0;
                    rightOnly += sides.equals(java.util.EnumSet.of(LungSide.RIGHT)) ? 1 : 0;
                    lowerLobe += r.label().lobes().stream().anyMatch(l -> l == Lobe.LLL || l == Lobe.RLL) ? 1 : 0;
                    lobes += r.label().lobes().size();
                    lowerHalf += r.zRel() >= 0.5 ? 1 : 0;
                }
            }
            if (infected > 0) {
                realPlaces.append(String.format(Locale.ROOT, "| %s (real, labels) | %d | %.2f | %.2f / %.2f / %.2f | %.2f | %.2f | n/a (labels give lobes, not pixels) |%n",
                        s[1], infected, lobes / (double) infected, leftOnly / (double) infected,
                        rightOnly / (double) infected, bilateral / (double) infected,
                        lowerLobe / (double) infected, lowerHalf / (double) infected));
            }
        }
        // synthetic positives: the training recipe's lesions drawn into every clean real slice (P001 clean, normal001)
        // optional ground-glass range (to compare with an earlier default): MIN_HU MAX_HU
        FindingSynthesizer synth = args.length > 4
                ? FindingSynthesizer.builder().optGroundGlassHu(Double.parseDouble(args[3]), Double.parseDouble(args[4])).build()
                : FindingSynthesizer.standard();
        int[] counts = new int[8]; // slices, lesions, left, right, bilateral slices, lower-half slices, lesions deep<=20mm, posterior half
        double[] sizeSum = new double[2]; // size mm, lesion-mask cm2
        double[] maskHu = new double[3]; // sum of HU inside the lesion masks, sum of squares, pixels
        Object lock = new Object();
        List<SliceStats[]> pairs = new ArrayList<>();
        backgrounds.parallelStream().forEach(b -> {
            Random rng = new Random(seed * 1_000_003L + b.instance() * 31L + (long) (b.mask().areaCm2() * 10));
            LungCanvas canvas = new LungCanvas(b.slice(), b.mask());
            List<Finding> fs = synth.covidPattern(canvas, rng, 1 + rng.nextInt(4));
            if (canvas.lesionMask().count() == 0) {
                return;
            }
            SliceStats pos = measure(b.instance(), b.zRel(), canvas.toSlice("synthetic"), b.mask());
            SliceStats bg = measure(b.instance(), b.zRel(), b.slice(), b.mask());
            float[] depth = b.mask().depthMm();
            int top = b.slice().height();
            int bottom = -1;
            for (int y = 0; y < b.slice().height(); y++) {
                for (int x = 0; x < b.slice().width(); x++) {
                    if (b.mask().lungs().get(x, y)) {
                        top = Math.min(top, y);
                        bottom = Math.max(bottom, y);
                    }
                }
            }
            CtSlice drawn = canvas.toSlice("synthetic");
            var lesionMask = canvas.lesionMask();
            double sum = 0;
            double sq = 0;
            long px = 0;
            for (int i = 0; i < drawn.values().length; i++) {
                if (lesionMask.get(i)) {
                    double hu = (drawn.values()[i] & 0xFFFF) - 1024;
                    sum += hu;
                    sq += hu * hu;
                    px++;
                }
            }
            synchronized (lock) {
                maskHu[0] += sum;
                maskHu[1] += sq;
                maskHu[2] += px;
                pairs.add(new SliceStats[] {pos, bg});
                counts[0]++;
                boolean left = false;
                boolean right = false;
                for (Finding f : fs) {
                    counts[1]++;
                    int x = (int) f.x();
                    int y = (int) f.y();
                    LungSide side = b.mask().lungs().get(x, y) ? b.mask().sideAt(x, y)
                            : (x + 0.5 > b.mask().midlineX() ? LungSide.LEFT : LungSide.RIGHT);
                    left |= side == LungSide.LEFT;
                    right |= side == LungSide.RIGHT;
                    counts[side == LungSide.LEFT ? 2 : 3]++;
                    counts[6] += depth[y * b.slice().width() + x] <= 20 ? 1 : 0;
                    counts[7] += y > (top + bottom) / 2.0 ? 1 : 0;
                    sizeSum[0] += f.sizeMm();
                    sizeSum[1] += f.pixels() * b.mask().pixelSpacingMm() * b.mask().pixelSpacingMm() / 100.0;
                }
                counts[4] += left && right ? 1 : 0;
                counts[5] += b.zRel() >= 0.5 ? 1 : 0;
            }
        });
        pairs.sort(java.util.Comparator.comparingInt(p -> p[0].instance()));
        for (SliceStats[] p : pairs) {
            groups.get("synthetic positives").add(p[0]);
            groups.get("their backgrounds").add(p[1]);
        }
        histogramFigure(groups, out.resolve("calibration-hu-histograms.png"));
        ggoFigure(groups, out.resolve("calibration-ggo-fraction.png"));
        excessFigure(groups, out.resolve("calibration-hu-excess.png"));

        System.out.println("| group | slices | lung cm2 (median) | GGO fraction mean | GGO fraction median | GGO area cm2 (median) | consolidation area cm2 (median) | lung pixels -750..+100 HU |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Group g : groups.values()) {
            long total = 0;
            long dense = 0;
            for (int i = 0; i < g.histogram.length; i++) {
                total += g.histogram[i];
                int lo = HU_FROM + i * BIN;
                dense += lo >= -750 && lo < 100 ? g.histogram[i] : 0;
            }
            System.out.printf(Locale.ROOT, "| %s | %d | %.0f | %.3f | %.3f | %.1f | %.1f | %.1f%% |%n", g.name, g.slices.size(),
                    g.median(SliceStats::lungCm2), g.mean(SliceStats::ggoFraction), g.median(SliceStats::ggoFraction),
                    g.median(SliceStats::ggoCm2), g.median(SliceStats::consolidationCm2), 100.0 * dense / Math.max(1, total));
        }
        System.out.println();
        int[] edges = {-1000, -750, -500, -300, -100, 100};
        StringBuilder head = new StringBuilder("| group |");
        StringBuilder rule = new StringBuilder("|---|");
        for (int e = 0; e + 1 < edges.length; e++) {
            head.append(String.format(Locale.ROOT, " %d..%d HU |", edges[e], edges[e + 1]));
            rule.append("---|");
        }
        System.out.println(head + " (share of lung pixels)");
        System.out.println(rule);
        for (Group g : groups.values()) {
            long total = 0;
            for (long c : g.histogram) {
                total += c;
            }
            StringBuilder row = new StringBuilder("| " + g.name + " |");
            for (int e = 0; e + 1 < edges.length; e++) {
                long in = 0;
                for (int i = 0; i < g.histogram.length; i++) {
                    int lo = HU_FROM + i * BIN;
                    in += lo >= edges[e] && lo < edges[e + 1] ? g.histogram[i] : 0;
                }
                row.append(String.format(Locale.ROOT, " %.1f%% |", 100.0 * in / Math.max(1, total)));
            }
            System.out.println(row);
        }
        System.out.println();
        System.out.println("| source | infected slices | lesions (real: lobes) per slice | left only / right only / both | lower lobe (real) / posterior half (synthetic) | slices in the lower half of the lung span | lesion size |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.print(realPlaces);
        int n = counts[0];
        int lesions = counts[1];
        double meanHu = maskHu[0] / maskHu[2];
        System.out.printf(Locale.ROOT, "| synthetic (FindingSynthesizer.standard, 1-4 lesions) | %d | %.2f | lesions: %.2f left / %.2f right; slices with both: %.2f | %.2f of lesions | %.2f | mean semi-axis %.1f mm, mask %.1f cm2; %.2f of centres within 20 mm of the pleura; HU inside the masks %.0f +- %.0f |%n",
                n, lesions / (double) n, counts[2] / (double) lesions, counts[3] / (double) lesions,
                counts[4] / (double) n, counts[7] / (double) lesions, counts[5] / (double) n, sizeSum[0] / lesions,
                sizeSum[1] / lesions, counts[6] / (double) lesions, meanHu,
                Math.sqrt(maskHu[1] / maskHu[2] - meanHu * meanHu));
    }

    static void histogramFigure(Map<String, Group> groups, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(560)
                .title("HU inside the lungs: real labelled slices vs synthetic lesions")
                .xAxisTitle("HU (bin " + BIN + ")").yAxisTitle("share of lung pixels (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin((double) HU_FROM);
        chart.getStyler().setXAxisMax((double) HU_TO);
        chart.getStyler().setYAxisMin(1e-4);
        Color[] colours = {new Color(0xc0392b), new Color(0x1f5fa8), new Color(0xe08a00), new Color(0x7f8c8d),
                new Color(0x27ae60), new Color(0x8e44ad), new Color(0x2c3e50)};
        int k = 0;
        for (Group g : groups.values()) {
            long total = 0;
            for (long c : g.histogram) {
                total += c;
            }
            double[] x = new double[g.histogram.length];
            double[] y = new double[g.histogram.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = HU_FROM + (i + 0.5) * BIN;
                y[i] = Math.max(1e-6, g.histogram[i] / (double) Math.max(1, total));
            }
            XYSeries s = chart.addSeries(g.name + " (" + g.slices.size() + ")", x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colours[k % colours.length]);
            if (g.name.startsWith("synthetic") || g.name.startsWith("their")) {
                s.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 5}, 0));
            }
            k++;
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static double[] shares(Group g) {
        long total = 0;
        for (long c : g.histogram) {
            total += c;
        }
        double[] y = new double[g.histogram.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = g.histogram[i] / (double) Math.max(1, total);
        }
        return y;
    }

    /** Where the infected (or lesion-bearing) slices' lung has more pixels than the clean ones: share minus share. */
    static void excessFigure(Map<String, Group> groups, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(520)
                .title("Excess density per HU bin: infected minus clean (real), positives minus backgrounds (synthetic)")
                .xAxisTitle("HU (bin " + BIN + ")").yAxisTitle("difference of shares").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin((double) HU_FROM);
        chart.getStyler().setXAxisMax((double) HU_TO);
        String[][] pairs = {{"P001 infected", "P001 clean"}, {"cap001 infected", "cap001 clean"},
                {"synthetic positives", "their backgrounds"}};
        Color[] colours = {new Color(0xc0392b), new Color(0xe08a00), new Color(0x8e44ad)};
        for (int k = 0; k < pairs.length; k++) {
            double[] a = shares(groups.get(pairs[k][0]));
            double[] b = shares(groups.get(pairs[k][1]));
            double[] x = new double[a.length];
            double[] y = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                x[i] = HU_FROM + (i + 0.5) * BIN;
                y[i] = a[i] - b[i];
            }
            XYSeries s = chart.addSeries(pairs[k][0] + " - " + pairs[k][1], x, y);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(colours[k]);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    static void ggoFigure(Map<String, Group> groups, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(1000).height(520)
                .title("Ground-glass fraction (share of -1000..-300 HU lung pixels lying in -750..-300) along the lung span")
                .xAxisTitle("position in the lung span (0 = first slice with >= 30 cm2 of lung, apex side; 1 = last, bases)")
                .yAxisTitle("GGO fraction").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setDefaultSeriesRenderStyle(org.knowm.xchart.XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(6);
        for (Group g : groups.values()) {
            if (g.slices.isEmpty()) {
                continue;
            }
            double[] x = g.slices.stream().mapToDouble(SliceStats::zRel).toArray();
            double[] y = g.slices.stream().mapToDouble(SliceStats::ggoFraction).toArray();
            chart.addSeries(g.name, x, y);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
