package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.Setting;
import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.TestCertificates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each of Jetty's key store settings that is wrong fails naming that setting as the user wrote
 * it in Jetty (not core's name for it), with core's description of the problem.
 */
class JettyKeySourceTest {

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "keyStorePassword, Typo-3141, KEY_STORE_PASSWORD",
        "certAlias, no-such-alias, KEY_ALIAS",
        "keyManagerPassword, Typo-3141, KEY_PASSWORD",
        "keyStoreType, NO-SUCH-TYPE, KEY_STORE_TYPE",
        "keyStorePath, deleted after start-up read it, KEY_STORE_PATH",
    })
    void wrongKeySettingIsNamedAsJettyCallsIt(String jettyName, String value, Setting checked)
            throws Exception {
        SettingsException e = failure(factory -> set(factory, jettyName, value));

        assertEquals(jettyName, e.settingName(), e.getMessage());
        SettingsException core = assertInstanceOf(SettingsException.class, e.getCause());
        assertEquals(checked, Setting.byName(core.settingName()).orElseThrow(),
                "the loader named the setting it checked");
        assertEquals(core.problem(), e.problem());
        assertEquals("Invalid setting " + jettyName + ": " + core.problem(), e.getMessage());
        assertFalse(e.getMessage().contains("Typo-3141"), "no password in messages");
    }

    @Test
    void missingKeyStorePathIsNamed() {
        SettingsException e = failure(factory -> factory.setKeyStoreResource(null));
        assertEquals("keyStorePath", e.settingName(), e.getMessage());
        assertTrue(e.problem().contains("jetty.sslContext.keyStorePath"), e.problem());
    }

    @Test
    void emptyKeyStorePasswordIsNamed() {
        SettingsException e = failure(factory -> factory.setKeyStorePassword(""));
        assertEquals("keyStorePassword", e.settingName(), e.getMessage());
    }

    @Test
    void rightSettingsLoadTheKey() throws Exception {
        SslContextFactory.Server factory = factory();
        assertEquals(TestCertificates.get().keySource().certificateChain(),
                JettyKeySource.of(factory).certificateChain());
    }

    @Test
    void keyStoreProviderLoadsTheKeyStore() {
        SslContextFactory.Server factory = factory();
        factory.setKeyStoreProvider("SUN");
        assertEquals(TestCertificates.get().keySource().certificateChain(),
                JettyKeySource.of(factory).certificateChain());
    }

    @Test
    void unknownKeyStoreProviderIsNamed() {
        SettingsException e = failure(factory -> factory.setKeyStoreProvider("NoSuchProvider"));
        assertEquals("keyStoreProvider", e.settingName(), e.getMessage());
    }

    private static Path copyOfTheKeyStore() {
        try {
            Path dir = Files.createTempDirectory("tlsresume-jetty-keys");
            return Files.copy(TestCertificates.get().keyStore(), dir.resolve("keystore.p12"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
            Files.delete(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SettingsException failure(Consumer<SslContextFactory.Server> change) {
        SslContextFactory.Server factory = factory();
        change.accept(factory);
        return assertThrows(SettingsException.class, () -> JettyKeySource.of(factory));
    }

    private static SslContextFactory.Server factory() {
        SslContextFactory.Server factory = new SslContextFactory.Server();
        factory.setKeyStorePath(TestCertificates.get().keyStore().toString());
        factory.setKeyStorePassword(TestCertificates.PASSWORD);
        return factory;
    }

    private static void set(SslContextFactory.Server factory, String name, String value) {
        switch (name) {
            case "keyStorePassword" -> factory.setKeyStorePassword(value);
            case "certAlias" -> factory.setCertAlias(value);
            case "keyManagerPassword" -> factory.setKeyManagerPassword(value);
            case "keyStoreType" -> factory.setKeyStoreType(value);
            case "keyStorePath" -> {
                // Jetty checks the path when it is set; the file can still go before start.
                Path copy = copyOfTheKeyStore();
                factory.setKeyStorePath(copy.toString());
                delete(copy);
            }
            default -> throw new IllegalArgumentException(name);
        }
    }
}
