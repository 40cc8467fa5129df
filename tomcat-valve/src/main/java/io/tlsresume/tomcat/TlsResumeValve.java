package io.tlsresume.tomcat;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.tomcat.util.net.SSLSupport;

/**
 * Tells each request how its TLS connection was set up: request attributes
 * {@value #PROTOCOL_ATTR}, {@value #RESUMED_ATTR} ({@code Boolean}) and {@value #NODE_ATTR}, and,
 * with {@code diagnosticHeaders="true"}, the response headers {@value #NODE_HEADER},
 * {@value #RESUMED_HEADER} and {@value #PROTOCOL_HEADER}. Counts requests on resumed and on
 * fully handshaken connections. Requests not served by a tlsresume connector pass untouched.
 */
public final class TlsResumeValve extends ValveBase {
    /** Request attribute: the TLS protocol, e.g. {@code TLSv1.3}. */
    public static final String PROTOCOL_ATTR = "io.tlsresume.protocol";
    /** Request attribute: {@code Boolean.TRUE} if the connection resumed a session. */
    public static final String RESUMED_ATTR = "io.tlsresume.resumed";
    /** Request attribute: id of the node that did the handshake. */
    public static final String NODE_ATTR = "io.tlsresume.node";
    /** Diagnostic response header: node id. */
    public static final String NODE_HEADER = "X-TLS-Node";
    /** Diagnostic response header: {@code true} or {@code false}. */
    public static final String RESUMED_HEADER = "X-TLS-Resumed";
    /** Diagnostic response header: TLS protocol. */
    public static final String PROTOCOL_HEADER = "X-TLS-Protocol";

    private final LongAdder resumedRequests = new LongAdder();
    private final LongAdder fullHandshakeRequests = new LongAdder();
    private volatile boolean diagnosticHeaders;

    /** Created by Tomcat from {@code <Valve className="io.tlsresume.tomcat.TlsResumeValve"/>}. */
    public TlsResumeValve() {
        super(true);
    }

    /** Whether responses carry the {@code X-TLS-*} headers (default {@code false}). */
    public boolean getDiagnosticHeaders() {
        return diagnosticHeaders;
    }

    /** Adds the {@code X-TLS-*} response headers: for testing a balancer, not for production. */
    public void setDiagnosticHeaders(boolean diagnosticHeaders) {
        this.diagnosticHeaders = diagnosticHeaders;
    }

    /** Requests seen on connections that resumed a session. */
    public long getResumedRequests() {
        return resumedRequests.sum();
    }

    /** Requests seen on connections that did a full handshake. */
    public long getFullHandshakeRequests() {
        return fullHandshakeRequests.sum();
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        if (request.getAttribute(SSLSupport.SESSION_MGR) instanceof TlsResumeSupport support) {
            Boolean resumed = support.resumed();
            String protocol = support.getProtocol();
            String node = support.nodeId();
            request.setAttribute(PROTOCOL_ATTR, protocol);
            request.setAttribute(NODE_ATTR, node);
            if (resumed != null) {
                request.setAttribute(RESUMED_ATTR, resumed);
                (resumed ? resumedRequests : fullHandshakeRequests).increment();
            }
            if (diagnosticHeaders) {
                response.setHeader(NODE_HEADER, node);
                response.setHeader(RESUMED_HEADER, String.valueOf(resumed));
                response.setHeader(PROTOCOL_HEADER, protocol);
            }
        }
        getNext().invoke(request, response);
    }
}
