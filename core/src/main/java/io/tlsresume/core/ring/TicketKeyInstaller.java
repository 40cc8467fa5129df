package io.tlsresume.core.ring;

import java.util.List;

/** Puts the ring into one TLS engine context. */
@FunctionalInterface
public interface TicketKeyInstaller {

    /**
     * Replaces the context's ticket keys.
     *
     * @param keys never empty; {@code keys.get(0)} encrypts new tickets, the others only decrypt
     *     (tickets they decrypt are renewed under the first)
     */
    void install(List<TicketKey> keys);
}
