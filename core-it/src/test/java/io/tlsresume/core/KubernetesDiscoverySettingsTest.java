package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Kubernetes discovery settings: each applies to one discovery, a missing one is named, and
 * {@code cluster.interface=auto} chooses the one address a pod has or says why it cannot.
 */
class KubernetesDiscoverySettingsTest {

    private static final String DNS = "tlsresume-hz.shop.svc.cluster.local";

    @Test
    void dnsDiscoveryNeedsOnlyTheServiceName() {
        Settings s = Settings.builder().set("cluster.discovery", "kubernetes-dns")
                .set("cluster.kubernetes.serviceDns", DNS).build();
        assertEquals(ClusterDiscovery.KUBERNETES_DNS, s.clusterDiscovery());
        assertEquals(DNS, s.kubernetesServiceDns());
        assertEquals(Duration.ofSeconds(5), s.kubernetesServiceDnsTimeout());
        assertEquals(2, s.expectedMembers(), "nobody lists the pods: at least one peer");
        assertTrue(s.toString().contains("discovery=kubernetes-dns " + DNS), s.toString());
    }

    @Test
    void apiDiscoveryByServiceNameOrLabel() {
        Settings byName = Settings.builder().set("cluster.discovery", "kubernetes-api")
                .set("cluster.kubernetes.serviceName", "tlsresume-hz")
                .set("cluster.kubernetes.namespace", "shop")
                .set("cluster.expectedMembers", "3").build();
        assertEquals("tlsresume-hz", byName.kubernetesServiceName());
        assertEquals("shop", byName.kubernetesNamespace());
        assertEquals(3, byName.expectedMembers());
        assertTrue(byName.toString().contains("discovery=kubernetes-api service tlsresume-hz in"
                + " shop"), byName.toString());
        Settings byLabel = Settings.builder().set("cluster.discovery", "kubernetes-api")
                .set("cluster.kubernetes.serviceLabel", "app.kubernetes.io/name=tlsresume")
                .build();
        assertEquals("app.kubernetes.io/name=tlsresume", byLabel.kubernetesServiceLabel());
        assertEquals("", byLabel.kubernetesNamespace(), "empty: the pod's own namespace");
        assertTrue(byLabel.toString().contains("discovery=kubernetes-api label"
                + " app.kubernetes.io/name=tlsresume,"), byLabel.toString());
    }

    @Test
    void defaultDiscoveryIsTheMemberList() {
        Settings s = Settings.builder().set("cluster.members", "10.0.0.1:5701,10.0.0.2:5701")
                .build();
        assertEquals(ClusterDiscovery.MEMBERS, s.clusterDiscovery());
        assertEquals(3, s.expectedMembers(), "two listed peers plus this node");
    }

