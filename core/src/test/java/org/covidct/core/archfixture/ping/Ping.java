package org.covidct.core.archfixture.ping;

import org.covidct.core.archfixture.pong.Pong;

/** Half of a deliberate package cycle: ArchitectureTest shows its cycle rule rejects it. */
public final class Ping {
    private Ping() {
    }

    public static int hits(int n) {
        return n <= 0 ? 0 : 1 + Pong.hits(n - 1);
    }
}
