/**
 * Synthetic chest CT phantoms and whole synthetic datasets in the COVID-CTset layout, for tests and the demo:
 * deterministic from a seed, with anatomy, vessels and lesions.
 *
 * <p>May depend on the root package, io, image, tiff, dataset, selection and split: it sits on top of core.
 */
package org.covidct.core.phantom;