    /**
     * Each row: settings (name=value;...), the setting the error names, words of the reason.
     * Settings the row does not write are named by their key, as Tomcat's attributes are.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "cluster.discovery=kubernetes|cluster.discovery|members, kubernetes-dns or kubernetes-api",
        "cluster.discovery=kubernetes-dns|cluster.kubernetes.serviceDns|must be set",
        "cluster.discovery=kubernetes-dns;cluster.kubernetes.serviceDns=" + DNS
                + ";cluster.members=10.0.0.1:5701|cluster.members|remove one of the two",
        "cluster.discovery=kubernetes-dns;cluster.kubernetes.serviceDns=" + DNS
                + ";cluster.kubernetes.serviceName=hz|cluster.kubernetes.serviceName"
                + "|kubernetes-api discovery only",
        "cluster.discovery=kubernetes-dns;cluster.kubernetes.serviceDns=" + DNS
                + ";cluster.mode=client|cluster.discovery|needs cluster.mode=member",
        "cluster.discovery=kubernetes-api|cluster.kubernetes.serviceName"
                + "|must be set with cluster.discovery=kubernetes-api",
        "cluster.discovery=kubernetes-api;cluster.kubernetes.serviceName=hz"
                + ";cluster.kubernetes.serviceLabel=app=hz|cluster.kubernetes.serviceLabel"
                + "|not both",
        "cluster.discovery=kubernetes-api;cluster.kubernetes.serviceName=hz"
                + ";cluster.kubernetes.serviceDns=" + DNS + "|cluster.kubernetes.serviceDns"
                + "|kubernetes-dns discovery only",
        "cluster.kubernetes.serviceDns=" + DNS + "|cluster.kubernetes.serviceDns"
                + "|(cluster.discovery=members)",
        "cluster.kubernetes.serviceDnsTimeout=10s|cluster.kubernetes.serviceDnsTimeout"
                + "|kubernetes-dns discovery only",
        "cluster.kubernetes.namespace=shop|cluster.kubernetes.namespace"
                + "|kubernetes-api discovery only",
        "cluster.expectedMembers=3|cluster.expectedMembers|follows from cluster.members",
        "cluster.kubernetes.serviceDns=not_a name|cluster.kubernetes.serviceDns|not a DNS name",
        "cluster.kubernetes.serviceDnsTimeout=1500ms|cluster.kubernetes.serviceDnsTimeout"
                + "|whole seconds",
        "cluster.kubernetes.serviceName=Shop_HZ|cluster.kubernetes.serviceName"
                + "|not a Kubernetes object name",
        "cluster.kubernetes.serviceLabel=tlsresume|cluster.kubernetes.serviceLabel|name=value",
        "cluster.expectedMembers=-1|cluster.expectedMembers|at least 1",
        "cluster.expectedMembers=many|cluster.expectedMembers|not a number of members",
    })
    void wrongCombinationNamesTheSetting(String settings, String named, String reason) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : settings.split(";")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        SettingsException e = assertThrows(SettingsException.class,
                () -> Settings.builder().names(key -> key).setAll(values).build());
        assertEquals(named, e.settingName(), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void autoInterfaceIsTheOnlyAddressBesidesLoopback() throws Exception {
        AutomaticInterface.Choice choice = AutomaticInterface.choose(List.of(
                candidate("lo", "127.0.0.1"), candidate("lo", "::1"),
                candidate("eth0", "fe80::1"), candidate("eth0", "10.244.1.7"),
                candidate("eth0", "fd00::7")));
        assertEquals("10.244.1.7", choice.address(), "IPv4 first, link-local never");
        assertTrue(choice.reason().contains("eth0"), choice.reason());
    }

    @Test
    void autoInterfacePrefersTheOnlyPrivateAddress() throws Exception {
        assertEquals("192.168.1.5", AutomaticInterface.choose(List.of(
                candidate("eth0", "192.168.1.5"), candidate("eth1", "203.0.113.9")))
                .address());
        assertEquals("fd00:0:0:0:0:0:0:7", AutomaticInterface.choose(List.of(
                candidate("lo", "127.0.0.1"), candidate("eth0", "fd00::7"))).address(),
                "an IPv6-only pod");
    }

    @Test
    void autoInterfaceRefusesToGuessAmongSeveral() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AutomaticInterface.choose(List.of(candidate("eth0", "10.0.0.5"),
                        candidate("docker0", "172.17.0.1"))));
        assertTrue(e.getMessage().contains("eth0 10.0.0.5, docker0 172.17.0.1"), e.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> AutomaticInterface.choose(List.of(candidate("lo", "127.0.0.1"))));
        assertTrue(none.getMessage().contains("no address"), none.getMessage());
    }

    @Test
    void autoInterfaceOfThisHostIsAnAddressOfThisHostOrNamesTheSetting() {
        try {
            Settings s = Settings.builder().set("tlsresume.cluster.interface", "auto").build();
            assertTrue(s.clusterInterfaceChoice().isPresent());
            assertTrue(s.clusterInterfaceChoice().get().startsWith(s.clusterInterface()),
                    s.clusterInterfaceChoice().get());
            assertTrue(s.nodeId().endsWith("@" + s.clusterInterface() + ":5701")
                    || s.clusterInterface().contains(":"), s.nodeId());
        } catch (SettingsException e) {
            // This machine may have several addresses: then the error names the setting.
            assertEquals("tlsresume.cluster.interface", e.settingName());
            assertTrue(e.getMessage().contains("'auto'"), e.getMessage());
        }
    }

    private static AutomaticInterface.Candidate candidate(String nic, String address)
            throws Exception {
        return new AutomaticInterface.Candidate(nic, InetAddress.getByName(address));
    }
}
