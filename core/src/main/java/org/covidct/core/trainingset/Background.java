package org.covidct.core.trainingset;

import org.covidct.core.image.CtSlice;
import org.covidct.core.labels.PersonClass;

/**
 * One slice that findings may be drawn on, or a real infected slice.
 *
 * @param person       the person's name (file names start with it)
 * @param personClass  what the person has (a phantom background is NORMAL)
 * @param slice        the slice (HU + 1024)
 * @param spacingMm    pixel side in millimetres
 * @param instance     its position in the sweep (InstanceNumber for DICOM, 1-based index otherwise)
 * @param infected     the radiologists marked infection on it
 * @param validation   it belongs to the validation part
 */
record Background(String person, PersonClass personClass, CtSlice slice, double spacingMm, int instance,
                  boolean infected, boolean validation) {

    String stem() {
        return person + "_" + String.format("%04d", instance);
    }
}
