package io.tlsresume.testkit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one response body every test and demo server answers with, whatever the server (Netty,
 * Jetty handler, Tomcat servlet): {@code node=<id> resumed=<bool> protocol=<p>} and a newline,
 * so one client-side parser reads them all.
 */
public final class Echo {
    /** One echo line: group 1 the node, 2 resumed, 3 the protocol. */
    public static final Pattern LINE = Pattern.compile(
            "^node=(\\S+) resumed=(\\S+) protocol=(\\S+)", Pattern.MULTILINE);

    private static final Pattern NODE = Pattern.compile("node=(\\S+)");

    private Echo() {
    }

    /**
     * The body for one request.
     *
     * @param more further {@code name=value} facts a server adds after the protocol
     */
    public static String body(Object node, Object resumed, Object protocol, String... more) {
        StringBuilder line = new StringBuilder("node=").append(node).append(" resumed=")
                .append(resumed).append(" protocol=").append(protocol);
        for (String fact : more) {
            line.append(' ').append(fact);
        }
        return line.append('\n').toString();
    }

    /** The node named by the first {@code node=} in {@code text}, or "". */
    public static String node(String text) {
        Matcher m = NODE.matcher(text);
        return m.find() ? m.group(1) : "";
    }
}
