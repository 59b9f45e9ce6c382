package org.covidct.core.phantom;

/**
 * What a phantom pixel shows: the per-pixel ground truth a test or a Grad-CAM check can compare with.
 * The code is stored in a {@code byte[]} beside the slice ({@link PhantomSlice#tissue()}).
 */
public enum Tissue {
    /** Air around the body. */
    OUTSIDE,
    /** The scanner table under the patient. */
    TABLE,
    /** Skin, muscle, mediastinal soft tissue, oesophagus, discs, costal cartilage, spinal canal. */
    SOFT_TISSUE,
    /** Subcutaneous, mediastinal and epicardial fat. */
    FAT,
    /** Lung parenchyma (with or without an opacity: see the lesion mask). */
    LUNG,
    /** Pulmonary vessels inside the lung. */
    VESSEL,
    /** Air inside the trachea and bronchi. */
    AIRWAY,
    /** Walls of the trachea and bronchi. */
    AIRWAY_WALL,
    /** Cortical and cancellous bone. */
    BONE,
    /** Heart, aorta and the great vessels (unenhanced blood and myocardium). */
    BLOOD,
    /** Liver, spleen and the other organs under the diaphragm. */
    ORGAN;

    private static final Tissue[] VALUES = values();

    public byte code() {
        return (byte) ordinal();
    }

    public static Tissue of(byte code) {
        return VALUES[code];
    }

    /** Bit of this tissue in a set of tissues stored as an int. */
    int bit() {
        return 1 << ordinal();
    }

    static int bits(Tissue... tissues) {
        int b = 0;
        for (Tissue t : tissues) {
            b |= t.bit();
        }
        return b;
    }
}
