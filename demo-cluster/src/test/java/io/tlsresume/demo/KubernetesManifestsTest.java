package io.tlsresume.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tlsresume.core.ClusterDiscovery;
import io.tlsresume.core.Setting;
import io.tlsresume.core.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * examples/kubernetes/ cannot be applied here (no cluster), so it is checked against what it
 * configures: every tlsresume setting the pods pass is a real setting with a valid value, the
 * headless Service's name and namespace form the serviceDns the pods look up, the ports,
 * selectors and probe agree, the balancer is plain TCP, the API-mode variant and its RBAC fit,
 * and the Dockerfile adds the archive the build produces.
 */
class KubernetesManifestsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path DIR = ROOT.resolve("examples/kubernetes");
    private static final Pattern SETTING = Pattern.compile("tlsresume\\.([\\w.]+)=(.*)");
    private static List<Map<String, Object>> resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        resources = new ArrayList<>();
        try (var files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted()
                    .toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(file))) {
                    if (doc != null) {
                        resources.add((Map<String, Object>) doc);
                    }
                }
            }
        }
    }

    @Test
    void everyResourceIsInTheExamplesNamespace() {
        String namespace = name(one("Namespace", null));
        for (Map<String, Object> r : resources) {
            if (!r.get("kind").equals("Namespace")) {
                assertEquals(namespace, map(r, "metadata").get("namespace"),
                        r.get("kind") + " " + name(r));
            }
        }
    }

    @Test
    void everyTlsresumeSettingIsARealSettingWithAValidValue() {
        Map<String, String> settings = settings(args());
        assertTrue(settings.size() >= 5, settings.toString());
        check(settings);
    }

    @Test
    void podsLookUpTheHeadlessServiceOfTheirOwnNamespace() {
        Map<String, Object> headless = headlessService();
        assertEquals("None", map(headless, "spec").get("clusterIP"));
        assertEquals(Boolean.TRUE, map(headless, "spec").get("publishNotReadyAddresses"),
                "pods become ready only after joining: they must be found before that");
        Map<String, String> settings = settings(args());
        assertEquals("kubernetes-dns", settings.get("cluster.discovery"));
        assertEquals(name(headless) + "." + map(headless, "metadata").get("namespace")
                + ".svc.cluster.local", settings.get("cluster.kubernetes.serviceDns"));
        assertEquals(name(headless), map(statefulSet(), "spec").get("serviceName"));
        assertEquals("auto", settings.get("cluster.interface"), "nobody knows the pod IP");
        assertEquals(String.valueOf(map(statefulSet(), "spec").get("replicas")),
                settings.get("cluster.expectedMembers"));
        assertEquals(Boolean.FALSE, podSpec().get("automountServiceAccountToken"),
                "DNS mode reads nothing from the API");
    }

    @Test
    void portsAgreeBetweenSettingsContainerServicesAndProbe() {
        Map<String, String> settings = settings(args());
        int clusterPort = Integer.parseInt(settings.getOrDefault("cluster.port",
                Setting.CLUSTER_PORT.defaultValue()));
        assertEquals(clusterPort, containerPort("hazelcast"));
        Map<String, Object> hz = port(headlessService());
        assertEquals(clusterPort, hz.get("port"));
        assertEquals(clusterPort, containerPort(String.valueOf(hz.get("targetPort"))));

        int tlsPort = Integer.parseInt(jettyArg("jetty.ssl.port"));
        assertEquals(tlsPort, containerPort("https"));
        Map<String, Object> balancer = port(balancerService());
        assertEquals("TCP", balancer.get("protocol"));
        assertEquals(tlsPort, containerPort(String.valueOf(balancer.get("targetPort"))));
        Map<String, Object> probe = map(map(container(), "readinessProbe"), "tcpSocket");
        assertEquals(tlsPort, containerPort(String.valueOf(probe.get("port"))),
                "the module opens the TLS port only once the ring is installed");
    }

    @Test
    void balancerIsPlainTcpOverTheSamePods() {
        Map<String, Object> balancer = balancerService();
        assertEquals(null, map(balancer, "metadata").get("annotations"),
                "no annotation that could make the cloud balancer terminate TLS");
        Map<String, Object> labels = map(map(map(statefulSet(), "spec"), "template"),
                "metadata");
        Map<String, Object> podLabels = map(labels, "labels");
        for (Map<String, Object> service : List.of(balancer, headlessService())) {
            assertEquals(podLabels, map(service, "spec").get("selector"), name(service));
        }
        assertEquals(podLabels, map(map(map(statefulSet(), "spec"), "selector"),
                "matchLabels"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void onlyThePodsReachTheMemberPort() {
        Map<String, Object> spec = map(one("NetworkPolicy", null), "spec");
        Map<String, Object> podLabels = map(map(map(map(statefulSet(), "spec"), "template"),
                "metadata"), "labels");
        assertEquals(podLabels, map(map(spec, "podSelector"), "matchLabels"));
        int clusterPort = containerPort("hazelcast");
        int tlsPort = containerPort("https");
        Map<Integer, Object> fromByPort = new LinkedHashMap<>();
        for (Map<String, Object> rule : list(spec, "ingress")) {
            for (Map<String, Object> port : (List<Map<String, Object>>) rule.get("ports")) {
                fromByPort.put((Integer) port.get("port"), rule.get("from"));
            }
        }
        assertEquals(Set.of(clusterPort, tlsPort), fromByPort.keySet());
        assertEquals(List.of(Map.of("podSelector", Map.of("matchLabels", podLabels))),
                fromByPort.get(clusterPort), "the member port from the tlsresume pods only");
        assertEquals(null, fromByPort.get(tlsPort), "the TLS port from anywhere");
    }

    @Test
    void operationsDocShowsExactlyTheSettingsTheStatefulSetPasses() throws IOException {
        // KubernetesDnsDiscoveryTest (multihost) runs these very arguments on network hosts.
        String page = Files.readString(ROOT.resolve("docs/operations.md"));
        String section = page.substring(page.indexOf("\n## Kubernetes\n"));
        int open = section.indexOf("```\n") + 4;
        List<String> shown = List.of(section.substring(open, section.indexOf("```", open))
                .strip().split("\n"));
        assertEquals(args().stream().filter(a -> SETTING.matcher(a).matches()).toList(), shown);
    }

    @Test
    void keyStoreComesFromTheMountedSecret() {
        String path = jettyArg("jetty.sslContext.keyStorePath");
        Map<String, Object> mount = list(container(), "volumeMounts").get(0);
        assertTrue(path.startsWith(mount.get("mountPath") + "/"), path);
        Map<String, Object> volume = list(podSpec(), "volumes").get(0);
        assertEquals(mount.get("name"), volume.get("name"));
        String secret = (String) map(volume, "secret").get("secretName");
        Map<String, Object> env = list(container(), "env").get(0);
        assertEquals("$(" + env.get("name") + ")", jettyArg("jetty.sslContext.keyStorePassword"));
        assertEquals(secret, map(map(env, "valueFrom"), "secretKeyRef").get("name"));
    }

    @Test
    void apiModeVariantIsValidAndItsServiceAccountMayReadEndpoints() throws IOException {
        List<String> args = new ArrayList<>(args());
        args.removeIf(a -> a.startsWith("tlsresume.cluster.discovery=")
                || a.startsWith("tlsresume.cluster.kubernetes."));
        Matcher m = Pattern.compile("#\\s+API mode: - (\\S+)").matcher(
                Files.readString(DIR.resolve("statefulset.yaml")));
        int variant = 0;
        while (m.find()) {
            args.add(m.group(1));
            variant++;
        }
        assertEquals(2, variant, "the API-mode lines of statefulset.yaml");
        Map<String, String> settings = settings(args);
        Settings api = check(settings);
        assertEquals(ClusterDiscovery.KUBERNETES_API, api.clusterDiscovery());
        assertEquals(name(headlessService()), api.kubernetesServiceName());

        Map<String, Object> account = one("ServiceAccount", null);
        Map<String, Object> binding = one("RoleBinding", null);
        Map<String, Object> role = one("Role", null);
        assertEquals(Map.of("kind", "ServiceAccount", "name", name(account), "namespace",
                map(account, "metadata").get("namespace")), list(binding, "subjects").get(0));
        assertEquals(name(role), map(binding, "roleRef").get("name"));
        Set<String> granted = new java.util.TreeSet<>();
        for (Map<String, Object> rule : list(role, "rules")) {
            assertTrue(((List<?>) rule.get("verbs")).containsAll(List.of("get", "list")), rule
                    .toString());
            for (Object resource : (List<?>) rule.get("resources")) {
                granted.add(((List<?>) rule.get("apiGroups")).get(0) + "/" + resource);
            }
        }
        assertTrue(granted.containsAll(Set.of("/endpoints", "/pods", "/services",
                "discovery.k8s.io/endpointslices")), granted.toString());
    }

    @Test
    void dockerfileAddsTheArchiveTheBuildProducesAndTheImageTagIsTheVersion()
            throws IOException {
        String dockerfile = Files.readString(DIR.resolve("Dockerfile"));
        assertTrue(dockerfile.contains("ADD --chown=jetty:jetty jetty-module/target/"
                + "tlsresume-jetty-${VERSION}-jetty-base.tar.gz /var/lib/jetty/"), dockerfile);
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>tlsresume-parent</artifactId>\\s*"
                + "<version>([^<]+)</version>").matcher(pom);
        assertTrue(version.find());
        assertTrue(dockerfile.contains("--build-arg VERSION=" + version.group(1)), dockerfile);
        assertTrue(String.valueOf(container().get("image")).endsWith(":" + version.group(1)));
        assertTrue(dockerfile.contains("java -jar " + container().get("command").toString()
                .replaceAll("^\\[java, -jar, (\\S+)\\]$", "$1")), dockerfile);
        assertTrue(Files.readString(ROOT.resolve("jetty-module/pom.xml"))
                .contains("<artifactId>tlsresume-jetty</artifactId>"));
    }

    /** Validates as a pod would, with cluster.interface=auto standing for the pod IP. */
    private static Settings check(Map<String, String> settings) {
        Settings.Builder builder = Settings.builder();
        settings.forEach((name, value) -> {
            assertTrue(Setting.byName(name).isPresent(), name + " is no tlsresume setting");
            builder.set(Setting.PREFIX + name, value);
        });
        // 'auto' is accepted above; what it picks depends on the host that runs this test.
        if ("auto".equals(settings.get("cluster.interface"))) {
            builder.set("cluster.interface", "10.244.0.7");
        }
        return builder.build();
    }

    /** The {@code tlsresume.*} settings among the arguments (the module's own jetty.* aside). */
    private static Map<String, String> settings(List<String> args) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String arg : args) {
            Matcher m = SETTING.matcher(arg);
            if (m.matches() && !m.group(1).startsWith("jetty.")) {
                settings.put(m.group(1), m.group(2));
            }
        }
        return settings;
    }

    private static String jettyArg(String name) {
        return args().stream().filter(a -> a.startsWith(name + "=")).findFirst()
                .map(a -> a.substring(name.length() + 1))
                .orElseThrow(() -> new AssertionError("no " + name + " argument"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> args() {
        return (List<String>) container().get("args");
    }

    private static int containerPort(String name) {
        for (Map<String, Object> port : list(container(), "ports")) {
            if (port.get("name").equals(name) || String.valueOf(port.get("containerPort"))
                    .equals(name)) {
                return (Integer) port.get("containerPort");
            }
        }
        throw new AssertionError("the container has no port " + name);
    }

    private static Map<String, Object> container() {
        List<Map<String, Object>> containers = list(podSpec(), "containers");
        assertEquals(1, containers.size());
        return containers.get(0);
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(statefulSet(), "spec"), "template"), "spec");
    }

    private static Map<String, Object> statefulSet() {
        return one("StatefulSet", null);
    }

    private static Map<String, Object> headlessService() {
        return one("Service", r -> "None".equals(map(r, "spec").get("clusterIP")));
    }

    private static Map<String, Object> balancerService() {
        return one("Service", r -> !"None".equals(map(r, "spec").get("clusterIP")));
    }

    private static Map<String, Object> port(Map<String, Object> service) {
        List<Map<String, Object>> ports = list(map(service, "spec"), "ports");
        assertEquals(1, ports.size(), name(service));
        return ports.get(0);
    }

    private static Map<String, Object> one(String kind,
            java.util.function.Predicate<Map<String, Object>> which) {
        List<Map<String, Object>> found = resources.stream()
                .filter(r -> kind.equals(r.get("kind")) && (which == null || which.test(r)))
                .toList();
        assertEquals(1, found.size(), "exactly one such " + kind);
        return found.get(0);
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, "no " + key + " in " + parent);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertNotNull(value, "no " + key);
        return (List<Map<String, Object>>) value;
    }
}
