package org.covidct.core.selection;

import org.covidct.core.dicom.DicomHeader;
import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.SliceLabel;
import org.covidct.core.labels.SliceLabels;
import org.covidct.core.load.DicomSeries;
import org.covidct.core.load.SeriesLoader;
import org.covidct.core.lung.LungMask;
import org.covidct.core.lung.LungSegmentation;
import org.covidct.core.series.Series;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Prints, per slice of the shared COVID-CT-MD series, the radiologists' label, both rules' scores and verdicts, and the
 * segmented lung area: what docs/SELECTION.md ("Why the 11 were dropped") quotes. Run with the core test classpath:
 * {@code java -cp core/target/classes:core/target/test-classes:DEPS org.covidct.core.selection.SelectionDiagnostics
 * ../shared/data/real/covid-ct-md}.
 */
public final class SelectionDiagnostics {
    private SelectionDiagnostics() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        for (String name : new String[] {"covid/P001", "cap/cap001", "normal/normal001"}) {
            Series s = SeriesLoader.open(root.resolve(name));
            String id = name.substring(name.indexOf('/') + 1);
            Path lf = root.resolve("labels/" + id + ".slice-labels.csv");
            SliceLabels labels = Files.exists(lf) ? SliceLabels.read(lf) : null;
            SeriesSelection ref = new ReferenceSelector().select(s);
            SeriesSelection lung = new LungAwareSelector().select(s);
            System.out.println("## " + name + " ref thr " + ref.threshold() + " lung thr " + lung.threshold());
            for (int i = 0; i < s.size(); i++) {
                DicomHeader h = DicomSeries.headerOf(s.slices().get(i));
                int inst = h.instanceNumber();
                double sp = h.pixelSpacing()[0];
                CtSlice c = s.slices().get(i).read();
                LungMask m = LungSegmentation.of(c, sp);
                SliceLabel l = labels == null ? null : labels.of(inst).orElse(null);
                System.out.printf(Locale.ROOT, "%3d inf=%d lobes=%-20s ref=%5d/%d lung=%6d/%d maskCm2=%6.1f sp=%.3f%n", inst,
                        l != null && l.infected() ? 1 : 0, l == null ? "" : l.lobes().toString(),
                        ref.slices().get(i).darkCount(), ref.slices().get(i).selected() ? 1 : 0,
                        lung.slices().get(i).darkCount(), lung.slices().get(i).selected() ? 1 : 0, m.areaCm2(), sp);
            }
        }
    }
}
