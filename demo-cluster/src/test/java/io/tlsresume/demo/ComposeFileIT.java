package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.core.Settings;
import io.tlsresume.testkit.HaproxyBalancer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.yaml.snakeyaml.Yaml;

/**
 * Docker cannot run here, so the top-level docker-compose.yml is checked without it, after
 * {@code package} built the jars it mounts: the YAML parses, every mounted file exists, HAProxy
 * accepts its config ({@code haproxy -c}) and balances over exactly the nodes, and every node's
 * settings are accepted by tlsresume's own validation and describe one cluster.
 */
class ComposeFileIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws Exception {
        Map<String, Object> compose = new Yaml().load(
                Files.readString(ROOT.resolve("docker-compose.yml")));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void definesTheBalancerThreeNodesAndTheChecker() {
        assertEquals(new TreeSet<>(List.of("haproxy", "jetty-1", "jetty-2", "tomcat-1",
                "checker")), new TreeSet<>(services.keySet()));
    }

    @Test
    void everyMountedFileExists() {
        for (var service : services.entrySet()) {
            assertTrue(!volumes(service.getValue()).isEmpty()
                   , service.getKey() + " mounts nothing");
            for (String volume : volumes(service.getValue())) {
                String host = volume.substring(0, volume.indexOf(':'));
                Path path = ROOT.resolve(host).normalize();
                assertTrue(Files.exists(path), service.getKey() + " mounts " + host
                        + ", which does not exist (run mvn package first)");
            }
        }
    }

    @Test
    void haproxyAcceptsItsConfigAndBalancesOverTheNodes() throws Exception {
        Path config = ROOT.resolve("docker/haproxy.cfg");
        String text = Files.readString(config);
        assertTrue(text.contains("mode tcp") && text.contains("balance roundrobin"), text);
        List<String> servers = new ArrayList<>();
        Matcher m = Pattern.compile("server \\S+ (\\S+):8443").matcher(text);
        while (m.find()) {
            servers.add(m.group(1));
        }
        assertEquals(List.of(ip("jetty-1"), ip("jetty-2"), ip("tomcat-1")), servers);

        assumeTrue(HaproxyBalancer.available() || System.getenv("CI") != null,
                "haproxy is not installed (Debian: apt-get install haproxy)");
        Process check = new ProcessBuilder("haproxy", "-c", "-f", config.toString())
                .redirectErrorStream(true).start();
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
    }

    @Test
    void jettyNodeSettingsAreAcceptedAndDescribeOneCluster() {
        String members = null;
        for (String name : List.of("jetty-1", "jetty-2")) {
            Map<String, String> settings = jettyProperties(command(services.get(name)));
            assertEquals(name, settings.get("nodeId"));
            assertEquals(ip(name), settings.get("cluster.interface"));
            Settings validated = Settings.builder().setAll(settings).build();
            assertTrue(validated.clusterMembers().contains(ip(name) + ":5701"));
            members = check(members, settings.get("cluster.members"));
        }
        assertEquals(members, tomcatListener().get("cluster.members"));
    }

    @Test
    void tomcatNodeSettingsAreAcceptedAndItsServerXmlIsMounted() {
        Map<String, String> attributes = tomcatListener();
        assertEquals(ip("tomcat-1"), attributes.get("cluster.interface"));
        Settings validated = Settings.builder().setAll(attributes).build();
        assertEquals("tlsresume-compose", validated.clusterName());
        assertTrue(volumes(services.get("tomcat-1")).stream()
                .anyMatch(v -> v.startsWith("./docker/tomcat/server.xml:")));
    }

    @Test
    void checkerOptionsAreValid() {
        String command = command(services.get("checker"));
        String args = command.substring(command.indexOf("Checker ") + "Checker ".length());
        CheckerOptions options = CheckerOptions.parse(List.of(args.trim().split("\\s+")));
        assertEquals(ip("haproxy"), options.host());
        assertEquals(0.99, options.minRate());
    }

    private static String check(String previous, String current) {
        if (previous != null) {
            assertEquals(previous, current, "every node lists the same members");
        }
        return current;
    }

    /** {@code tlsresume.*} properties of a Jetty command, minus the Jetty-only ones. */
    private static Map<String, String> jettyProperties(String command) {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = Pattern.compile("tlsresume\\.(\\S+?)=(\\S*)").matcher(command);
        while (m.find()) {
            if (!m.group(1).startsWith("jetty.")) {
                settings.put(m.group(1), m.group(2));
            }
        }
        return settings;
    }

    private static Map<String, String> tomcatListener() {
        try {
            var document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(ROOT.resolve("docker/tomcat/server.xml").toFile());
            var listeners = document.getElementsByTagName("Listener");
            Map<String, String> attributes = new LinkedHashMap<>();
            for (int i = 0; i < listeners.getLength(); i++) {
                Element listener = (Element) listeners.item(i);
                if (listener.getAttribute("className").equals(
                        "io.tlsresume.tomcat.TlsResumeListener")) {
                    var all = listener.getAttributes();
                    for (int a = 0; a < all.getLength(); a++) {
                        if (!all.item(a).getNodeName().equals("className")) {
                            attributes.put(all.item(a).getNodeName(),
                                    all.item(a).getNodeValue());
                        }
                    }
                }
            }
            assertTrue(!attributes.isEmpty(), "no TlsResumeListener in docker/tomcat/server.xml");
            return attributes;
        } catch (Exception e) {
            throw new AssertionError("docker/tomcat/server.xml does not parse", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static String ip(String service) {
        Map<String, Object> networks = (Map<String, Object>) services.get(service)
                .get("networks");
        return (String) ((Map<String, Object>) networks.get("cluster")).get("ipv4_address");
    }

    @SuppressWarnings("unchecked")
    private static List<String> volumes(Map<String, Object> service) {
        Object volumes = service.get("volumes");
        return volumes == null ? List.of() : (List<String>) volumes;
    }

    private static String command(Map<String, Object> service) {
        Object command = service.get("command");
        return command instanceof List<?> list
                ? String.join(" ", list.stream().map(String::valueOf).toList())
                : String.valueOf(command);
    }
}
