package io.tlsresume.tomcat;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.RemoteNodeMetrics;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.hosts.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One node of the real Tomcat 11 distribution, started by its own {@code bin/catalina.sh run} in
 * a separate JVM with its own {@code $CATALINA_BASE}: the stock {@code conf/}, the documented
 * {@code server.xml} of {@code docs/tomcat.md}, and the jars that page lists in
 * {@code $CATALINA_BASE/lib}.
 */
public final class CatalinaProcess implements NodePair.Node {
    static final Path HOME = Path.of(System.getProperty("tomcat.home"));
    /** {@code cluster.members} as docs/tomcat.md's server.xml writes it. */
    static final String DOCS_MEMBERS = "10.0.0.11:5701,10.0.0.12:5701,10.0.0.13:5701";

    /** Port of the Connector and the JMX port on a network host (its own port space). */
    private static final int HOST_HTTPS_PORT = 8443;

    private final Path base;
    private final String nodeId;
    /** The network host it runs on, or null for this machine's 127.0.0.1. */
    private final Host host;
    private final int httpsPort;
    private final StringBuffer output = new StringBuffer();
    private Process process;

    /** The docs page whose xml block under {@link #connectorHeading} replaces the Connector. */
    private final String connectorPage;
    /** Heading of that page over the replacing Connector, or null for the main snippet's. */
    private final String connectorHeading;

    /** Lays out {@code $CATALINA_BASE} under {@code work} for a node with these settings. */
    CatalinaProcess(Path work, Map<String, String> settings) throws IOException {
        this(work, settings, null, null);
    }

    /**
     * Lays out {@code $CATALINA_BASE} under {@code work} for a node with these settings, its
     * server.xml being that of {@code docs/tomcat.md}, with the {@code <Connector>} taken from
     * the xml block under heading {@code connectorHeading} of page {@code docs/connectorPage}
     * (e.g. the OpenSSL engine's).
     */
    public CatalinaProcess(Path work, Map<String, String> settings, String connectorPage,
            String connectorHeading) throws IOException {
        this(work, settings, connectorPage, connectorHeading, Map.of());
    }

    /**
     * As above, with {@code files} copied into {@code $CATALINA_BASE} last (key: the path under
     * it, e.g. {@code conf/ca.pem}; value: the file to copy), so they may replace laid-out ones.
     */
    public CatalinaProcess(Path work, Map<String, String> settings, String connectorPage,
            String connectorHeading, Map<String, Path> files) throws IOException {
        this(work, null, settings.get("nodeId"), connectorPage, connectorHeading, files,
                port -> localValues(settings, port));
    }

    /**
     * Lays out {@code $CATALINA_BASE} under {@code work} for node {@code index} of
     * {@code cluster}, to run on network host {@code cluster.get(index)} configured as
     * docs/tomcat.md tells a user of several hosts: the page's server.xml (with the Connector of
     * {@code connectorPage} under {@code connectorHeading} if not null) with only this host's
     * {@code nodeId} and {@code cluster.interface} and every host in {@code cluster.members};
     * ports as written (each host has its own). JMX is opened on the host for
     * {@link #metrics()}.
     */
    public static CatalinaProcess onHost(Path work, List<Host> cluster, int index,
            String connectorPage, String connectorHeading) throws IOException {
        Host host = cluster.get(index);
        String nodeId = "node-" + (char) ('a' + index);
        String members = String.join(",", cluster.stream().map(h -> h.address() + ":5701")
                .toList());
        Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("nodeId=\"node-a\"", "nodeId=\"" + nodeId + "\"");
        values.put("cluster.interface=\"10.0.0.11\"", "cluster.interface=\"" + host.address()
                + "\"");
        values.put("cluster.members=\"" + DOCS_MEMBERS + "\"", "cluster.members=\"" + members
                + "\"");
        return new CatalinaProcess(work, host, nodeId, connectorPage, connectorHeading,
                Map.of(), port -> values);
    }

