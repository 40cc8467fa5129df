package io.tlsresume.spring;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code server.ssl.client-auth=need} with Boot's trust store: a client without a certificate
 * is refused, one with a certificate of the trusted CA is served and its session resumes.
 */
class ClientCertificateTest {

    @ParameterizedTest
    @EnumSource(Apps.Server.class)
    void requiredClientCertificateIsCheckedAndResumes(Apps.Server server) {
        TestPki pki = TestPki.create("boot-client-auth");
        TestPki.Issued client = pki.client("client", TestPki.KeyAlg.EC, "alice");
        Map<String, Object> properties = Apps.https(server);
        properties.put("server.ssl.client-auth", "need");
        properties.put("server.ssl.trust-store", pki.trustStoreP12().toString());
        properties.put("server.ssl.trust-store-password", TestPki.PASSWORD);
        properties.put("server.ssl.trust-store-type", "PKCS12");
        Apps.alone(properties, "ca");
        try (ConfigurableApplicationContext app = Apps.start(properties)) {
            int port = Apps.port(app);
            OpenSslClient.Result without = OpenSslClient.connect(port, "tls1_2", null, null);
            assertFalse(without.output().contains("node="), without.output());

            String[] cert = {"-cert", client.certPem().toString(), "-key",
                    client.keyPem(TestPki.KeyForm.PKCS8).toString()};
            Path session = OpenSslClient.sessionFile();
            OpenSslClient.Result first = OpenSslClient.connect(port, "tls1_2", null, session,
                    cert);
            assertFalse(first.reused(), first.output());
            assertTrue(first.output().contains("node=ca resumed=false"), first.output());
            OpenSslClient.Result again = OpenSslClient.connect(port, "tls1_2", session, null,
                    cert);
            assertTrue(again.reused(), again.output());
            assertTrue(again.output().contains("node=ca resumed=true"), again.output());
        }
    }
}
