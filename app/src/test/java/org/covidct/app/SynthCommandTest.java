package org.covidct.app;

import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.dataset.FlatName;
import org.covidct.core.dataset.FoldCsv;
import org.covidct.core.dataset.FullLayout;
import org.covidct.core.dataset.LabelledSlice;
import org.covidct.core.dataset.PatientDetail;
import org.covidct.core.dataset.PatientDetails;
import org.covidct.core.image.CtSlice;
import org.covidct.core.tiff.TiffSlices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {

    @TempDir
    Path tmp;

    private CliRun synth(Path out, String seed, int patients) {
        return CliRun.of("synth", "--out", out.toString(), "--patients", String.valueOf(patients), "--seed", seed,
                "--phantom-size", "64", "--folds", "3", "--thickness", "5,8,8");
    }

    @Test
    void writesTheCovidCtsetLayoutsDetailsFlatSlicesAndFolds() throws Exception {
        Path out = tmp.resolve("synth");
        CliRun run = synth(out, "5", 6);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("synth: 6/6"), "progress on stderr: " + run.err());
        assertTrue(run.out().contains("wrote 6 patients (3 COVID)"), run.out());

        PatientDetails details = PatientDetails.read(out.resolve("Patient_details.csv"));
        assertEquals(6, details.size());
        assertEquals(List.of("SR_2", "SR_3", "SR_4"), details.seriesNames());
        for (PatientDetail d : details.patients()) {
            assertEquals(5.0, d.thicknessMm("SR_2").orElseThrow());
            assertTrue(d.age().matches("\\d{3}Y") && d.date().matches("2020\\d{4}"), d.toString());
        }
        FullLayout full = FullLayout.scan(out.resolve("full"));
        assertEquals(6, full.patients().size());
        Path sr2 = out.resolve("full/synthnormal/patient1/SR_2");
        CtSlice first = TiffSlices.read(sr2.resolve("IM00001.tif"));
        assertEquals(64, first.width());

        List<LabelledSlice> all = FoldCsv.read(out.resolve("all.csv"));
        assertTrue(all.stream().anyMatch(s -> s.label() == ClassLabel.COVID));
        assertTrue(all.stream().anyMatch(s -> s.label() == ClassLabel.NORMAL));
        for (LabelledSlice s : all) {
            FlatName name = s.flatName();
            assertEquals(s.label(), name.groupClass().orElseThrow());
            assertEquals(s.label() == ClassLabel.COVID, details.get(name.patientId()).orElseThrow().infection()
                    == ClassLabel.COVID);
            if (s.label() == ClassLabel.NORMAL) {
                assertEquals("SR_2", name.series(), "normal slices come from SR_2 as in the real all.csv");
            }
            // the flat copy is the full-layout slice, byte for byte
            assertArrayEquals(Files.readAllBytes(out.resolve("full").resolve(name.fullLayoutPath())),
                    Files.readAllBytes(out.resolve("flat").resolve(name.fileName())));
        }
        try (Stream<Path> flat = Files.list(out.resolve("flat"))) {
            assertEquals(all.size(), flat.count(), "nothing in flat/ that all.csv does not list");
        }
        // covid slices of the flat folder are exactly lesion-bearing ones per the ground truth
        List<String> lesionRows = Files.readAllLines(out.resolve("lesions.csv"));
        for (LabelledSlice s : all) {
            if (s.label() == ClassLabel.COVID) {
                String row = lesionRows.stream().filter(r -> r.startsWith(s.filename() + ",")).findFirst().orElseThrow();
                assertTrue(Integer.parseInt(row.split(",")[1]) > 0, row);
            }
        }
        for (int k = 1; k <= 3; k++) {
            assertTrue(Files.isRegularFile(out.resolve("folds/train" + k + ".csv")));
            assertTrue(Files.isRegularFile(out.resolve("folds/test" + k + ".csv")));
        }
        CliRun check = CliRun.of("split", "--check", out.resolve("folds").toString());
        assertEquals(0, check.exit(), check.out() + check.err());
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        assertEquals(0, synth(tmp.resolve("a"), "9", 2).exit());
        assertEquals(0, synth(tmp.resolve("b"), "9", 2).exit());
        assertEquals(0, synth(tmp.resolve("c"), "10", 2).exit());
        assertEquals(treeHash(tmp.resolve("a")), treeHash(tmp.resolve("b")));
        assertNotEquals(treeHash(tmp.resolve("a")), treeHash(tmp.resolve("c")));
    }

    @Test
    void refusesANonEmptyFolderAndBadOptions() throws IOException {
        Path out = tmp.resolve("used");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = synth(out, "1", 2);
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("covidct: error: " + out) && run.err().contains("not empty"), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(1, s.count(), "nothing written");
        }
        assertNotEquals(0, CliRun.of("synth", "--out", tmp.resolve("x").toString(), "--patients", "0").exit());
        assertNotEquals(0, CliRun.of("synth", "--out", tmp.resolve("x").toString(), "--patients", "2", "--phantom-size", "8").exit());
        assertNotEquals(0, CliRun.of("synth", "--out", tmp.resolve("x").toString(), "--patients", "2",
                "--thickness", "6,5").exit());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    static String treeHash(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                md.update(root.relativize(p).toString().getBytes());
                md.update(Files.readAllBytes(p));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
