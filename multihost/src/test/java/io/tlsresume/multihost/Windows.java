package io.tlsresume.multihost;

import io.tlsresume.testkit.hosts.LoadFigures;

/** Figures of one phase of a scenario (the difference of two snapshots). */
final class Windows {
    private Windows() {
    }

    /**
     * The connections of a phase counted as the outcomes it saw: a snapshot's connection count
     * includes attempts still in flight, so the difference of two can be a few off its outcomes
     * (and a rate could read above 100 %).
     */
    static LoadFigures settled(LoadFigures phase) {
        return new LoadFigures(phase.resumed() + phase.full() + phase.failed() + phase.refused(),
                phase.resumed(), phase.full(), phase.failed(), phase.refused(),
                phase.firstHandshakes());
    }
}
