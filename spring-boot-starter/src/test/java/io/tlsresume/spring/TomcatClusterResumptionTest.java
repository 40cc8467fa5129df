package io.tlsresume.spring;

/** {@link ClusterResumptionTest} on embedded Tomcat, key store from server.ssl.key-store. */
class TomcatClusterResumptionTest extends ClusterResumptionTest {
    TomcatClusterResumptionTest() {
        super(Apps.Server.TOMCAT);
    }
}
