package org.covidct.core.labels;

import java.util.Locale;
import java.util.Optional;

/**
 * What a labelled person has, as the folder that holds their series says (the COVID-CT-MD layout: {@code covid/},
 * {@code normal/}, {@code cap/}).
 */
public enum PersonClass {
    /** COVID-19 pneumonia: infected slices are the positives of the slice score. */
    COVID("covid"),
    /** No lung infection: every slice is a negative. */
    NORMAL("normal"),
    /**
     * Community-acquired pneumonia: a lung infection that is not COVID-19. Kept out of the COVID-vs-clean slice
     * score (its infected slices are neither); scored on its own: the detector should not call it COVID.
     */
    OTHER_PNEUMONIA("cap");

    private final String folder;

    PersonClass(String folder) {
        this.folder = folder;
    }

    public String folder() {
        return folder;
    }

    /** The class a folder name stands for ({@code covid}, {@code normal}, {@code cap}; any case). */
    public static Optional<PersonClass> ofFolder(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (PersonClass c : values()) {
            if (c.folder.equals(n)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
