package io.tlsresume.tomcat;

import io.tlsresume.core.engine.ObservedSslEngine;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSession;

/**
 * Finds the engine (and the node that made it) of a session: Tomcat's
 * {@code SSLImplementation.getSSLSupport} gets only the session.
 *
 * <p>Sessions are held weakly and compared by identity: Netty's session changes its
 * {@code hashCode} when BoringSSL assigns the session id, so a {@code WeakHashMap} loses it. The
 * engine is held weakly too (it holds its session), so a closed connection leaves nothing behind.
 */
final class SessionEngines {
    private final ReferenceQueue<SSLSession> collected = new ReferenceQueue<>();
    private final Map<Key, Connection> connections = new ConcurrentHashMap<>();

    /** A connection's engine and the id of the node serving it. */
    static final class Connection {
        private final WeakReference<ObservedSslEngine> engine;
        private final String nodeId;

        Connection(ObservedSslEngine engine, String nodeId) {
            this.engine = new WeakReference<>(engine);
            this.nodeId = nodeId;
        }

        /** Whether the handshake resumed a session; {@code null} until it completed. */
        Boolean resumed() {
            ObservedSslEngine e = engine.get();
            return e == null ? null : e.resumed();
        }

        String nodeId() {
            return nodeId;
        }
    }

    void register(ObservedSslEngine engine, String nodeId) {
        expunge();
        connections.put(new Key(engine.getSession(), collected), new Connection(engine, nodeId));
    }

    /** The connection of {@code session}, or {@code null} if no engine of ours made it. */
    Connection connectionOf(SSLSession session) {
        expunge();
        return connections.get(new Key(session, null));
    }

    /** Connections whose session has not been collected yet. */
    int size() {
        expunge();
        return connections.size();
    }

    private void expunge() {
        for (Reference<? extends SSLSession> ref; (ref = collected.poll()) != null; ) {
            connections.remove(ref);
        }
    }

    /** A weak, identity-compared session. */
    private static final class Key extends WeakReference<SSLSession> {
        private final int hash;

        Key(SSLSession session, ReferenceQueue<SSLSession> queue) {
            super(session, queue);
            this.hash = System.identityHashCode(session);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            SSLSession session = get();
            return other instanceof Key key && session != null && session == key.get();
        }
    }
}
