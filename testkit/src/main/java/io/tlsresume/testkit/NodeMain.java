package io.tlsresume.testkit;

import io.tlsresume.core.NodeMetricsMXBean;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A node in its own JVM, for fault tests that freeze or kill a whole process and for nodes on
 * separate network hosts. Arguments are {@code name=value} settings (the shared EC test
 * certificate unless they set {@code keyStorePath}), optionally preceded by
 * {@code --tls-port=N} (default: any free port). The TLS port is bound on
 * {@code cluster.interface} (127.0.0.1 by default; a host's own address on a network host). It
 * prints {@code READY <tls-port>} once serving, then answers one line per command read on stdin:
 * <ul>
 *   <li>{@code metrics}: {@code METRICS Name=value ...}, every numeric attribute of the node's
 *       {@link NodeMetricsMXBean} by its JMX name (booleans as 0/1);
 *   <li>{@code fingerprint}: {@code FINGERPRINT <hex>}, the encrypting key's fingerprint (or
 *       {@code FINGERPRINT -} before the first key);
 *   <li>{@code stop}: closes the server and the node, prints {@code STOPPED}, exits 0.
 * </ul>
 * End of stdin (the parent went away) stops the node as {@code stop} does.
 */
public final class NodeMain {
    static final String TLS_PORT_OPTION = "--tls-port=";

    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        int tlsPort = 0;
        List<String> settings = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(TLS_PORT_OPTION)) {
                tlsPort = Integer.parseInt(arg.substring(TLS_PORT_OPTION.length()));
            } else {
                settings.add(arg);
            }
        }
        Settings.Builder builder = Settings.builder();
        if (settings.stream().noneMatch(a -> a.startsWith("keyStorePath="))) {
            builder.keySource(TestCertificates.get().keySource());
        }
        for (String arg : settings) {
            int eq = arg.indexOf('=');
            builder.set(arg.substring(0, eq), arg.substring(eq + 1));
        }
        ResumptionNode node = ResumptionNode.start(builder.build());
        NettyTestServer server = new NettyTestServer(node.settings().nodeId(),
                node.newServerContext(List.of())::newEngine,
                new InetSocketAddress(node.settings().clusterInterface(), tlsPort));
        say("READY " + server.port());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
                StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null && !command.trim().equals("stop")) {
            switch (command.trim()) {
                case "metrics" -> say("METRICS " + metricsLine(node.metrics()));
                case "fingerprint" -> {
                    String fingerprint = node.metrics().getCurrentKeyFingerprint();
                    say("FINGERPRINT " + (fingerprint == null || fingerprint.isEmpty() ? "-"
                            : fingerprint));
                }
                case "" -> { }
                default -> say("UNKNOWN " + command.trim());
            }
        }
        server.close();
        node.close();
        say("STOPPED");
        System.exit(0);
    }

    /** {@code Name=value} for every numeric or boolean attribute, sorted by name. */
    static String metricsLine(NodeMetricsMXBean metrics) throws ReflectiveOperationException {
        StringBuilder line = new StringBuilder();
        Method[] getters = NodeMetricsMXBean.class.getMethods();
        Arrays.sort(getters, Comparator.comparing(Method::getName));
        for (Method m : getters) {
            if (m.getParameterCount() != 0) {
                continue;
            }
            Class<?> type = m.getReturnType();
            String name = m.getName().startsWith("get") ? m.getName().substring(3)
                    : m.getName().startsWith("is") ? m.getName().substring(2) : null;
            if (name == null) {
                continue;
            }
            Object value = m.invoke(metrics);
            if (type == long.class || type == int.class) {
                line.append(name).append('=').append(((Number) value).longValue()).append(' ');
            } else if (type == boolean.class) {
                line.append(name).append('=').append((Boolean) value ? 1 : 0).append(' ');
            }
        }
        return line.toString().trim();
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
