package io.tlsresume.openssl;

import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.TestPki;
import io.tlsresume.tomcat.EmbeddedTomcat;
import io.tlsresume.tomcat.TlsResumeConnector;
import io.tlsresume.tomcat.TlsResumeValve;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * Two embedded Tomcats on engine=openssl whose TLS configuration a test sets before they start,
 * each answering {@code GET /} with the {@link Echo} line plus {@code client=<subject>} of the
 * client certificate the servlet sees ({@code jakarta.servlet.request.X509Certificate}).
 */
final class ScopedNodes {
    static final String CERTIFICATE_ATTR = "jakarta.servlet.request.X509Certificate";

    private ScopedNodes() {
    }

    /**
     * Starts A, then B, each with {@code attributes} on its listener (engine=openssl and a
     * lenient {@code sessionStore.timeout} added) and
     * {@code configure(index, node)} applied before it starts.
     */
    static NodePair<EmbeddedTomcat> start(Map<String, String> attributes,
            BiConsumer<Integer, EmbeddedTomcat> configure) {
        return NodePair.start((nodes, index) -> {
            Map<String, String> all = new LinkedHashMap<>(nodes.properties(index));
            all.put("engine", "openssl");
            // These tests are about which scope a session resumes in, not about store latency:
            // a lookup slower than the 50 ms default on a busy machine would read as a scope
            // miss.
            all.put("sessionStore.timeout", "2s");
            all.putAll(attributes);
            EmbeddedTomcat node = new EmbeddedTomcat(all);
            try {
                Context context = (Context) node.tomcat.getHost().findChild("");
                // "" is the exact mapping of "/", so it wins over the echo servlet's "/*".
                Tomcat.addServlet(context, "client", new ClientServlet());
                context.addServletMappingDecoded("", "client");
                configure.accept(index, node);
                node.start();
                if (node.port() <= 0) {
                    throw new IllegalStateException("node " + index + "'s connector did not"
                            + " start (see the log)");
                }
                if (index == 1) {
                    node.awaitClusterSafe();
                }
                return node;
            } catch (RuntimeException | Error | InterruptedException e) {
                node.close();
                throw e;
            }
        });
    }

    /** Client certificates required, verified against {@code pki}'s CA only (trust store). */
    static void requireClientCertificates(SSLHostConfig host, TestPki pki) {
        host.setCertificateVerification("required");
        host.setTruststoreFile(pki.trustStoreP12().toString());
        host.setTruststorePassword(TestPki.PASSWORD);
        host.setTruststoreType("PKCS12");
    }

    /** A further {@code <SSLHostConfig hostName=...>} on {@code node} serving {@code server}. */
    static SSLHostConfig addHost(EmbeddedTomcat node, String hostName, TestPki.Issued server) {
        SSLHostConfig host = TlsResumeConnector.keyStoreHostConfig(server.p12().toString(),
                TestPki.PASSWORD);
        host.setHostName(hostName);
        node.connector.addSslHostConfig(host);
        return host;
    }

    /** s_client arguments presenting {@code client}'s certificate and key. */
    static String[] clientCertificate(TestPki.Issued client) {
        return new String[] {"-cert", client.certPem().toString(), "-key",
                client.keyPem(TestPki.KeyForm.PKCS8).toString()};
    }

    /** The echo line plus the client certificate's subject, or {@code client=none}. */
    private static final class ClientServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp)
                throws IOException {
            X509Certificate[] chain = (X509Certificate[]) req.getAttribute(CERTIFICATE_ATTR);
            String client = chain == null || chain.length == 0 ? "none"
                    : chain[0].getSubjectX500Principal().getName();
            resp.setContentType("text/plain");
            resp.getWriter().print(Echo.body(req.getAttribute(TlsResumeValve.NODE_ATTR),
                    req.getAttribute(TlsResumeValve.RESUMED_ATTR),
                    req.getAttribute(TlsResumeValve.PROTOCOL_ATTR), "client=" + client,
                    "chain=" + (chain == null ? 0 : chain.length)));
        }
    }
}
