package org.covidct.app.validate;

import org.covidct.app.detect.SeriesDetection;
import org.covidct.core.dataset.ClassLabel;
import org.covidct.core.decision.PatientDecision;
import org.covidct.core.decision.PatientOutcome;
import org.covidct.core.decision.UndecidedInput;

/** One validated patient: who, and the detection on their series. */
public record PatientResult(PatientSeries patient, SeriesDetection detection) {

    /** The counts and, when the input itself ruled a verdict out, that reason (so counts agree with detect). */
    public PatientOutcome outcome() {
        PatientDecision d = detection.decision();
        UndecidedInput input = !d.isDecided() && d.cause().isInputProblem() ? new UndecidedInput(d.cause(), d.reason())
                : null;
        return new PatientOutcome(patient.patientId(), patient.label() == ClassLabel.COVID, patient.seriesLabel(),
                detection.keptCount(), detection.covidCount(), input);
    }
}
