package io.tlsresume.spring;

import io.tlsresume.testkit.Ports;
import io.tlsresume.testkit.TestCertificates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts {@link TestApp} instances on embedded Tomcat or Jetty, random ports, in this JVM. */
final class Apps {
    enum Server {
        TOMCAT("org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration"),
        JETTY("org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration");

        private final String excluded;

        Server(String excluded) {
            this.excluded = excluded;
        }
    }

    private Apps() {
    }

    /** Properties of a quiet app on {@code server}, port 0, no TLS yet. */
    static Map<String, Object> base(Server server) {
        Map<String, Object> p = new HashMap<>();
        p.put("spring.autoconfigure.exclude", server.excluded);
        p.put("server.port", "0");
        p.put("spring.main.banner-mode", "off");
        p.put("logging.level.root", "WARN");
        p.put("logging.level.com.hazelcast", "ERROR");
        return p;
    }

    /** {@link #base} with HTTPS from the kit's PKCS12 key store ({@code server.ssl.key-store}). */
    static Map<String, Object> https(Server server) {
        Map<String, Object> p = base(server);
        p.put("server.ssl.key-store", TestCertificates.get().keyStore().toString());
        p.put("server.ssl.key-store-password", TestCertificates.PASSWORD);
        p.put("server.ssl.key-store-type", "PKCS12");
        return p;
    }

    /** Properties for two nodes {@code a} and {@code b} of one cluster, on free member ports. */
    static Map<String, Object>[] pair(Map<String, Object> common) {
        int portA = Ports.free();
        int portB = Ports.free();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        @SuppressWarnings("unchecked")
        Map<String, Object>[] both = new Map[2];
        for (int i = 0; i < 2; i++) {
            Map<String, Object> p = new HashMap<>(common);
            p.put("tlsresume.node-id", i == 0 ? "a" : "b");
            p.put("tlsresume.cluster.port", String.valueOf(i == 0 ? portA : portB));
            p.put("tlsresume.cluster.members", members);
            p.put("tlsresume.cluster.name", "boot-" + portA);
            both[i] = p;
        }
        return both;
    }

    /**
     * {@code properties} plus a one-member cluster of its own for node {@code nodeId}, on a free
     * member port ({@code extraMembers}: more addresses to list, e.g. a peer that is down).
     */
    static Map<String, Object> alone(Map<String, Object> properties, String nodeId,
            String... extraMembers) {
        int clusterPort = Ports.free();
        List<String> members = new ArrayList<>(List.of("127.0.0.1:" + clusterPort));
        members.addAll(List.of(extraMembers));
        properties.put("tlsresume.node-id", nodeId);
        properties.put("tlsresume.cluster.port", String.valueOf(clusterPort));
        properties.put("tlsresume.cluster.members", String.join(",", members));
        properties.put("tlsresume.cluster.name", nodeId + "-" + clusterPort);
        return properties;
    }

    static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return start(properties, new CompletableFuture<>());
    }

    /** Starts an app; {@code initialized} completes once Boot has set up its logging for it. */
    private static ConfigurableApplicationContext start(Map<String, Object> properties,
            CompletableFuture<Void> initialized) {
        return new SpringApplicationBuilder(TestApp.class).properties(properties)
                .listeners(new ContextInitialized(initialized)).run();
    }

    /** Completes a future when an app's context is initialized (after its logging set-up). */
    private record ContextInitialized(CompletableFuture<Void> done)
            implements ApplicationListener<ApplicationContextInitializedEvent> {
        @Override
        public void onApplicationEvent(ApplicationContextInitializedEvent event) {
            done.complete(null);
        }
    }

    /**
     * Starts one app per property set at the same time, as a cluster's instances start: a
     * Hazelcast member started alone first waits for the peers it lists before it forms a
     * cluster of its own. Closes those that started if one fails.
     */
    static ConfigurableApplicationContext[] startTogether(Map<String, Object>[] properties) {
        // Boot sets up its logging system (one per JVM) while each app's environment is
        // prepared; two apps doing that at once race (Logback: "Unable to find Spring Environment
        // in logger context"). So each app starts once the one before has its context
        // initialized, which is before either starts its web server or Hazelcast member.
        List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
        CompletableFuture<Void> previousInitialized = CompletableFuture.completedFuture(null);
        for (Map<String, Object> p : properties) {
            CompletableFuture<Void> initialized = new CompletableFuture<>();
            CompletableFuture<ConfigurableApplicationContext> app =
                    previousInitialized.thenApplyAsync(ignored -> start(p, initialized));
            app.whenComplete((context, failure) -> initialized.complete(null));
            starting.add(app);
            previousInitialized = initialized;
        }
        ConfigurableApplicationContext[] started =
                new ConfigurableApplicationContext[properties.length];
        RuntimeException failure = null;
        for (int i = 0; i < started.length; i++) {
            try {
                started[i] = starting.get(i).join();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            for (ConfigurableApplicationContext app : started) {
                if (app != null) {
                    app.close();
                }
            }
            throw failure;
        }
        return started;
    }

    static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Hazelcast's threads in this JVM (named hz.*). */
    static Set<String> hazelcastThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .map(Thread::getName).filter(n -> n.startsWith("hz.") || n.contains(".hz."))
                .collect(Collectors.toSet());
    }

    /** Waits up to {@code timeout} for Hazelcast's threads to end; returns those left. */
    static Set<String> hazelcastThreadsAfter(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        Set<String> left = hazelcastThreads();
        while (!left.isEmpty() && System.nanoTime() < end) {
            Thread.sleep(50);
            left = hazelcastThreads();
        }
        return left;
    }
}
