package io.tlsresume.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tlsresume.core.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

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
        assertEquals(expected(Setting::property), passed);
    }

    private static Map<String, String> expected(java.util.function.Function<Setting, String> f) {
        Map<String, String> expected = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            // Key settings come from Jetty's own; engine=openssl ones do not apply to Jetty.
            if (!ResumingSslContextFactory.KEY_SETTINGS.contains(s) && !s.forOpenSslEngineOnly()) {
                expected.put(s.key(), f.apply(s));
            }
        }
        return new TreeMap<>(expected);
    }
}
