package org.covidct.app.detect;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.image.CtSlice;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.series.Series;
import org.covidct.core.series.SliceSource;
import org.covidct.nn.run.ModelCard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Series for detector tests: a phantom person's sweep in memory or as DICOM files, and stand-in models. */
final class SyntheticSeries {

    private SyntheticSeries() {
    }

    /** Phantom person {@code index} (seed 5, 128 px, no COVID). */
    static PhantomPatient phantom(int index) {
        return PhantomGenerator.builder().setSeed(5).optSize(128).optCovidFraction(0).build().patient(index);
    }

    /** SR_2 of phantom person {@code index}, each slice named {@code s001}, {@code s002}, ... */
    static List<CtSlice> phantomSweep(int index) {
        PhantomPatient p = phantom(index);
        List<CtSlice> out = new ArrayList<>();
        for (int i = 0; i < p.series().get(0).sliceCount(); i++) {
            CtSlice s = p.render(0, i).slice();
            out.add(new CtSlice(s.width(), s.height(), s.values(), String.format(Locale.ROOT, "s%03d", i + 1)));
        }
        return out;
    }

    /** Slices held in memory as a series. */
    static Series inMemory(List<CtSlice> slices) {
        List<SliceSource> sources = new ArrayList<>();
        for (CtSlice s : slices) {
            sources.add(new SliceSource() {
                @Override
                public String name() {
                    return s.source();
                }

                @Override
                public Path file() {
                    return Path.of(s.source());
                }

                @Override
                public CtSlice read() {
                    return s;
                }
            });
        }
        return new Series(Path.of("memory"), "memory", sources);
    }

    /**
     * Writes the slices as an uncompressed DICOM series (unsigned, intercept -1024) with the given
     * ImageOrientationPatient: {@code 1\0\0\0\1\0} is axial, {@code 1\0\0\0\0\-1} coronal.
     */
    static Path writeDicom(Path dir, List<CtSlice> slices, String[] orientation, double spacingMm) throws IOException {
        Files.createDirectories(dir);
        DicomWriter writer = DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build();
        for (int i = 0; i < slices.size(); i++) {
            CtSlice s = slices.get(i);
            DicomWriter.DataSet ds = new DicomWriter.DataSet()
                    .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                    .string(Tag.MODALITY, "CS", "CT")
                    .string(Tag.STUDY_INSTANCE_UID, "UI", "2.25.1001")
                    .string(Tag.SERIES_INSTANCE_UID, "UI", "2.25.1002")
                    .string(Tag.SERIES_NUMBER, "IS", "2")
                    .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(i + 1))
                    .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", Integer.toString(-5 * i))
                    .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", orientation)
                    .string(Tag.PIXEL_SPACING, "DS", Double.toString(spacingMm), Double.toString(spacingMm))
                    .us(Tag.SAMPLES_PER_PIXEL, 1)
                    .string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                    .us(Tag.ROWS, s.height())
                    .us(Tag.COLUMNS, s.width())
                    .us(Tag.BITS_ALLOCATED, 16)
                    .us(Tag.BITS_STORED, 16)
                    .us(Tag.HIGH_BIT, 15)
                    .us(Tag.PIXEL_REPRESENTATION, 0)
                    .string(Tag.RESCALE_INTERCEPT, "DS", "-1024")
                    .string(Tag.RESCALE_SLOPE, "DS", "1");
            int[] cells = new int[s.values().length];
            for (int k = 0; k < cells.length; k++) {
                cells[k] = s.values()[k] & 0xFFFF;
            }
            writer.write(dir.resolve(String.format(Locale.ROOT, "IM%03d.dcm", i + 1)), ds, cells);
        }
        return dir;
    }

    /** A stand-in for a model: P(covid) 0.9 for the named slices, 0.1 for the others. */
    static SliceScorer calling(Set<String> covidSlices) {
        return batch -> batch.stream().mapToDouble(s -> covidSlices.contains(s.source()) ? 0.9 : 0.1).toArray();
    }

    /** What outputs say about a stand-in model with the given card. */
    static ModelSummary model(ModelCard card) {
        return new ModelSummary("stand-in", "fpn", 128, 0.125, "0".repeat(64), card);
    }

    /** A card with a validation figure (the stand-in's outputs are set by the test, not learnt). */
    static ModelCard validatedCard(ModelCard.DataKind kind) {
        ModelCard.DataSource source = new ModelCard.DataSource(kind, "test fixture", 10, 100, null, null);
        return ModelCard.builder().setTrainedOn(kind == ModelCard.DataKind.SYNTHETIC ? "synthetic phantoms" : "test data")
                .addTraining(source)
                .optValidation(ModelCard.Evaluation.of("test fixture", 2, 20, Map.of("accuracy", 0.9), "test")).build();
    }
}
