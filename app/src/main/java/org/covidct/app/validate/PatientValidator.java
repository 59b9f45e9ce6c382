package org.covidct.app.validate;

import org.covidct.app.detect.Detector;
import org.covidct.core.series.Series;
import org.covidct.core.load.SeriesLoader;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs the fully automated pipeline on each patient's series (selection on, as the paper describes). */
public final class PatientValidator {

    private PatientValidator() {
    }

    /**
     * @param progress told "i/n patientId" before each patient (may be null)
     */
    public static List<PatientResult> run(List<PatientSeries> patients, Detector detector, Consumer<String> progress) {
        List<PatientResult> out = new ArrayList<>(patients.size());
        int i = 0;
        for (PatientSeries p : patients) {
            i++;
            if (progress != null) {
                progress.accept(i + "/" + patients.size() + " " + p.seriesLabel());
            }
            Series series = SeriesLoader.open(p.series().dir());
            out.add(new PatientResult(p, detector.detect(series, p.seriesLabel(), null).detection()));
        }
        return out;
    }
}
