package io.tlsresume.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.KubernetesConfig;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.TestNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The discovery settings become Hazelcast's own Kubernetes join (and nothing else joins), and a
 * member in API mode without a service account fails naming {@code cluster.discovery}.
 */
class KubernetesJoinConfigTest {

    @Test
    void dnsDiscoveryLooksUpTheServiceAtTheClusterPort() {
        KubernetesConfig k8s = new KubernetesConfig();
        HazelcastInstances.kubernetes(Settings.builder().set("cluster.discovery", "kubernetes-dns")
                .set("cluster.kubernetes.serviceDns", "hz.shop.svc.cluster.local")
                .set("cluster.kubernetes.serviceDnsTimeout", "3s")
                .set("cluster.port", "5702").build(), k8s);
        assertEquals(Map.of("service-dns", "hz.shop.svc.cluster.local",
                "service-dns-timeout", "3", "service-port", "5702"), k8s.getProperties());
    }

    @Test
    void apiDiscoveryReadsTheServiceByNameOrLabel() {
        KubernetesConfig byName = new KubernetesConfig();
        HazelcastInstances.kubernetes(Settings.builder().set("cluster.discovery", "kubernetes-api")
                .set("cluster.kubernetes.serviceName", "hz")
                .set("cluster.kubernetes.namespace", "shop").build(), byName);
        assertEquals(Map.of("service-name", "hz", "namespace", "shop", "service-port", "5701"),
                byName.getProperties());
        KubernetesConfig byLabel = new KubernetesConfig();
        HazelcastInstances.kubernetes(Settings.builder().set("cluster.discovery", "kubernetes-api")
                .set("cluster.kubernetes.serviceLabel", "app.kubernetes.io/name=shop").build(),
                byLabel);
        assertEquals(Map.of("service-label-name", "app.kubernetes.io/name",
                "service-label-value", "shop", "service-port", "5701"), byLabel.getProperties());
    }

    @Test
    void apiDiscoveryOutsideAPodNamesTheDiscoverySetting() {
        // The test would pass for the wrong reason inside a pod: there the files exist.
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(
                Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token")),
                "runs inside a Kubernetes pod");
        TestNodes nodes = new TestNodes(1);
        SettingsException e = assertThrows(SettingsException.class, () -> ResumptionNode.start(
                nodes.settings(0, b -> b.set("cluster.members", "")
                        .set("tlsresume.cluster.discovery", "kubernetes-api")
                        .set("cluster.kubernetes.serviceName", "hz"))));
        assertEquals("tlsresume.cluster.discovery", e.settingName(), e.getMessage());
        assertTrue(e.getMessage().contains("/var/run/secrets/kubernetes.io/serviceaccount"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Hazelcast said: "), e.getMessage());
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }
}
