package org.covidct.core.lung;

/** The patient's left or right lung (not the side of the image: axial CT shows the patient's left on the right). */
public enum LungSide {
    LEFT,
    RIGHT
}
