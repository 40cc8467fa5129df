package io.tlsresume.tomcat;

import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;
import org.apache.tomcat.util.net.jsse.JSSESupport;

/**
 * Tomcat's {@link JSSESupport} (cipher, protocol, certificates, session id: it works unchanged on
 * Netty's session) plus what tlsresume knows about the connection. Tomcat exposes it to valves as
 * the request attribute {@code jakarta.servlet.request.ssl_session_mgr}.
 */
public final class TlsResumeSupport extends JSSESupport {
    private final SessionEngines.Connection connection;
    private final String nodeId;

    TlsResumeSupport(SSLSession session, Map<String, List<String>> additionalAttributes,
            SessionEngines.Connection connection, String nodeId) {
        super(session, additionalAttributes);
        this.connection = connection;
        this.nodeId = nodeId;
    }

    /**
     * Whether this connection's handshake resumed a session (from a ticket of any node):
     * {@code null} if unknown (handshake not complete, or the engine is not tlsresume's).
     */
    public Boolean resumed() {
        return connection == null ? null : connection.resumed();
    }

    /** The id of the tlsresume node that served the handshake, or {@code null} if unknown. */
    public String nodeId() {
        return connection == null ? nodeId : connection.nodeId();
    }
}
