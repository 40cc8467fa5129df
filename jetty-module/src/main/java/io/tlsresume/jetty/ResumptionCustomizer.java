package io.tlsresume.jetty;

import io.tlsresume.core.engine.ObservedSslEngine;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * Tells handlers whether the request's TLS connection resumed a session and which node served
 * it: request attributes {@value #RESUMED_ATTRIBUTE} ({@code Boolean}) and
 * {@value #NODE_ATTRIBUTE} ({@code String}). With {@link #setDiagnosticHeaders(boolean)} it also
 * adds the response headers {@value #NODE_HEADER} and {@value #RESUMED_HEADER}, so a client can
 * see which node answered (off by default: it names the node to anyone).
 *
 * <p>Requests on connections not served by a {@link ResumingSslContextFactory} pass unchanged.
 */
public class ResumptionCustomizer implements HttpConfiguration.Customizer {
    /** Request attribute: {@code Boolean.TRUE} if this connection's handshake resumed a session. */
    public static final String RESUMED_ATTRIBUTE = "io.tlsresume.resumed";
    /** Request attribute: the id of the node that served the connection. */
    public static final String NODE_ATTRIBUTE = "io.tlsresume.node";
    /** Response header naming the node, when diagnostic headers are on. */
    public static final String NODE_HEADER = "X-TLS-Node";
    /** Response header {@code true}/{@code false}, when diagnostic headers are on. */
    public static final String RESUMED_HEADER = "X-TLS-Resumed";

    private boolean diagnosticHeaders;

    /** Whether to add {@value #NODE_HEADER} and {@value #RESUMED_HEADER} to responses. */
    public void setDiagnosticHeaders(boolean on) {
        this.diagnosticHeaders = on;
    }

    /** Whether diagnostic headers are added. */
    public boolean isDiagnosticHeaders() {
        return diagnosticHeaders;
    }

    @Override
    public Request customize(Request request, HttpFields.Mutable responseHeaders) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (!(endPoint instanceof SslConnection.SslEndPoint ssl)) {
            return request;
        }
        String nodeId = nodeId(request);
        if (nodeId != null) {
            request.setAttribute(NODE_ATTRIBUTE, nodeId);
            if (diagnosticHeaders) {
                responseHeaders.put(NODE_HEADER, nodeId);
            }
        }
        // Whether it resumed is known per connection on engine=boringssl only (so far).
        if (ssl.getSslConnection().getSSLEngine() instanceof ObservedSslEngine engine) {
            Boolean resumed = engine.resumed();
            request.setAttribute(RESUMED_ATTRIBUTE, resumed);
            if (diagnosticHeaders) {
                responseHeaders.put(RESUMED_HEADER, String.valueOf(resumed));
            }
        }
        return request;
    }

    private static String nodeId(Request request) {
        SslConnectionFactory ssl = request.getConnectionMetaData().getConnector()
                .getConnectionFactory(SslConnectionFactory.class);
        return ssl != null && ssl.getSslContextFactory() instanceof ResumingSslContextFactory f
                ? f.getNodeId() : null;
    }
}
