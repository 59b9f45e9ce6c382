package org.covidct.app.validate;

import org.covidct.app.detect.SeriesDetection;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.decision.PatientOutcome;

/** One validated patient: who, and the detection on their series. */
public record PatientResult(PatientSeries patient, SeriesDetection detection) {

    public PatientOutcome outcome() {
        return new PatientOutcome(patient.patientId(), patient.label() == ClassLabel.COVID, patient.seriesLabel(),
                detection.keptCount(), detection.covidCount());
    }
}
