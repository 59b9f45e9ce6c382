package org.covidct.core.phantom;

import java.time.LocalDate;
import java.util.List;

/**
 * One synthetic patient: demographics, anatomy, COVID-19 lesions (none for a normal patient) and three
 * series. Rendering is a pure function of the patient and the slice index, so slices may be rendered in
 * any order and in parallel.
 */
public final class PhantomPatient {

    private final int index;
    private final boolean covid;
    private final char sex;
    private final int age;
    private final LocalDate date;
    private final Anatomy anatomy;
    private final List<PhantomSeries> series;
    private final int size;
    private final long seed;

    PhantomPatient(int index, boolean covid, char sex, int age, LocalDate date, Anatomy anatomy,
                   List<PhantomSeries> series, int size, long seed) {
        this.index = index;
        this.covid = covid;
        this.sex = sex;
        this.age = age;
        this.date = date;
        this.anatomy = anatomy;
        this.series = List.copyOf(series);
        this.size = size;
        this.seed = seed;
    }

    /** 0-based index in the generated cohort. */
    public int index() {
        return index;
    }

    /** The patient ID as COVID-CTset writes it: patient1, patient2, ... */
    public String id() {
        return "patient" + (index + 1);
    }

    public boolean covid() {
        return covid;
    }

    /** M or F. */
    public char sex() {
        return sex;
    }

    public int age() {
        return age;
    }

    public LocalDate studyDate() {
        return date;
    }

    public List<PhantomSeries> series() {
        return series;
    }

    public int size() {
        return size;
    }

    /** The lesions of this patient (empty for a normal patient). */
    public List<Lesion> lesions() {
        return List.copyOf(anatomy.lesions);
    }

    /** Millimetres per pixel of a 512 x 512 slice of this patient (the field of view / 512). */
    public double pixelSpacingMm() {
        return anatomy.mmPerPx * 512.0 / size;
    }

    /** Renders slice {@code sliceIndex} of series {@code seriesIndex} (0 = SR_2). */
    public PhantomSlice render(int seriesIndex, int sliceIndex) {
        return render(seriesIndex, sliceIndex, true);
    }

    /**
     * Renders a slice with or without this patient's lesions: the same anatomy and the same noise either way, so a
     * COVID patient's slice and its lesion-free twin differ only where a lesion is.
     */
    public PhantomSlice render(int seriesIndex, int sliceIndex, boolean withLesions) {
        PhantomSeries s = series.get(seriesIndex);
        if (sliceIndex < 0 || sliceIndex >= s.sliceCount()) {
            throw new IndexOutOfBoundsException("slice " + sliceIndex + " of " + s.sliceCount());
        }
        double noise = s.sharpKernel() ? anatomyNoiseSharp() : anatomyNoiseSmooth();
        long noiseSeed = Seeds.mix(seed, 1_000_003L * (seriesIndex + 1) + sliceIndex);
        String source = id() + "/" + s.name() + "/" + PhantomSeries.fileName(sliceIndex);
        return SliceRenderer.render(anatomy, withLesions ? anatomy.lesions : List.of(), s.sliceZ(sliceIndex),
                s.thicknessMm(), size, noise, noiseSeed, source);
    }

    /** Noise of a sharp (B70s-like) reconstruction, HU standard deviation after the blur. */
    private double anatomyNoiseSharp() {
        return 18;
    }

    /** Noise of a smooth (B35s-like) reconstruction. */
    private double anatomyNoiseSmooth() {
        return 10;
    }

    Anatomy anatomy() {
        return anatomy;
    }

    long seed() {
        return seed;
    }
}
