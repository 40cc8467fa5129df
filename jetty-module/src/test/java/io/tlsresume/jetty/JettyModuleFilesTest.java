package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tlsresume.core.Setting;
import io.tlsresume.core.engine.EngineKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.TestCertificates;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The $JETTY_BASE module lists tlsresume's settings by hand (Jetty XML cannot enumerate
 * properties); this keeps it in step with {@link Setting}, the one place settings are defined:
 * every setting but the key ones (Jetty's own key store settings replace them) has an
 * {@code [ini]} default equal to core's and is passed on by the XML.
 */
class JettyModuleFilesTest {
    private static final Path MODULES = Path.of("src/main/config/modules");

    @Test
    void moduleIniDefaultsAreCoreDefaults() throws IOException {
        String mod = Files.readString(MODULES.resolve("tlsresume.mod"));
        String ini = mod.substring(mod.indexOf("\n[ini]\n"));
        Map<String, String> defaults = new TreeMap<>();
        Matcher m = Pattern.compile("^tlsresume\\.([\\w.]+)\\?=(.*)$", Pattern.MULTILINE)
                .matcher(ini);
        while (m.find()) {
            if (Setting.byName(m.group(1)).isPresent()) {
                defaults.put(m.group(1), m.group(2).trim());
            }
        }
        assertEquals(expected(Setting::defaultValue), defaults);
    }

    @Test
    void moduleXmlPassesEverySetting() throws IOException {
        String xml = Files.readString(MODULES.resolve("tlsresume/tlsresume-ssl-context.xml"));
        Map<String, String> passed = new TreeMap<>();
        Matcher m = Pattern.compile("<Call name=\"setSetting\"><Arg>([\\w.]+)</Arg><Arg>"
                + "<Property name=\"([\\w.]+)\" /></Arg></Call>").matcher(xml);
        while (m.find()) {
            passed.put(m.group(1), m.group(2));
        }
        // Passed under the property's own name, so an error names what the user wrote.
        assertEquals(expected(Setting::property).values().stream().collect(
                java.util.stream.Collectors.toMap(p -> p, p -> p, (a, b) -> a, TreeMap::new)),
                passed);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "tlsresume.rotationInterval, soon, tlsresume.rotationInterval",
        "tlsresume.cluster.port, 70000, tlsresume.cluster.port",
        "tlsresume.sealing.trust, ca, tlsresume.sealing.trustCa",
        "tlsresume.cluster.discovery, kubernetes-dns, tlsresume.cluster.kubernetes.serviceDns",
    })
    void moduleErrorsNameTheModuleProperty(String property, String value, String named)
            throws Exception {
        // The module passed short names (rotationInterval), which no start.d file holds.
        Server server = new Server();
        XmlConfiguration xml = new XmlConfiguration(ResourceFactory.of(server)
                .newResource(MODULES.resolve("tlsresume/tlsresume-ssl-context.xml")));
        xml.getIdMap().put("Server", server);
        xml.getIdMap().put("httpConfig", new HttpConfiguration());
        xml.getProperties().putAll(Map.of("jetty.base", Path.of(".").toAbsolutePath().toString(),
                "jetty.sslContext.keyStorePath", TestCertificates.get().keyStore().toString(),
                "jetty.sslContext.keyStorePassword", TestCertificates.PASSWORD,
                property, value));
        xml.configure(server);
        ResumingSslContextFactory factory = server.getBean(ResumingSslContextFactory.class);
        SettingsException e = assertThrows(SettingsException.class, factory::start);
        assertEquals(named, e.settingName(), e.getMessage());
        assertEquals(null, factory.getNode(), "no node started");
    }

    private static Map<String, String> expected(java.util.function.Function<Setting, String> f) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            // Key settings come from Jetty's own; Jetty runs engine=boringssl only.
            if (!ResumingSslContextFactory.KEY_SETTINGS.contains(s)
                    && s.engines().contains(EngineKind.BORINGSSL)) {
                expected.put(s.key(), f.apply(s));
            }
        }
        return new TreeMap<>(expected);
    }
}
