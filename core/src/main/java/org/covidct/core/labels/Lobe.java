package org.covidct.core.labels;

import org.covidct.core.lung.LungSide;

import java.util.Locale;

/**
 * The five lobes, with the column names of the labels CSV. The left lung has two lobes (upper, lower), the right
 * three (upper, middle, lower).
 */
public enum Lobe {
    LLL(LungSide.LEFT),
    LUL(LungSide.LEFT),
    RLL(LungSide.RIGHT),
    RML(LungSide.RIGHT),
    RUL(LungSide.RIGHT);

    private final LungSide side;

    Lobe(LungSide side) {
        this.side = side;
    }

    public LungSide side() {
        return side;
    }

    /** The column name in a labels CSV ({@code lll}, {@code lul}, ...). */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }
}
