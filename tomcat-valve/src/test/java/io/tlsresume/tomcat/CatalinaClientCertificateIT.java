package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TempFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real Tomcat 11 distribution with the client-certificate {@code <Connector>} of
 * docs/tomcat.md (PEM key with {@code certificateChainFile}, {@code certificateVerification=
 * "required"}, {@code truststoreFile}) on two nodes: a session made with a client certificate on
 * A resumes on B, where a JSP sees the certificate; no certificate fails on both nodes.
 */
class CatalinaClientCertificateIT {

    @Test
    void clientCertificateSessionResumesOnOtherNodeOfTheDistribution() throws Exception {
        try (CatalinaPair pair = new CatalinaPair("tomcat.md",
                "### server.xml with client certificates", files())) {
            String[] alice = TestHosts.clientCertificateArgs(TestHosts.ALICE)
                    .toArray(String[]::new);
            for (String protocol : List.of("tls1_2", "tls1_3")) {
                OpenSslClient.Result onB = pair.assertSessionFromAResumesOnB(protocol, alice)
                        .onB();
                assertTrue(onB.output().contains("X-TLS-Resumed: true"), onB.output());
                assertTrue(onB.output().contains("client=CN=alice"), onB.output());
            }
            for (CatalinaProcess node : List.of(pair.a, pair.b)) {
                String out = TomcatClientCertificateTest.connectRefused(node.port(), "tls1_3",
                        List.of());
                assertFalse(out.contains("hello from tomcat"), out);
            }
            pair.assertBothStop();
        }
    }

    /** The files that Connector names, and a JSP answering at / with the client's subject. */
    private static Map<String, Path> files() throws IOException {
        Path dir = TempFiles.directory("tlsresume-catalina-client");
        Path webXml = dir.resolve("web.xml");
        Files.writeString(webXml, """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <servlet><servlet-name>whoami</servlet-name><jsp-file>/whoami.jsp</jsp-file></servlet>
                  <servlet-mapping><servlet-name>whoami</servlet-name><url-pattern></url-pattern></servlet-mapping>
                </web-app>
                """);
        Path jsp = dir.resolve("whoami.jsp");
        Files.writeString(jsp, """
                <%@ page contentType="text/plain" %><%
                java.security.cert.X509Certificate[] chain = (java.security.cert.X509Certificate[])
                        request.getAttribute("jakarta.servlet.request.X509Certificate");
                %>hello from tomcat client=<%= chain == null ? "none"
                        : chain[0].getSubjectX500Principal().getName() %>
                """);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("conf/server.pem", TestHosts.SERVER_EC.certPem());
        files.put("conf/server.key", TestHosts.SERVER_EC.keyPem(
                io.tlsresume.testkit.TestPki.KeyForm.TRADITIONAL));
        files.put("conf/ca.pem", TestHosts.CA.caPem());
        files.put("conf/clients-ca.p12", TestHosts.CA.trustStoreP12());
        files.put("webapps/ROOT/WEB-INF/web.xml", webXml);
        files.put("webapps/ROOT/whoami.jsp", jsp);
        return files;
    }
}