    private CatalinaProcess(Path work, Host host, String nodeId, String connectorPage,
            String connectorHeading, Map<String, Path> files,
            java.util.function.IntFunction<Map<String, String>> values) throws IOException {
        this.connectorPage = connectorPage;
        this.connectorHeading = connectorHeading;
        this.nodeId = nodeId;
        this.host = host;
        this.httpsPort = host == null ? Ports.free() : HOST_HTTPS_PORT;
        base = work.resolve(nodeId);
        for (String dir : List.of("conf", "lib", "logs", "temp", "work", "webapps/ROOT")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(HOME.resolve("conf"))) {
            for (Path file : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(file, base.resolve("conf").resolve(file.getFileName()),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.copy(TestCertificates.get().keyStore(), base.resolve("conf/server.p12"),
                StandardCopyOption.REPLACE_EXISTING);
        // The multi-host load's clients read which node answered (node=<id>) from the page.
        Files.writeString(base.resolve("webapps/ROOT/index.html"), host == null
                ? "hello from tomcat\n" : "node=" + nodeId + "\n");
        Files.writeString(base.resolve("conf/server.xml"), serverXml(values.apply(httpsPort)));
        for (Path jar : libJars()) {
            Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<String, Path> file : files.entrySet()) {
            Path target = base.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.copy(file.getValue(), target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** This module's jar and its runtime dependencies: what a user copies into lib/. */
    static List<Path> libJars() throws IOException {
        try (Stream<Path> deps = Files.list(Path.of(System.getProperty("catalina.lib.jars")))) {
            return Stream.concat(Stream.of(Path.of(System.getProperty("module.jar"))),
                    deps.filter(p -> p.toString().endsWith(".jar"))).toList();
        }
    }

    /**
     * The replacements for a node on this machine: its ports, names and 127.0.0.1 put in and
     * diagnostic headers on (the test reads them).
     */
    private static Map<String, String> localValues(Map<String, String> settings,
            int httpsPort) {
        Map<String, String> replacements = new java.util.LinkedHashMap<>();
        replacements.put("<Server port=\"8005\"", "<Server port=\"" + Ports.free() + "\"");
        replacements.put("<Connector port=\"8443\"", "<Connector port=\""
                + httpsPort + "\" address=\"127.0.0.1\"");
        replacements.put("nodeId=\"node-a\"", "nodeId=\"" + settings.get("nodeId") + "\"");
        replacements.put("cluster.name=\"shop-tls\"", "cluster.name=\""
                + settings.get("cluster.name") + "\"");
        replacements.put("cluster.interface=\"10.0.0.11\"", "cluster.interface=\"127.0.0.1\"");
        replacements.put("cluster.port=\"5701\"", "cluster.port=\"" + settings.get("cluster.port")
                + "\"");
        replacements.put("cluster.members=\"" + DOCS_MEMBERS + "\"", "cluster.members=\""
                + settings.get("cluster.members") + "\"");
        replacements.put("diagnosticHeaders=\"false\"", "diagnosticHeaders=\"true\"");
        return replacements;
    }

    /**
     * The server.xml snippet of docs/tomcat.md itself with {@code replacements}. Each value
     * replaced must be in the page as written, so the docs cannot drift from what is tested.
     */
    private String serverXml(Map<String, String> replacements) throws IOException {
        String xml = xmlBlockUnder("tomcat.md", "## server.xml");
        if (connectorHeading != null) {
            String connector = xmlBlockUnder(connectorPage, connectorHeading).strip();
            int from = xml.indexOf("<Connector");
            int to = xml.indexOf("</Connector>") + "</Connector>".length();
            xml = xml.substring(0, from) + connector + xml.substring(to);
        }
        for (Map.Entry<String, String> r : replacements.entrySet()) {
            if (!xml.contains(r.getKey())) {
                throw new IllegalStateException("the server.xml of docs/tomcat.md no longer"
                        + " contains " + r.getKey() + ": update the page or this test");
            }
            xml = xml.replace(r.getKey(), r.getValue());
        }
        return xml;
    }

    /** The first xml block under {@code heading} (a whole line) of {@code docs/<page>}. */
    private static String xmlBlockUnder(String page, String heading) throws IOException {
        String text = Files.readString(Path.of("..", "docs", page));
        int section = text.indexOf("\n" + heading + "\n");
        if (section < 0) {
            throw new IllegalStateException("docs/" + page + " has no heading " + heading);
        }
        int start = text.indexOf("```xml\n", section) + "```xml\n".length();
        return text.substring(start, text.indexOf("```", start));
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    /** The node's TLS port. */
    @Override
    public int port() {
        return httpsPort;
    }

    /** Everything catalina.sh printed so far. */
    public String output() {
        return output.toString();
    }

    /**
     * Runs {@code catalina.sh run} and waits until Tomcat has started: at most 2 minutes, or 5
     * on a network host (three Tomcats start at once there, on a shared machine).
     */
    public CatalinaProcess start() throws IOException, InterruptedException {
        // A restart appends to the same output: look for this start's line only.
        int from = output.length();
        process = catalina("run").start();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                output.append("\n[reader] ").append(e);
            }
        }, "catalina-output");
        reader.setDaemon(true);
        reader.start();
        int waits = host == null ? 1200 : 3000;
        for (int i = 0; i < waits && output.indexOf("Server startup in", from) < 0; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("catalina.sh exited:\n" + output);
            }
            Thread.sleep(100);
        }
        if (output.indexOf("Server startup in", from) < 0) {
            throw new IllegalStateException("Tomcat did not start in " + waits / 600
                    + " minutes:\n" + output);
        }
        return this;
    }

    /**
     * Stops Tomcat with {@code catalina.sh stop} and waits for its JVM to exit.
     *
     * @return whether the JVM exited within a minute (lingering non-daemon threads keep it up)
     */
    public boolean stop() throws IOException, InterruptedException {
        Process stop = catalina("stop").start();
        stop.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        stop.waitFor(60, TimeUnit.SECONDS);
        return process.waitFor(60, TimeUnit.SECONDS);
    }

    private ProcessBuilder catalina(String command) {
        // Through sh: the unpacked zip keeps no execute bits.
        List<String> line = List.of("sh", HOME.resolve("bin/catalina.sh").toString(), command);
        ProcessBuilder pb = (host == null ? new ProcessBuilder(line) : host.process(line))
                .redirectErrorStream(true);
        pb.environment().put("CATALINA_HOME", HOME.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        List<String> options = new java.util.ArrayList<>(List.of("-Djava.net.preferIPv4Stack=true"));
        if (host != null) {
            options.addAll(RemoteNodeMetrics.jvmOptions(host.address(),
                    RemoteNodeMetrics.HOST_PORT));
        }
        pb.environment().put("CATALINA_OPTS", String.join(" ", options));
        return pb;
    }

    /** The network host this node runs on (only for {@link #onHost} nodes). */
    public Host host() {
        return java.util.Objects.requireNonNull(host, "not on a network host");
    }

    /** The node's counters by JMX attribute of docs/metrics.md (only {@link #onHost} nodes). */
    public Map<String, Long> metrics() throws IOException {
        return RemoteNodeMetrics.read(host().address(), RemoteNodeMetrics.HOST_PORT);
    }

    /** The node's encrypting key fingerprint (only {@link #onHost} nodes). */
    public String currentKeyFingerprint() throws IOException {
        return RemoteNodeMetrics.fingerprint(host().address(), RemoteNodeMetrics.HOST_PORT);
    }

    /** {@code kill -9} of the JVM (catalina.sh run execs it), and waits for it to end. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
