package org.covidct.core.phantom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vessel and airway trees of docs/PHANTOMS.md ("Vessels", "Airways"): trunks from the hila branching
 * into children 0.68-0.88 of the parent's radius until thinner than 0.35 mm, inside the lung; about 1,100
 * twigs per lung; vessels thinning from the hilum toward the pleura; and the vector arithmetic they use.
 */
class VesselTreesTest {

    private static final List<Anatomy> CHESTS = new ArrayList<>();

    @BeforeAll
    static void grow() {
        for (long seed = 1; seed <= 4; seed++) {
            CHESTS.add(new Anatomy(new SplittableRandom(seed), seed % 2 == 0));
        }
    }

    private static void assertVector(double[] expected, double[] actual) {
        assertArrayEquals(expected, actual, 1e-12);
    }

    @Test
    void rotationsAboutTheAxesByHand() {
        double quarter = Math.PI / 2;
        assertVector(new double[] {0, 1, 0}, VesselTrees.rotate(new double[] {1, 0, 0}, new double[] {0, 0, 1}, quarter));
        assertVector(new double[] {0, 0, 1}, VesselTrees.rotate(new double[] {0, 1, 0}, new double[] {1, 0, 0}, quarter));
        assertVector(new double[] {1, 0, 0}, VesselTrees.rotate(new double[] {0, 0, 1}, new double[] {0, 1, 0}, quarter));
        // half a turn about z flips x and y, keeps z; a vector along the axis does not move
        assertVector(new double[] {-1, -2, 3}, VesselTrees.rotate(new double[] {1, 2, 3}, new double[] {0, 0, 1}, Math.PI));
        assertVector(new double[] {0, 0, 2}, VesselTrees.rotate(new double[] {0, 0, 2}, new double[] {0, 0, 1}, 0.7));
        // 60 degrees about the diagonal (1, 1, 1)/sqrt 3 ... a third of a turn cycles the axes
        double r3 = 1 / Math.sqrt(3);
        assertVector(new double[] {0, 1, 0}, VesselTrees.rotate(new double[] {1, 0, 0}, new double[] {r3, r3, r3},
                2 * Math.PI / 3));
        // a general angle keeps the length and the component along the axis
        double[] v = {0.3, -1.2, 0.5};
        double[] k = VesselTrees.normalize(new double[] {1, 2, -2});
        double[] w = VesselTrees.rotate(v, k, 0.4);
        assertEquals(dot(v, v), dot(w, w), 1e-12);
        assertEquals(dot(v, k), dot(w, k), 1e-12);
        assertEquals(Math.cos(0.4), cosAround(v, w, k), 1e-12);
    }

    /** Cosine of the angle between the parts of a and b perpendicular to k. */
    private static double cosAround(double[] a, double[] b, double[] k) {
        double[] pa = minus(a, k, dot(a, k));
        double[] pb = minus(b, k, dot(b, k));
        return dot(pa, pb) / Math.sqrt(dot(pa, pa) * dot(pb, pb));
    }

