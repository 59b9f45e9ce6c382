/**
 * Where the lungs are in a CT slice: a binary mask of the lungs (parenchyma with what lies inside it: vessels,
 * airways, lesions), which lung each part belongs to, and the geometry the rest of the pipeline asks of it
 * (distance to the pleura, area in square centimetres). Used to insert synthetic findings into real lung, to say
 * in which lung a Grad-CAM map points, and to tell a series that does not span the lungs.
 *
 * <p>May depend on the root package and {@code image} only: it reads values, never files.
 */
package org.covidct.core.lung;
