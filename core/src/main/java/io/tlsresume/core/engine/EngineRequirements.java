package io.tlsresume.core.engine;

import io.tlsresume.core.spi.TlsEngineProvider;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the engines on the class path ({@link TlsEngineProvider}s) and fails a node's start, with
 * a message a user can act on, when the configured engine cannot run: better at start than on
 * the first handshake.
 */
public final class EngineRequirements {
    /** The OpenSSL engine calls libssl through the FFM API, final in Java 22 (JEP 454). */
    public static final int OPENSSL_MIN_JAVA = 22;
    private static final Logger LOG = System.getLogger("io.tlsresume.engine");

    private EngineRequirements() {
    }

    /** Loaded once: the class path does not change while a server runs. */
    private static final class Loaded {
        static final List<TlsEngineProvider> PROVIDERS = load(
                EngineRequirements.class.getClassLoader());
    }

    /**
     * The providers {@code loader} finds, the first of each kind. One that cannot load is
     * skipped: tlsresume-openssl is compiled for Java 22, and its jar on an older JVM must not
     * stop nodes of the other engines (engine=openssl then fails at start with the reason).
     */
    static List<TlsEngineProvider> load(ClassLoader loader) {
        List<TlsEngineProvider> found = new ArrayList<>();
        Iterator<TlsEngineProvider> providers = ServiceLoader.load(TlsEngineProvider.class,
                loader).iterator();
        // Bounded: each failure moves the iterator on, but never trust that with a loop.
        for (int failures = 0; failures < 100; ) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                TlsEngineProvider provider = providers.next();
                if (found.stream().noneMatch(p -> p.kind() == provider.kind())) {
                    found.add(provider);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                LOG.log(Level.DEBUG, "an engine provider cannot load here: {0}", e.toString());
            }
        }
        return List.copyOf(found);
    }

    /** Every engine on the class path, one provider per {@link EngineKind}. */
    public static List<TlsEngineProvider> providers() {
        return Loaded.PROVIDERS;
    }

    /** The provider of {@code kind}, if its module is on the class path. */
    public static Optional<TlsEngineProvider> provider(EngineKind kind) {
        return providers().stream().filter(p -> p.kind() == kind).findFirst();
    }

    /**
     * Checks that {@code kind} can run here.
     *
     * @throws IllegalStateException saying what is missing
     */
    public static void require(EngineKind kind) {
        if (kind == EngineKind.OPENSSL) {
            requireOpenSsl(Runtime.version().feature());
        } else {
            provider(kind).orElseThrow(() -> new IllegalStateException(missing(kind))).require();
        }
    }

    /** What a user adds to get {@code kind}, for errors. */
    public static String missing(EngineKind kind) {
        return switch (kind) {
            case OPENSSL -> "engine=openssl needs the tlsresume-openssl jar next to"
                    + " tlsresume-core (and Tomcat's lib/tomcat-coyote-ffm.jar); it is not on the"
                    + " class path";
            case BORINGSSL -> "engine=boringssl is not registered: tlsresume-core's"
                    + " META-INF/services/" + TlsEngineProvider.class.getName() + " is missing"
                    + " (a repackaged jar must keep service files)";
        };
    }

    /** Where {@code kind} can run, for a message about its absence. */
    public static String availability(EngineKind kind) {
        return switch (kind) {
            case OPENSSL -> "on Java " + OPENSSL_MIN_JAVA + "+ with the tlsresume-openssl jar";
            case BORINGSSL -> "with tlsresume-core's service registration";
        };
    }

    static void requireOpenSsl(int javaFeature) {
        if (javaFeature < OPENSSL_MIN_JAVA) {
            throw new IllegalStateException("engine=openssl needs Java " + OPENSSL_MIN_JAVA
                    + " or newer (it calls the system OpenSSL 3 through the FFM API); this JVM is"
                    + " Java " + javaFeature + ". Run the server on Java " + OPENSSL_MIN_JAVA
                    + "+ or use engine=boringssl");
        }
        provider(EngineKind.OPENSSL).orElseThrow(() -> new IllegalStateException(
                missing(EngineKind.OPENSSL))).require();
    }
}