    private static double[] minus(double[] a, double[] k, double f) {
        return new double[] {a[0] - f * k[0], a[1] - f * k[1], a[2] - f * k[2]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    @Test
    void unitAndPerpendicularVectors() {
        assertVector(new double[] {3 / 13.0, 4 / 13.0, 12 / 13.0}, VesselTrees.normalize(new double[] {3, 4, 12}));
        assertVector(new double[] {0, -1, 0}, VesselTrees.normalize(new double[] {0, -0.25, 0}));
        SplittableRandom r = new SplittableRandom(3);
        for (double[] d : new double[][] {{1, 0, 0}, {0, 0, 1}, VesselTrees.normalize(new double[] {2, -1, 5})}) {
            for (int i = 0; i < 20; i++) {
                double[] p = VesselTrees.perpendicular(r, d);
                assertEquals(1, dot(p, p), 1e-12);
                assertEquals(0, dot(p, d), 1e-12);
            }
        }
    }

    private static double lengthMm(Anatomy an, Segment s) {
        double dx = (s.x1() - s.x0()) * an.mmPerPx;
        double dy = (s.y1() - s.y0()) * an.mmPerPx;
        double dz = s.z1() - s.z0();
        return Math.sqrt(dx * dx + dy * dy + dz * dz);
    }

    @Test
    void everyVesselLiesInTheLungWithPlausibleRadiusAndLength() {
        for (Anatomy an : CHESTS) {
            // about 1,100 twigs per lung (one or two segments each) plus the branching trees
            assertTrue(an.vessels.size() >= 2 * 1100 && an.vessels.size() <= 2 * 2 * 1100 + 2 * 10 * 160,
                    "vessel segments: " + an.vessels.size());
            for (Segment s : an.vessels) {
                assertTrue(an.isLung(s.x0(), s.y0(), s.z0()) && an.isLung(s.x1(), s.y1(), s.z1()), s.toString());
                // the thinnest: a fork (0.75) of a twig at the pleura (0.35 x 0.75); the thickest: a trunk (2.6)
                assertTrue(s.radiusMm() >= 0.75 * 0.35 * 0.75 - 1e-9 && s.radiusMm() <= 2.6, s.toString());
                // a twig's fork is at least 1.5 mm; a trunk segment at most 30 mm
                assertTrue(lengthMm(an, s) >= 1.2 && lengthMm(an, s) <= 30 + 1e-9, lengthMm(an, s) + " mm: " + s);
            }
        }
    }

    @Test
    void childrenAreThinnerThanTheirParentAndTheTreesStopBelowAThirdOfAMillimetre() {
        for (Anatomy an : CHESTS) {
            // a child starts exactly where its parent ends; the trunks start where the hilar vessels end
            Map<List<Double>, List<Segment>> byStart = new HashMap<>();
            for (Segment s : an.vessels) {
                byStart.computeIfAbsent(List.of(s.x0(), s.y0(), s.z0()), k -> new ArrayList<>()).add(s);
            }
            int trunks = 0;
            int treeSegments = 0;
            double thinnest = Double.MAX_VALUE;
            for (Segment hilar : an.hilarVessels) {
                for (Segment trunk : byStart.getOrDefault(List.of(hilar.x1(), hilar.y1(), hilar.z1()), List.of())) {
                    trunks++;
                    // every segment of the trunk's tree, breadth-first
                    java.util.ArrayDeque<Segment> queue = new java.util.ArrayDeque<>(List.of(trunk));
                    int inTree = 0;
                    while (!queue.isEmpty()) {
                        Segment parent = queue.poll();
                        inTree++;
                        thinnest = Math.min(thinnest, parent.radiusMm());
                        List<Segment> children = byStart.getOrDefault(List.of(parent.x1(), parent.y1(), parent.z1()),
                                List.of());
                        assertTrue(children.size() <= 2, "a dichotomous tree: " + children.size() + " children");
                        if (!children.isEmpty()) {
                            assertTrue(parent.radiusMm() * 0.7 >= 0.35, "a branching parent of " + parent.radiusMm());
                        }
                        for (Segment child : children) {
                            double ratio = child.radiusMm() / parent.radiusMm();
                            assertTrue(ratio >= 0.68 - 1e-9 && ratio <= 0.88 + 1e-9, "child/parent radius " + ratio);
                            queue.add(child);
                        }
                    }
                    assertTrue(inTree <= 160, "segments of one trunk: " + inTree);
                    treeSegments += inTree;
                }
            }
            // five arterial and five venous trunks per side, when the vein root is found
            assertTrue(trunks >= 10 && trunks <= 20, "trunks: " + trunks);
            assertTrue(treeSegments >= 10 * 20, "tree segments: " + treeSegments);
            // trunks of 1.8-2.6 mm thin down to the last children of parents just above 0.5 mm
            assertTrue(thinnest >= 0.68 * 0.5 - 1e-9 && thinnest < 0.5, "thinnest tree segment: " + thinnest);
        }
    }

    @Test
    void vesselsThinFromTheHilumTowardThePleura() {
        for (Anatomy an : CHESTS) {
            // the pulmonary arteries run from the trunk to a hilum per side
            List<Segment> arteries = an.hilarVessels.stream().filter(s -> s.x0() == an.ptX && s.y0() == an.ptY
                    && s.z0() == an.ptZ).toList();
            assertEquals(2, arteries.size(), "one pulmonary artery per side");
            for (Segment a : arteries) {
                assertTrue(a.radiusMm() >= 8 && a.radiusMm() <= 10, a.toString());
                assertTrue(an.isLung(a.x1(), a.y1(), a.z1()), "the hilum is in the lung");
            }
            double near = 0;
            int nNear = 0;
            double far = 0;
            int nFar = 0;
            for (Segment s : an.vessels) {
                double d = Double.MAX_VALUE;
                for (Segment a : arteries) {
                    double dx = (s.x0() - a.x1()) * an.mmPerPx;
                    double dy = (s.y0() - a.y1()) * an.mmPerPx;
                    double dz = s.z0() - a.z1();
                    d = Math.min(d, Math.sqrt(dx * dx + dy * dy + dz * dz));
                }
                if (d < 40) {
                    near += s.radiusMm();
                    nNear++;
                } else if (d > 100) {
                    far += s.radiusMm();
                    nFar++;
                }
            }
            assertTrue(nNear > 50 && nFar > 50, nNear + " near, " + nFar + " far");
            assertTrue(near / nNear > 1.3 * (far / nFar), "mean radius near the hilum " + near / nNear + ", far "
                    + far / nFar);
        }
    }

    @Test
    void mainBronchiLeaveTheCarinaAndSmallerOnesFollowTheArteries() {
        for (Anatomy an : CHESTS) {
            List<Segment> main = an.bronchi.stream().filter(s -> s.x0() == an.tracheaX && s.y0() == an.tracheaCarinaY
                    && s.z0() == an.carinaZ).toList();
            assertEquals(2, main.size(), "two main bronchi");
            main.forEach(b -> assertTrue(b.radiusMm() >= 5.5 && b.radiusMm() <= 7, b.toString()));
            // one to each side of the midline
            assertTrue(main.stream().anyMatch(b -> b.x1() < an.mx) && main.stream().anyMatch(b -> b.x1() > an.mx));
            List<Segment> beside = an.bronchi.stream().filter(b -> !main.contains(b)).toList();
            assertTrue(beside.size() >= 4, "bronchi beside the first arterial generations: " + beside.size());
            for (Segment b : beside) {
                // 0.7 of an artery of more than 1.4 mm, at most 2.6 mm
                assertTrue(b.radiusMm() > 0.7 * 1.4 && b.radiusMm() <= 0.7 * 2.6 + 1e-9, b.toString());
                // parallel to an artery segment of 1/0.7 its radius, (radius + 2 mm) beside it
                assertTrue(an.vessels.stream().anyMatch(v -> Math.abs(v.radiusMm() * 0.7 - b.radiusMm()) < 1e-9
                        && Math.abs(v.z0() - b.z0()) < 1e-9 && Math.abs(v.z1() - b.z1()) < 1e-9
                        && Math.abs(Math.hypot(v.x0() - b.x0(), v.y0() - b.y0()) * an.mmPerPx - (v.radiusMm() + 2)) < 1e-6),
                        "no artery beside " + b);
            }
        }
    }
}
