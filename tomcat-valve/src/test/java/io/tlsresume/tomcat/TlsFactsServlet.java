package io.tlsresume.tomcat;

import io.tlsresume.testkit.Echo;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;

/**
 * The embedded test nodes' servlet: the {@link Echo} line from the valve's request attributes,
 * then {@code http=<HTTP version>} and {@code client=<subject>} of the client certificate Tomcat
 * hands the application ({@code jakarta.servlet.request.X509Certificate}), or {@code client=none}.
 */
public final class TlsFactsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The request attribute the Servlet spec puts the client's chain in. */
    static final String CLIENT_CHAIN = "jakarta.servlet.request.X509Certificate";

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().print(Echo.body(req.getAttribute(TlsResumeValve.NODE_ATTR),
                req.getAttribute(TlsResumeValve.RESUMED_ATTR),
                req.getAttribute(TlsResumeValve.PROTOCOL_ATTR), "http=" + req.getProtocol(),
                "client=" + subject(req.getAttribute(CLIENT_CHAIN))));
    }

    private static String subject(Object chain) {
        if (chain instanceof X509Certificate[] certificates && certificates.length > 0) {
            return certificates[0].getSubjectX500Principal().getName().replace(' ', '_');
        }
        return "none";
    }
}
