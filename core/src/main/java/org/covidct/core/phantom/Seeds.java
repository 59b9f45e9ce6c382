package org.covidct.core.phantom;

/** Derives independent seeds (SplitMix64 finaliser), so patient i is the same whatever the cohort size. */
final class Seeds {
    private Seeds() {
    }

    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
