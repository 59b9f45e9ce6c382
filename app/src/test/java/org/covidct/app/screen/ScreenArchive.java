package org.covidct.app.screen;

import org.covidct.core.dicom.DicomWriter;
import org.covidct.core.dicom.Tag;
import org.covidct.core.dicom.TransferSyntax;
import org.covidct.core.image.CtSlice;
import org.covidct.core.phantom.PhantomGenerator;
import org.covidct.core.phantom.PhantomPatient;
import org.covidct.core.phantom.PhantomSeries;
import org.covidct.core.tiff.TiffSlices;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A small archive to screen, as a hospital export might look: the three real COVID-CT-MD series (linked, not copied)
 * and synthetic phantom patients written as DICOM by {@link DicomWriter} at several depths, two series of one study
 * in one folder, a COVID-CTset TIFF series folder, a series with a damaged file, and a folder without images.
 * For each series it also gives a folder holding that series alone, which {@code covidct detect} can be run on.
 */
public final class ScreenArchive {

    /** One series of the archive. */
    public record Entry(String seriesPath, Path alone, boolean broken) {
    }

    private final Path root;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private ScreenArchive(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The series by their results.csv series_path, in no particular order. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /**
     * Writes the archive under {@code dir/root} (and folders of single series beside it).
     *
     * @param phantoms synthetic DICOM series in folders of their own
     * @param withReal whether the three real series are in it (they cost most of a screen's time)
     */
    public static ScreenArchive write(Path dir, Path sharedData, int phantoms, boolean withReal) throws IOException {
        ScreenArchive a = new ScreenArchive(Files.createDirectories(dir.resolve("root")));
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Path real = sharedData.resolve("real").resolve("covid-ct-md");
        for (String s : withReal ? List.of("covid/P001", "normal/normal001", "cap/cap001") : List.<String>of()) {
            Path target = a.root.resolve("real-md").resolve(s);
            link(real.resolve(s), target);
            a.entries.put("real-md/" + s, new Entry("real-md/" + s, target, false));
        }
        PhantomGenerator gen = PhantomGenerator.builder().setSeed(13).optSize(128).optCovidFraction(0.5)
                .optThicknesses(6, 8, 8).build();
        for (int p = 0; p < phantoms; p++) {
            // three depths: site/year/patient/series, patient/series, and a series folder straight under ROOT
            String rel = switch (p % 3) {
                case 0 -> "site-a/2020/patient" + p + "/CT-" + p;
                case 1 -> "site-b/patient" + p + "/study/series";
                default -> "series-" + p;
            };
            Path folder = a.root.resolve(rel);
            writeDicomSeries(gen.patient(p), 0, folder, "2.25.9" + p, 2 + p, true);
            a.entries.put(rel, new Entry(rel, folder, false));
        }
        // two series of one study in one folder (as a PACS export often has them): one row each
        PhantomPatient two = gen.patient(phantoms);
        Path mixed = a.root.resolve("site-a/2021/mixed");
        writeDicomSeries(two, 0, mixed, "2.25.77", 3, true);
        writeDicomSeries(two, 1, mixed, "2.25.78", 5, true);
        writeDicomSeries(two, 0, alone.resolve("mixed-SR_3"), "2.25.77", 3, true);
        writeDicomSeries(two, 1, alone.resolve("mixed-SR_5"), "2.25.78", 5, true);
        a.entries.put("site-a/2021/mixed#SR_3", new Entry("site-a/2021/mixed#SR_3", alone.resolve("mixed-SR_3"), false));
        a.entries.put("site-a/2021/mixed#SR_5", new Entry("site-a/2021/mixed#SR_5", alone.resolve("mixed-SR_5"), false));
        // a COVID-CTset series folder of 16-bit TIFF slices
        Path tiff = Files.createDirectories(a.root.resolve("ctset/patient" + (phantoms + 1) + "/SR_2"));
        PhantomPatient t = gen.patient(phantoms + 1);
        for (int i = 0; i < t.series().get(0).sliceCount(); i++) {
            TiffSlices.write(tiff.resolve(PhantomSeries.fileName(i)), t.render(0, i).slice(), TiffSlices.Compression.LZW);
        }
        a.entries.put("ctset/patient" + (phantoms + 1) + "/SR_2",
                new Entry("ctset/patient" + (phantoms + 1) + "/SR_2", tiff, false));
        // a series whose middle file lost most of its pixel data: the series fails, the screen goes on
        Path broken = a.root.resolve("site-b/broken/series");
        writeDicomSeries(gen.patient(phantoms + 2), 0, broken, "2.25.66", 2, true);
        try (Stream<Path> files = Files.list(broken)) {
            List<Path> sorted = files.sorted().toList();
            Path victim = sorted.get(sorted.size() / 2);
            byte[] bytes = Files.readAllBytes(victim);
            Files.write(victim, java.util.Arrays.copyOf(bytes, bytes.length - 4000));
        }
        a.entries.put("site-b/broken/series", new Entry("site-b/broken/series", broken, true));
        // not a series: ignored
        Files.createDirectories(a.root.resolve("site-b/notes"));
        Files.writeString(a.root.resolve("site-b/notes/README.txt"), "exported 2021-03-01\n");
        return a;
    }

    /** A folder whose files are hard links to {@code from}'s (copies where links cannot be made). */
    static void link(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                try {
                    Files.createLink(to.resolve(f.getFileName()), f);
                } catch (IOException | UnsupportedOperationException e) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }

    /**
     * Writes series {@code seriesIndex} of a phantom patient as axial CT DICOM files (explicit VR little endian,
     * unsigned 16-bit stored values with intercept -1024, so the decoded values are the phantom's own).
     */
    public static void writeDicomSeries(PhantomPatient p, int seriesIndex, Path folder, String seriesUid,
                                        int seriesNumber, boolean shuffledNames) throws IOException {
        Files.createDirectories(folder);
        PhantomSeries s = p.series().get(seriesIndex);
        DicomWriter writer = DicomWriter.builder().setTransferSyntax(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN).build();
        double spacing = p.pixelSpacingMm();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < s.sliceCount(); i++) {
            order.add(i);
        }
        for (int i : order) {
            CtSlice slice = p.render(seriesIndex, i).slice();
            int[] cells = new int[slice.width() * slice.height()];
            short[] v = slice.values();
            for (int k = 0; k < cells.length; k++) {
                cells[k] = v[k] & 0xFFFF;
            }
            double z = -s.sliceZ(i);
            DicomWriter.DataSet ds = new DicomWriter.DataSet()
                    .string(Tag.IMAGE_TYPE, "CS", "ORIGINAL", "PRIMARY", "AXIAL")
                    .string(Tag.SOP_CLASS_UID, "UI", "1.2.840.10008.5.1.4.1.1.2")
                    .string(Tag.SOP_INSTANCE_UID, "UI", seriesUid + "." + (i + 1))
                    .string(Tag.MODALITY, "CS", "CT")
                    .string(Tag.PATIENT_ID, "LO", p.id())
                    .string(Tag.STUDY_INSTANCE_UID, "UI", "2.25.5" + p.index())
                    .string(Tag.SERIES_INSTANCE_UID, "UI", seriesUid)
                    .string(Tag.SERIES_NUMBER, "IS", Integer.toString(seriesNumber))
                    .string(Tag.INSTANCE_NUMBER, "IS", Integer.toString(i + 1))
                    .string(Tag.IMAGE_POSITION_PATIENT, "DS", "0", "0", String.format(Locale.ROOT, "%.2f", z))
                    .string(Tag.IMAGE_ORIENTATION_PATIENT, "DS", "1", "0", "0", "0", "1", "0")
                    .string(Tag.SLICE_THICKNESS, "DS", String.format(Locale.ROOT, "%.2f", s.thicknessMm()))
                    .string(Tag.PIXEL_SPACING, "DS", String.format(Locale.ROOT, "%.4f", spacing),
                            String.format(Locale.ROOT, "%.4f", spacing))
                    .us(Tag.SAMPLES_PER_PIXEL, 1).string(Tag.PHOTOMETRIC_INTERPRETATION, "CS", "MONOCHROME2")
                    .us(Tag.ROWS, slice.height()).us(Tag.COLUMNS, slice.width())
                    .us(Tag.BITS_ALLOCATED, 16).us(Tag.BITS_STORED, 16).us(Tag.HIGH_BIT, 15)
                    .us(Tag.PIXEL_REPRESENTATION, 0)
                    .string(Tag.RESCALE_INTERCEPT, "DS", "-1024").string(Tag.RESCALE_SLOPE, "DS", "1");
            // file names that do not sort in sweep order, as exports name them: the InstanceNumber orders
            String name = shuffledNames ? String.format(Locale.ROOT, "%d-%08x.dcm", seriesNumber, (i * 2654435761L) & 0xffffffffL)
                    : String.format(Locale.ROOT, "%d-IM%05d.dcm", seriesNumber, i + 1);
            try {
                writer.write(folder.resolve(name), ds, cells);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
