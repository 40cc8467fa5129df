package io.tlsresume.spring;

import java.util.Map;

/**
 * {@link ClusterResumptionTest} on embedded Jetty, the certificate from a PEM SSL bundle
 * ({@code server.ssl.bundle}); the Tomcat twin uses {@code server.ssl.key-store}.
 */
class JettyClusterResumptionTest extends ClusterResumptionTest {
    JettyClusterResumptionTest() {
        super(Apps.Server.JETTY);
    }

    @Override
    Map<String, Object> httpsProperties() {
        return PemBundle.properties(Apps.base(Apps.Server.JETTY));
    }
}
