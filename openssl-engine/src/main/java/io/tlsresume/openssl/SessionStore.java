package io.tlsresume.openssl;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/**
 * Where sealed sessions are shared. Both methods must return at once: they are called on the
 * handshake thread, which waits on a lookup only up to {@code sessionStore.timeout} and never
 * waits on a write.
 */
interface SessionStore {

    /** Starts a lookup; completes with the entry, or {@code null} if there is none. */
    CompletionStage<byte[]> get(String id);

    /** Starts a write of an entry that expires after {@code timeToLive}. */
    CompletionStage<?> put(String id, byte[] entry, Duration timeToLive);
}
