package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.AttributeTable.Status;
import io.tlsresume.testkit.ParityCheck;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

/**
 * Every TLS attribute of Jetty's {@code SslContextFactory.Server} is classified in
 * {@link JettyTlsAttributes} and documented with the same status in {@code docs/parity.md}: an
 * attribute a Jetty upgrade adds fails this test until someone decides what tlsresume does with
 * it, so none is ignored silently.
 */
class JettyParityTest {
    /** Lifecycle and bean plumbing of {@code ContainerLifeCycle}: no TLS behaviour. */
    static final Set<String> PLUMBING = Set.of("setEventListeners", "addEventListener",
            "setBeans", "addBean", "addManaged", "setStopTimeout");

    /** Adders that extend an attribute's list. */
    static final Map<String, String> RENAMES = Map.of(
            "addExcludeCipherSuites", "excludeCipherSuites",
            "addExcludeProtocols", "excludeProtocols");

    /**
     * Test classes the jetty part of issue 13 adds (client certificates, SNI entries, key
     * material); until they arrive each must be missing, after that each must exist.
     */
    static final Set<String> AWAITED = Set.of();

    @Test
    void everySetterIsClassifiedDocumentedAndTested() {
        Set<String> setters = ParityCheck.setterAttributes(SslContextFactory.Server.class,
                PLUMBING, RENAMES);
        assertTrue(setters.size() > 40, "only " + setters.size() + " setters found: " + setters);
        ParityCheck.check(JettyTlsAttributes.TABLE, setters, Set.of(),
                "## Jetty 12.1: SslContextFactory.Server", "io.tlsresume.jetty", AWAITED);
    }

    @Test
    void everyAwaitedTestIsNamedByAnAttribute() {
        assertTrue(ParityCheck.testsNamed(JettyTlsAttributes.TABLE).containsAll(AWAITED),
                AWAITED.toString());
    }

    @Test
    void modulePropertiesNameClassifiedAttributes() {
        for (String attribute : JettyTlsAttributes.MODULE_PROPERTIES.keySet()) {
            assertTrue(JettyTlsAttributes.TABLE.get(attribute).isPresent(), attribute);
            assertEquals(JettyTlsAttributes.MODULE_PROPERTIES.get(attribute),
                    ParityCheck.rows("## Jetty 12.1: SslContextFactory.Server").get(attribute)
                            .get(2).replace("`", ""), attribute + "'s module property");
        }
    }

    @Test
    void defaultFactoryPassesTheGuard() {
        // The comparison is with stock defaults: an untouched factory sets nothing refused.
        JettyTlsAttributes.refuseUnsupported(new SslContextFactory.Server());
        assertTrue(JettyTlsAttributes.TABLE.attributes().values().stream()
                .anyMatch(a -> a.status() == Status.REFUSED));
    }
}
