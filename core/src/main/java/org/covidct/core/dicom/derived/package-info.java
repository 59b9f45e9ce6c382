/**
 * DICOM objects that covidct derives from an analysed CT series and stores into the same study of a PACS:
 * a Basic Text Structured Report with the decision ({@link org.covidct.core.dicom.derived.BasicTextSr}) and a
 * Secondary Capture image of key slices ({@link org.covidct.core.dicom.derived.SecondaryCaptureImage}). Pure
 * DICOM encoding on {@link org.covidct.core.dicom.DicomWriter}; nothing here knows about networks or verdicts.
 *
 * <p>May depend on the root package and {@code dicom} only.
 */
package org.covidct.core.dicom.derived;
