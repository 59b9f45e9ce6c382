package org.covidct.app.train;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.tiff.TiffSlices;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomSlice;
import org.covidct.core.phantom.Tissue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small flat data set of phantom slices with fold-1 CSVs, for training tests. Each slice is a phantom
 * patient's chest at a random lung level with one ground-glass lesion in a lung; for normal slices the
 * "lesion" has the density of aerated lung (so it is invisible), so the two classes differ only by the
 * ground-glass opacity, rendered by the same code. Train, validation and test use different patients.
 */
final class PhantomFolds {

    private PhantomFolds() {
    }

    /**
     * The generator's ground truth of one written slice: the lesion's pixels (at half strength or more), the
     * mean stored value of the lung parenchyma under it and of the parenchyma outside it.
     */
    record Truth(String filename, int part, ClassLabel label, int lesionPixels, double lesionMean, double lungMean) {
    }

    static List<Truth> write(Path dir, int size, int[] counts, long seed) {
        List<Truth> truth = new ArrayList<>();
        PhantomGenerator generator = PhantomGenerator.builder().setSeed(seed).optSize(size).build();
        SplittableRandom rng = new SplittableRandom(seed);
        String[] parts = {"train1.csv", "validation1.csv", "test1.csv"};
        int patient = 0;
        for (int part = 0; part < 3; part++) {
            List<LabelledSlice> rows = new ArrayList<>();
            for (int i = 0; i < counts[part]; i++) {
                if (i % 4 == 0) {
                    patient++; // four slices per patient, never shared between parts
                }
                ClassLabel label = i % 2 == 0 ? ClassLabel.COVID : ClassLabel.NORMAL;
                PhantomSlice slice = render(generator, patient, rng, size, label == ClassLabel.COVID);
                String name = (label == ClassLabel.COVID ? "synthcovid" : "synthnormal") + "_patient" + patient
                        + "_SR_2_IM" + String.format("%05d", part * 1000 + i) + ".tif";
                TiffSlices.write(dir.resolve(name), slice.slice(), TiffSlices.Compression.NONE);
                rows.add(new LabelledSlice(name, label));
                truth.add(truthOf(name, part, label, slice));
            }
            FoldCsv.write(dir.resolve(parts[part]), rows);
        }
        return truth;
    }

    private static Truth truthOf(String name, int part, ClassLabel label, PhantomSlice slice) {
        short[] v = slice.slice().values();
        // parenchyma only: vessels crossing the lesion are as bright in both classes
        double lesionSum = 0;
        double lungSum = 0;
        int lesion = 0;
        int lung = 0;
        for (int i = 0; i < v.length; i++) {
            if (Tissue.of(slice.tissue()[i]) != Tissue.LUNG) {
                continue;
            }
            int value = Short.toUnsignedInt(v[i]);
            if (slice.lesionMask()[i] != 0) {
                lesionSum += value;
                lesion++;
            } else {
                lungSum += value;
                lung++;
            }
        }
        return new Truth(name, part, label, slice.lesionPixels(), lesion == 0 ? Double.NaN : lesionSum / lesion,
                lung == 0 ? Double.NaN : lungSum / lung);
    }

    private static PhantomSlice render(PhantomGenerator generator, int patient, SplittableRandom rng, int size,
                                       boolean covid) {
        for (int attempt = 0; ; attempt++) {
            double zRel = 0.35 + 0.35 * rng.nextDouble();
            double side = rng.nextBoolean() ? -1 : 1;
            double x = size * (0.5 + side * (0.17 + 0.08 * rng.nextDouble()));
            double y = size * (0.42 + 0.16 * rng.nextDouble());
            double radius = size * (0.10 + 0.06 * rng.nextDouble());
            try {
                return generator.singleLesionSlice(patient, zRel, x, y, radius, covid ? 600 : 160);
            } catch (IllegalArgumentException notInLung) {
                if (attempt > 200) {
                    throw notInLung;
                }
            }
        }
    }
}
