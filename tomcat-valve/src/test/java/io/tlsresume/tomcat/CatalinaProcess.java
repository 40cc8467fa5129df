package io.tlsresume.tomcat;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
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

    private final Path base;
    private final String nodeId;
    private final int httpsPort = Ports.free();
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
        this.connectorPage = connectorPage;
        this.connectorHeading = connectorHeading;
        this.nodeId = settings.get("nodeId");
        base = work.resolve(settings.get("nodeId"));
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
        Files.writeString(base.resolve("webapps/ROOT/index.html"), "hello from tomcat\n");
        Files.writeString(base.resolve("conf/server.xml"), serverXml(settings));
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
     * The server.xml snippet of docs/tomcat.md itself, with this node's ports, names and
     * 127.0.0.1 put in and diagnostic headers on (the test reads them). Each value replaced must
     * be in the page as written, so the docs cannot drift from what is tested.
     */
    private String serverXml(Map<String, String> settings) throws IOException {
        String xml = xmlBlockUnder("tomcat.md", "## server.xml");
        if (connectorHeading != null) {
            String connector = xmlBlockUnder(connectorPage, connectorHeading).strip();
            int from = xml.indexOf("<Connector");
            int to = xml.indexOf("</Connector>") + "</Connector>".length();
            xml = xml.substring(0, from) + connector + xml.substring(to);
        }
        Map<String, String> replacements = new java.util.LinkedHashMap<>();
        replacements.put("<Server port=\"8005\"", "<Server port=\"" + Ports.free() + "\"");
        replacements.put("<Connector port=\"8443\"", "<Connector port=\"" + httpsPort
                + "\" address=\"127.0.0.1\"");
        replacements.put("nodeId=\"node-a\"", "nodeId=\"" + settings.get("nodeId") + "\"");
        replacements.put("cluster.name=\"shop-tls\"", "cluster.name=\""
                + settings.get("cluster.name") + "\"");
        replacements.put("cluster.interface=\"10.0.0.11\"", "cluster.interface=\"127.0.0.1\"");
        replacements.put("cluster.port=\"5701\"", "cluster.port=\"" + settings.get("cluster.port")
                + "\"");
        replacements.put("cluster.members=\"10.0.0.11:5701,10.0.0.12:5701\"", "cluster.members=\""
                + settings.get("cluster.members") + "\"");
        replacements.put("diagnosticHeaders=\"false\"", "diagnosticHeaders=\"true\"");
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

    /** Runs {@code catalina.sh run} and waits (at most 2 minutes) until Tomcat has started. */
    public CatalinaProcess start() throws IOException, InterruptedException {
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
        for (int i = 0; i < 1200 && !output.toString().contains("Server startup in"); i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("catalina.sh exited:\n" + output);
            }
            Thread.sleep(100);
        }
        if (!output.toString().contains("Server startup in")) {
            throw new IllegalStateException("Tomcat did not start in 2 minutes:\n" + output);
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
        ProcessBuilder pb = new ProcessBuilder("sh", HOME.resolve("bin/catalina.sh").toString(),
                command).redirectErrorStream(true);
        pb.environment().put("CATALINA_HOME", HOME.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("CATALINA_OPTS", "-Djava.net.preferIPv4Stack=true");
        return pb;
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
