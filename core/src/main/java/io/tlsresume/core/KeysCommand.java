package io.tlsresume.core;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The key operations from a shell, against a running node over remote JMX:
 *
 * <pre>
 * java -cp tlsresume-core-VERSION.jar io.tlsresume.core.KeysCommand --jmx HOST:PORT \
 *     [--user NAME --password-file FILE] [--ssl] [--node NODE_ID] ringKeys|rotateNow|revokeAll
 * </pre>
 *
 * It needs nothing but the JDK and this one jar (which every server running tlsresume already
 * has), and calls the node MBean's operations ({@link NodeMetricsMXBean#ringKeys()},
 * {@link NodeMetricsMXBean#rotateNow()}, {@link NodeMetricsMXBean#revokeAll()}); the node logs
 * them with the JMX principal of {@code --user}. {@code revokeAll} also needs {@code --yes}: every
 * client's next connection is a full handshake. Exit status: 0 done, 1 the operation failed,
 * 2 wrong arguments or no connection.
 */
public final class KeysCommand {
    private static final String USAGE = "usage: java -cp tlsresume-core.jar"
            + " io.tlsresume.core.KeysCommand --jmx HOST:PORT [--user NAME --password-file FILE]"
            + " [--ssl] [--node NODE_ID] [--yes] ringKeys|rotateNow|revokeAll";
    private static final Set<String> OPERATIONS = Set.of("ringKeys", "rotateNow", "revokeAll");

    private KeysCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> options = new HashMap<>();
        List<String> operations = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--ssl") || arg.equals("--yes")) {
                options.put(arg, "");
            } else if (Set.of("--jmx", "--user", "--password-file", "--node").contains(arg)) {
                if (i + 1 == args.size()) {
                    err.println(arg + " needs a value\n" + USAGE);
                    return 2;
                }
                options.put(arg, args.get(++i));
            } else if (OPERATIONS.contains(arg)) {
                operations.add(arg);
            } else {
                err.println("unknown argument '" + arg + "'\n" + USAGE);
                return 2;
            }
        }
        if (operations.size() != 1 || !options.containsKey("--jmx")) {
            err.println(USAGE);
            return 2;
        }
        String operation = operations.get(0);
        if (options.containsKey("--user") != options.containsKey("--password-file")) {
            err.println("--user and --password-file go together\n" + USAGE);
            return 2;
        }
        if (operation.equals("revokeAll") && !options.containsKey("--yes")) {
            err.println("revokeAll drops every ticket key on every node: every client's next"
                    + " connection is a full handshake. Add --yes to go ahead.");
            return 2;
        }
        JMXConnector connector;
        try {
            connector = connect(options);
        } catch (IOException | RuntimeException e) {
            err.println("cannot connect to JMX at " + options.get("--jmx") + ": " + e);
            return 2;
        }
        try (connector) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            List<ObjectName> nodes = new ArrayList<>(new TreeSet<>(server.queryNames(
                    new ObjectName("io.tlsresume:type=Node,*"), null)));
            String wanted = options.get("--node");
            if (wanted != null) {
                nodes.removeIf(name -> !nodeId(name).equals(wanted));
            }
            if (nodes.isEmpty()) {
                err.println("no tlsresume node" + (wanted == null ? "" : " '" + wanted + "'")
                        + " in the JVM at " + options.get("--jmx"));
                return 2;
            }
            if (!operation.equals("ringKeys") && nodes.size() > 1) {
                err.println("several tlsresume nodes in that JVM: choose one with --node ("
                        + String.join(", ", nodes.stream().map(KeysCommand::nodeId).toList())
                        + ")");
                return 2;
            }
            for (ObjectName node : nodes) {
                Object result = server.invoke(node, operation, null, null);
                if (result instanceof CompositeData[] keys) {
                    printKeys(nodeId(node), keys, out);
                } else {
                    out.println(operation + " on node " + nodeId(node) + ": key " + result
                            + " encrypts now");
                }
            }
            return 0;
        } catch (JMException | IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println(operation + " failed: " + cause.getMessage());
            return 1;
        }
    }

    private static JMXConnector connect(Map<String, String> options) throws IOException {
        String address = options.get("--jmx");
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + address
                + "/jmxrmi");
        Map<String, Object> environment = new HashMap<>();
        if (options.containsKey("--user")) {
            String password = Files.readString(Path.of(options.get("--password-file")),
                    StandardCharsets.UTF_8).strip();
            environment.put(JMXConnector.CREDENTIALS, new String[] {options.get("--user"),
                password});
        }
        if (options.containsKey("--ssl")) {
            // The registry is SSL too (com.sun.management.jmxremote.registry.ssl=true); trust
            // comes from the JDK's javax.net.ssl.trustStore properties.
            environment.put("com.sun.jndi.rmi.factory.socket",
                    new javax.rmi.ssl.SslRMIClientSocketFactory());
        }
        return JMXConnectorFactory.connect(url, environment);
    }

    private static String nodeId(ObjectName name) {
        return ObjectName.unquote(name.getKeyProperty("name"));
    }

    private static void printKeys(String node, CompositeData[] keys, PrintStream out) {
        out.println("node " + node);
        out.printf("  %-12s %-11s %-10s %-24s %s%n", "EPOCH", "FINGERPRINT", "STATE",
                "ENCRYPTS FROM", "EXPIRES");
        for (CompositeData key : keys) {
            out.printf("  %-12s %-11s %-10s %-24s %s%n", key.get("epoch"),
                    key.get("fingerprint"), key.get("state"), key.get("encryptsFrom"),
                    key.get("expires"));
        }
    }
}
