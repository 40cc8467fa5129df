package io.tlsresume.tomcat;

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
 * {@code server.xml}, and the jars the README lists in {@code $CATALINA_BASE/lib}.
 */
public final class CatalinaProcess implements AutoCloseable {
    static final Path HOME = Path.of(System.getProperty("tomcat.home"));

    private final Path base;
    private final int httpsPort = Ports.free();
    private final StringBuffer output = new StringBuffer();
    private Process process;

    private final String serverXmlResource;

    /** Lays out {@code $CATALINA_BASE} under {@code work} for a node with these settings. */
    CatalinaProcess(Path work, Map<String, String> settings) throws IOException {
        this(work, settings, "/dist/server.xml");
    }

    /**
     * Lays out {@code $CATALINA_BASE} under {@code work} for a node with these settings, with
     * the server.xml template at class path resource {@code serverXmlResource}.
     */
    public CatalinaProcess(Path work, Map<String, String> settings, String serverXmlResource)
            throws IOException {
        this.serverXmlResource = serverXmlResource;
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
    }

    /** This module's jar and its runtime dependencies: what a user copies into lib/. */
    static List<Path> libJars() throws IOException {
        try (Stream<Path> deps = Files.list(Path.of(System.getProperty("catalina.lib.jars")))) {
            return Stream.concat(Stream.of(Path.of(System.getProperty("module.jar"))),
                    deps.filter(p -> p.toString().endsWith(".jar"))).toList();
        }
    }

    private String serverXml(Map<String, String> settings) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(serverXmlResource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@SHUTDOWN_PORT@", String.valueOf(Ports.free()))
                    .replace("@HTTPS_PORT@", String.valueOf(httpsPort))
                    .replace("@NODE_ID@", settings.get("nodeId"))
                    .replace("@CLUSTER_NAME@", settings.get("cluster.name"))
                    .replace("@CLUSTER_PORT@", settings.get("cluster.port"))
                    .replace("@CLUSTER_MEMBERS@", settings.get("cluster.members"));
        }
    }

    /** The node's TLS port. */
    public int httpsPort() {
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
