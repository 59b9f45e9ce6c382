/**
 * The core of covidct: everything of the COVID-CTset pipeline that needs no deep learning (image and DICOM
 * reading, slice selection, datasets and folds, metrics, the patient rule, phantoms). This root package holds
 * only {@link org.covidct.core.CovidctException}, the user-error type every package may throw.
 *
 * <p>Depends on nothing of the project; core as a whole uses no DJL and nothing of the nn or app modules
 * (checked by ArchitectureTest).
 */
package org.covidct.core;
