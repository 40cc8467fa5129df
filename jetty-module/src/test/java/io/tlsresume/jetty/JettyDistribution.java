package io.tlsresume.jetty;

import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.RemoteNodeMetrics;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.hosts.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real Jetty distribution (jetty-home, unpacked by the build) with a {@code $JETTY_BASE} per
 * node, set up by the documented user steps: copy the module files into {@code modules/}, run
 * {@code start.jar --add-modules=tlsresume,https,http2}, set properties in
 * {@code start.d/tlsresume.ini}, then start {@code start.jar} as its own process.
 */
final class JettyDistribution {
    /** The distribution's default TLS port, on a network host of its own. */
    static final int HOST_HTTPS_PORT = 8443;
    private final Path home = Path.of(System.getProperty("it.jettyHome"));
    private final Path repository = Path.of(System.getProperty("it.repository"));
    private final Path moduleConfig = Path.of(System.getProperty("it.moduleConfig"));

    JettyDistribution() {
        // What Maven Central holds for a user: our own jar next to its dependencies.
        String version = System.getProperty("it.version");
        Path target = repository.resolve("io/tlsresume/tlsresume-jetty/" + version
                + "/tlsresume-jetty-" + version + ".jar");
        copy(Path.of(System.getProperty("it.jar")), target);
    }

    /**
     * A new $JETTY_BASE with the module added, its jars fetched from a Maven repository;
     * {@code properties} go to start.d/tlsresume.ini.
     */
    Path newBase(String name, List<String> properties) {
        Path base = emptyBase(name);
        try (Stream<Path> files = Files.walk(moduleConfig.resolve("modules"))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                copy(file, base.resolve("modules").resolve(
                        moduleConfig.resolve("modules").relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addModules(base, properties, "maven.local.repo=" + repository);
        return base;
    }

    /**
     * A new $JETTY_BASE set up as docs/jetty.md says for a host with no Maven repository: the
     * build's jetty-base archive unpacked into it, then {@code --add-modules} with no Maven
     * setting. start.jar would download a missing jar from Maven Central (and log "download"):
     * the set-up fails if it downloads anything.
     */
    Path newBaseFromArchive(String name, List<String> properties) {
        Path base = emptyBase(name);
        String untar = runCommand(base, List.of("tar", "xzf",
                System.getProperty("it.archive"), "-C", base.toString()));
        if (!Files.isRegularFile(base.resolve("modules/tlsresume.mod"))) {
            throw new IllegalStateException("archive has no modules/tlsresume.mod:\n" + untar);
        }
        String out = addModules(base, properties);
        if (out.contains(": download ")) {
            throw new IllegalStateException("start.jar downloaded jars the archive should hold:\n"
                    + out);
        }
        return base;
    }

    private Path emptyBase(String name) {
        Path base = home.getParent().resolve("base-" + name + "-" + System.nanoTime());
        copy(TestCertificates.get().keyStore(), base.resolve("etc/keystore.p12"));
        try {
            Files.createDirectories(base.resolve("start.d"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return base;
    }

    /** Runs {@code --add-modules}, appends {@code properties} to the ini; start.jar's output. */
    private String addModules(Path base, List<String> properties, String... repositoryArgs) {
        List<String> args = new ArrayList<>(List.of("--approve-all-licenses",
                "--add-modules=tlsresume,https,http2"));
        args.addAll(List.of(repositoryArgs));
        String out = run(base, args);
        Path ini = base.resolve("start.d/tlsresume.ini");
        if (!Files.isRegularFile(ini)) {
            throw new IllegalStateException("--add-modules did not write " + ini + ":\n" + out);
        }
        try {
            Files.writeString(ini, "\n" + String.join("\n", properties) + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Runs start.jar in {@code base} to completion (module management commands). */
    String run(Path base, List<String> args) {
        return runCommand(base, command(args));
    }

    private static String runCommand(Path base, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(base.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the server in {@code base} as a separate process, node {@code nodeId}, up once
     * {@code port} accepts.
     */
    Node start(Path base, int port, String nodeId) {
        return start(new ProcessBuilder(command(List.of())), base, "127.0.0.1", port, nodeId);
    }

    /**
     * Starts the server in {@code base} as a separate process on network {@code host}, up once
     * its TLS port (the distribution's default 8443) accepts from here; JMX is opened on the
     * host for {@link Node#metrics()}.
     */
    Node start(Host host, Path base, String nodeId) {
        List<String> options = new ArrayList<>(RemoteNodeMetrics.jvmOptions(host.address(),
                RemoteNodeMetrics.HOST_PORT));
        return start(host.process(command(options, List.of())), base, host.address(),
                HOST_HTTPS_PORT, nodeId);
    }

    private Node start(ProcessBuilder builder, Path base, String address, int port,
            String nodeId) {
        Path log = base.resolve("jetty.log");
        try {
            // A restart appends to the log: what this start logged begins here.
            int logged = Files.exists(log) ? Files.readString(log).length() : 0;
            Process p = builder.directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            Node node = new Node(p, log, nodeId, address, port, new String[1]);
            // Bounded wait for the listener; a server that died is reported with its log.
            // A minute; five on a network host (three start at once there).
            int waits = address.equals("127.0.0.1") ? 2400 : 12000;
            for (int i = 0; i < waits && !accepts(address, port); i++) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Jetty exited " + p.exitValue() + ":\n"
                            + node.log());
                }
                Thread.sleep(25);
            }
            // What the server had logged when its port first accepted a TCP connection.
            node.logAtFirstAccept[0] = node.log().substring(logged);
            if (!accepts(address, port)) {
                node.close();
                throw new IllegalStateException("Jetty did not listen on " + port + ":\n"
                        + node.log());
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<String> command(List<String> args) {
        return command(List.of(), args);
    }

    private List<String> command(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.net.preferIPv4Stack=true"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", home.resolve("start.jar").toString()));
        cmd.addAll(args);
        return cmd;
    }

    static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One running Jetty process, its TLS port at {@code address:port}. */
    record Node(Process process, Path logFile, String nodeId, String address, int port,
            String[] logAtFirstAccept) implements NodePair.Node {
        /** The node's counters by JMX attribute of docs/metrics.md (network-host nodes only). */
        Map<String, Long> metrics() throws IOException {
            return RemoteNodeMetrics.read(address, RemoteNodeMetrics.HOST_PORT);
        }

        /** The node's encrypting key fingerprint (network-host nodes only). */
        String currentKeyFingerprint() throws IOException {
            return RemoteNodeMetrics.fingerprint(address, RemoteNodeMetrics.HOST_PORT);
        }

        String log() {
            try {
                return Files.readString(logFile);
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }

        /** Stops like an operator does (SIGTERM runs Jetty's shutdown hook). */
        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
