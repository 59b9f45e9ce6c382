package org.covidct.core.archfixture.pong;

import org.covidct.core.archfixture.ping.Ping;

/** The other half of the deliberate package cycle of {@link Ping}. */
public final class Pong {
    private Pong() {
    }

    public static int hits(int n) {
        return n <= 0 ? 0 : 1 + Ping.hits(n - 1);
    }
}
