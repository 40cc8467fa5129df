package io.tlsresume.testkit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The servlet of the Tomcat test and demo nodes: answers every GET with the {@link Echo} line
 * from the request attributes the tlsresume valve sets (the protocol being TLS's), followed by
 * {@code http=<HTTP version>}.
 */
public final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String nodeAttribute;
    private final String resumedAttribute;
    private final String protocolAttribute;

    /** Reads the node, resumed flag and TLS protocol from these request attributes. */
    public EchoServlet(String nodeAttribute, String resumedAttribute, String protocolAttribute) {
        this.nodeAttribute = nodeAttribute;
        this.resumedAttribute = resumedAttribute;
        this.protocolAttribute = protocolAttribute;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print(Echo.body(req.getAttribute(nodeAttribute),
                req.getAttribute(resumedAttribute), req.getAttribute(protocolAttribute),
                "http=" + req.getProtocol()));
    }
}
