package org.covidct.app;

import picocli.CommandLine.Mixin;
import org.covidct.app.options.OldSpellings;
import org.covidct.app.options.QuietOption;
import org.covidct.core.phantom.PhantomDataset;
import org.covidct.core.phantom.PhantomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code covidct synth}: a synthetic cohort of chest-CT phantoms in the COVID-CTset layouts. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {
                "Generates synthetic chest-CT patients (COVID-19 and normal) in the COVID-CTset layouts.",
                "DIR/full/<group>/<patientN>/SR_k/IMnnnnn.tif (16-bit HU+1024, LZW), DIR/Patient_details.csv, "
                        + "DIR/flat/ (expert-selected slices: lesion-bearing COVID slices, open-lung SR_2 normal "
                        + "slices), DIR/all.csv, DIR/folds/ (patient-wise folds) and DIR/lesions.csv (ground truth).",
                "The same seed gives the same bytes; patient i does not depend on --patients. See docs/PHANTOMS.md."})
public final class SynthCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder (missing or empty)")
    Path out;

    @Option(names = "--patients", required = true, paramLabel = "N", description = "number of patients")
    int patients;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "master seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--phantom-size", defaultValue = "512", paramLabel = "PX",
            description = "slice width and height (default ${DEFAULT-VALUE}; smaller for fast experiments)")
    int size;

    @Option(names = "--size", hidden = true, paramLabel = "PX", description = "Old spelling of --phantom-size.")
    Integer oldSize;

    @Option(names = "--covid-share", defaultValue = "0.5", paramLabel = "F",
            description = "share of COVID-19 patients (default ${DEFAULT-VALUE}; COVID-CTset has about 0.25)")
    double covidFraction;

    @Option(names = "--covid-fraction", hidden = true, paramLabel = "F", description = "Old spelling of --covid-share.")
    Double oldCovidFraction;

    @Option(names = "--thickness", split = ",", paramLabel = "MM",
            description = "slice thicknesses of SR_2,SR_3,SR_4 for every patient (default: drawn from the real "
                    + "Patient_details.csv mix, 1.5 to 8 mm)")
    List<Double> thickness;

    @Option(names = "--folds", defaultValue = "5", description = "folds of the split (default ${DEFAULT-VALUE})")
    int folds;

    @Mixin
    QuietOption quiet;

    @Override
    public Integer call() {
        if (patients < 1) {
            throw new ParameterException(spec.commandLine(), "--patients must be at least 1");
        }
        if (folds < 2) {
            throw new ParameterException(spec.commandLine(), "--folds must be at least 2");
        }
        if (oldSize != null) {
            OldSpellings.warn(spec, "synth --size", "--phantom-size", "--size is a network's input size");
            size = oldSize;
        }
        if (oldCovidFraction != null) {
            OldSpellings.warn(spec, "synth --covid-fraction", "--covid-share",
                    "--covid-fraction is the patient rule's fraction");
            covidFraction = oldCovidFraction;
        }
        PhantomGenerator.Builder gb = PhantomGenerator.builder().setSeed(seed);
        try {
            gb.optSize(size).optCovidFraction(covidFraction);
            if (thickness != null) {
                if (thickness.size() != 3) {
                    throw new IllegalArgumentException("--thickness needs three values (SR_2,SR_3,SR_4)");
                }
                gb.optThicknesses(thickness.get(0), thickness.get(1), thickness.get(2));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        PhantomDataset.Summary s = PhantomDataset.builder().setGenerator(gb.build()).setPatients(patients)
                .optFolds(folds).optProgress(line -> {
                    if (!quiet.quiet() || line.contains("warning")) {
                        err.println(line);
                        err.flush();
                    }
                }).build().write(out);
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter o = spec.commandLine().getOut();
        if (s.foldTable() != null) {
            o.print(s.foldTable());
        }
        o.printf(Locale.ROOT, "wrote %d patients (%d COVID), %d slices, %d flat slices (%d covid, %d normal)%s to %s"
                        + " in %.1f s (%.0f slices/s)%n", s.patients(), s.covidPatients(), s.slices(),
                s.flatCovid() + s.flatNormal(), s.flatCovid(), s.flatNormal(), s.foldsWritten() ? " and folds" : "",
                out, seconds, s.slices() / seconds);
        o.flush();
        return 0;
    }
}
