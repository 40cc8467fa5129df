package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.AttributeTable.Attribute;
import io.tlsresume.core.AttributeTable.Status;
import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.TestNodes;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each attribute {@link JettyTlsAttributes} refuses, set on an otherwise working embedded Jetty,
 * makes {@code Server.start()} fail with the attribute's name and the reason of
 * {@code docs/parity.md}.
 */
class JettyRefusedAttributesTest {

    /** A non-default value for every refused attribute, set as a user would. */
    static final Map<String, Consumer<SslContextFactory.Server>> SETTINGS = Map.ofEntries(
            Map.entry("sslContext", f -> f.setSslContext(defaultContext())),
            Map.entry("provider", f -> f.setProvider("SunJSSE")),
            Map.entry("protocol", f -> f.setProtocol("TLSv1.3")),
            Map.entry("secureRandomAlgorithm", f -> f.setSecureRandomAlgorithm("SHA1PRNG")),
            Map.entry("sessionCachingEnabled", f -> f.setSessionCachingEnabled(false)),
            Map.entry("sslSessionCacheSize", f -> f.setSslSessionCacheSize(100)),
            Map.entry("sslSessionTimeout", f -> f.setSslSessionTimeout(60)),
            Map.entry("renegotiationAllowed", f -> f.setRenegotiationAllowed(true)),
            Map.entry("trustAll", f -> f.setTrustAll(true)),
            Map.entry("endpointIdentificationAlgorithm",
                    f -> f.setEndpointIdentificationAlgorithm("HTTPS")));

    @Test
    void everyRefusedAttributeHasACase() {
        assertEquals(new TreeSet<>(refused().toList()), new TreeSet<>(SETTINGS.keySet()));
    }

    static Stream<String> refused() {
        return JettyTlsAttributes.TABLE.attributes().values().stream()
                .filter(a -> a.status() == Status.REFUSED).map(Attribute::name);
    }

    @ParameterizedTest
    @MethodSource("refused")
    void settingItFailsStartNamingIt(String attribute) {
        Attribute<?> row = JettyTlsAttributes.TABLE.get(attribute).orElseThrow();
        Throwable failure = assertThrows(Throwable.class, () -> JettyNode.start(
                new TestNodes(1), 0, f -> SETTINGS.get(attribute).accept(f)).close());
        SettingsException e = find(failure);
        assertNotNull(e, () -> "no SettingsException in " + failure);
        assertEquals(attribute, e.settingName(), e.getMessage());
        assertTrue(e.getMessage().startsWith("Invalid setting " + attribute + ": "
                + row.detail()), e.getMessage());
        String property = JettyTlsAttributes.MODULE_PROPERTIES.get(attribute);
        if (property != null) {
            assertTrue(e.getMessage().endsWith("(module property " + property + ")"),
                    e.getMessage());
        }
    }

    @Test
    void refusedAttributesSetTogetherNameTheFirstInTableOrder() {
        String first = refused().findFirst().orElseThrow();
        Throwable failure = assertThrows(Throwable.class, () -> JettyNode.start(
                new TestNodes(1), 0, f -> SETTINGS.values().forEach(s -> s.accept(f))).close());
        assertEquals(first, find(failure).settingName(), SETTINGS.keySet().stream()
                .collect(Collectors.joining(",")));
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SettingsException find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SettingsException e) {
                return e;
            }
        }
        return null;
    }
}
