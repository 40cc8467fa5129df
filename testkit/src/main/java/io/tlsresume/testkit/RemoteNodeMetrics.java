package io.tlsresume.testkit;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The node metrics of a server in another JVM (a Jetty or Tomcat distribution), read over JMX
 * from its {@code io.tlsresume:type=Node} MBean (docs/metrics.md). The server opens the JMX port
 * with {@link #jvmOptions}: no password and no TLS, so only on a test's private network.
 */
public final class RemoteNodeMetrics {
    /** The JMX port a server on a network host of its own opens (its own port space). */
    public static final int HOST_PORT = 9010;

    private RemoteNodeMetrics() {
    }

    /**
     * JVM options that open JMX (registry and RMI on one port) on {@code address:port}; the
     * RMI stubs name {@code address}, so a client in another network namespace reaches them.
     */
    public static List<String> jvmOptions(String address, int port) {
        return List.of("-Dcom.sun.management.jmxremote.port=" + port,
                "-Dcom.sun.management.jmxremote.rmi.port=" + port,
                "-Dcom.sun.management.jmxremote.host=" + address,
                "-Djava.rmi.server.hostname=" + address,
                "-Dcom.sun.management.jmxremote.authenticate=false",
                "-Dcom.sun.management.jmxremote.ssl=false");
    }

    /**
     * The numeric attributes (counters and gauges, e.g. {@code ResumedHandshakes}) of the one
     * node MBean the JVM at {@code address:port} has.
     */
    public static Map<String, Long> read(String address, int port) throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        try (JMXConnector jmx = connect(address, port)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            ObjectName node = node(server);
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(node).getAttributes()) {
                Object value = server.getAttribute(node, attribute.getName());
                if (value instanceof Number number) {
                    values.put(attribute.getName(), number.longValue());
                }
            }
        } catch (JMException e) {
            throw new IOException("reading the node MBean at " + address + ":" + port, e);
        }
        return values;
    }

    /** The encrypting key's fingerprint ({@code CurrentKeyFingerprint}) at {@code address:port}. */
    public static String fingerprint(String address, int port) throws IOException {
        try (JMXConnector jmx = connect(address, port)) {
            MBeanServerConnection server = jmx.getMBeanServerConnection();
            return String.valueOf(server.getAttribute(node(server), "CurrentKeyFingerprint"));
        } catch (JMException e) {
            throw new IOException("reading the node MBean at " + address + ":" + port, e);
        }
    }

    /**
     * Waits (at most {@code timeout}) until the servers at {@code addresses} (JMX on
     * {@code port}) all run a node and encrypt under one key; that key's fingerprint.
     *
     * @throws AssertionError naming each server's key (or why it could not be read) if not
     */
    public static String awaitOneRing(List<String> addresses, int port,
            java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> keys;
        do {
            keys = new java.util.ArrayList<>();
            for (String address : addresses) {
                try {
                    keys.add(fingerprint(address, port));
                } catch (IOException e) {
                    keys.add("(" + address + ": " + e.getMessage() + ")"); // not up yet
                }
            }
            String first = keys.get(0);
            if (keys.stream().allMatch(first::equals) && first.matches("[0-9a-f]{8}")) {
                return first;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the nodes never shared one ring: " + keys);
    }

    private static JMXConnector connect(String address, int port) throws IOException {
        return JMXConnectorFactory.connect(new JMXServiceURL(
                "service:jmx:rmi:///jndi/rmi://" + address + ":" + port + "/jmxrmi"));
    }

    private static ObjectName node(MBeanServerConnection server) throws IOException,
            JMException {
        Set<ObjectName> nodes = server.queryNames(new ObjectName("io.tlsresume:type=Node,*"),
                null);
        if (nodes.size() != 1) {
            throw new IOException("expected one tlsresume node MBean, found " + nodes);
        }
        return nodes.iterator().next();
    }
}
