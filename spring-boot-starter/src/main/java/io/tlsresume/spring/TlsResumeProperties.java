package io.tlsresume.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code tlsresume.*} properties. Each one is a tlsresume setting
 * ({@link io.tlsresume.core.Setting}) under Spring Boot's naming: {@code rotationInterval} is
 * {@code tlsresume.rotation-interval}, {@code cluster.members} a list
 * ({@code tlsresume.cluster.members[0]=10.0.0.11:5701} or comma-separated). A property left unset
 * keeps the setting's default. The server key is never set here: it is the one Spring Boot
 * serves ({@code server.ssl.*} or an SSL bundle).
 *
 * <p>Descriptions and defaults in the IDE metadata come from {@code Setting} (the build writes
 * them into {@code additional-spring-configuration-metadata.json}), so they are documented once.
 * Unknown {@code tlsresume.*} properties fail the start.
 */
@ConfigurationProperties(prefix = "tlsresume", ignoreUnknownFields = false)
public class TlsResumeProperties {
    /**
     * Whether the application's HTTPS connectors serve through tlsresume. With false the
     * application is served exactly as Spring Boot alone configures it.
     */
    private boolean enabled = true;
    private String nodeId;
    private String engine;
    private Duration rotationInterval;
    private Duration ticketLifetime;
    private final Cluster cluster = new Cluster();
    private final Sealing sealing = new Sealing();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getNodeId() {
        return nodeId;
    }

    public void setNodeId(String nodeId) {
        this.nodeId = nodeId;
    }

    public String getEngine() {
        return engine;
    }

    public void setEngine(String engine) {
        this.engine = engine;
    }

    public Duration getRotationInterval() {
        return rotationInterval;
    }

    public void setRotationInterval(Duration rotationInterval) {
        this.rotationInterval = rotationInterval;
    }

    public Duration getTicketLifetime() {
        return ticketLifetime;
    }

    public void setTicketLifetime(Duration ticketLifetime) {
        this.ticketLifetime = ticketLifetime;
    }

    public Cluster getCluster() {
        return cluster;
    }

    public Sealing getSealing() {
        return sealing;
    }

    /** {@code tlsresume.cluster.*}: how this node shares its ring. */
    public static class Cluster {
        private String mode;
        private String name;
        private List<String> members = new ArrayList<>();
        private String discovery;
        private final Kubernetes kubernetes = new Kubernetes();
        private Integer expectedMembers;
        private String interfaceAddress;
        private Integer port;
        private String config;
        private Duration timeout;
        private Duration joinGrace;

        public String getMode() {
            return mode;
        }

        public void setMode(String mode) {
            this.mode = mode;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public List<String> getMembers() {
            return members;
        }

        public void setMembers(List<String> members) {
            this.members = members;
        }

        public String getDiscovery() {
            return discovery;
        }

        public void setDiscovery(String discovery) {
            this.discovery = discovery;
        }

        public Kubernetes getKubernetes() {
            return kubernetes;
        }

        public Integer getExpectedMembers() {
            return expectedMembers;
        }

        public void setExpectedMembers(Integer expectedMembers) {
            this.expectedMembers = expectedMembers;
        }

        // "interface" is a Java keyword: the property is tlsresume.cluster.interface all the same.
        public String getInterface() {
            return interfaceAddress;
        }

        public void setInterface(String address) {
            this.interfaceAddress = address;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public String getConfig() {
            return config;
        }

        public void setConfig(String config) {
            this.config = config;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public Duration getJoinGrace() {
            return joinGrace;
        }

        public void setJoinGrace(Duration joinGrace) {
            this.joinGrace = joinGrace;
        }
    }

    /** {@code tlsresume.cluster.kubernetes.*}: Kubernetes discovery of the members. */
    public static class Kubernetes {
        private String serviceDns;
        private Duration serviceDnsTimeout;
        private String namespace;
        private String serviceName;
        private String serviceLabel;

        public String getServiceDns() {
            return serviceDns;
        }

        public void setServiceDns(String serviceDns) {
            this.serviceDns = serviceDns;
        }

        public Duration getServiceDnsTimeout() {
            return serviceDnsTimeout;
        }

        public void setServiceDnsTimeout(Duration serviceDnsTimeout) {
            this.serviceDnsTimeout = serviceDnsTimeout;
        }

        public String getNamespace() {
            return namespace;
        }

        public void setNamespace(String namespace) {
            this.namespace = namespace;
        }

        public String getServiceName() {
            return serviceName;
        }

        public void setServiceName(String serviceName) {
            this.serviceName = serviceName;
        }

        public String getServiceLabel() {
            return serviceLabel;
        }

        public void setServiceLabel(String serviceLabel) {
            this.serviceLabel = serviceLabel;
        }
    }

    /**
     * {@code tlsresume.sealing.*}. The setting {@code sealing} (on/off) is
     * {@code tlsresume.sealing.enabled} here: Boot cannot bind a value and nested properties
     * under one name.
     */
    public static class Sealing {
        private Boolean enabled;
        private String trust;
        private String trustCa;
        private List<String> trustPins = new ArrayList<>();

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public String getTrust() {
            return trust;
        }

        public void setTrust(String trust) {
            this.trust = trust;
        }

        public String getTrustCa() {
            return trustCa;
        }

        public void setTrustCa(String trustCa) {
            this.trustCa = trustCa;
        }

        public List<String> getTrustPins() {
            return trustPins;
        }

        public void setTrustPins(List<String> trustPins) {
            this.trustPins = trustPins;
        }
    }
}
