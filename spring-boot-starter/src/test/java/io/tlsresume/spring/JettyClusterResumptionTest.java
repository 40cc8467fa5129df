package io.tlsresume.spring;

/** {@link ClusterResumptionTest} on embedded Jetty, key store from server.ssl.key-store. */
class JettyClusterResumptionTest extends ClusterResumptionTest {
    JettyClusterResumptionTest() {
        super(Apps.Server.JETTY);
    }
}
