package io.tlsresume.core.engine;

/**
 * Checks, at node start, that an engine living in another module can run here. Modules that
 * need a newer Java than the core (the OpenSSL engine needs the FFM API of Java 22) register an
 * implementation with {@link java.util.ServiceLoader}; the core only knows this interface.
 */
public interface EngineProbe {

    /** The engine this probe checks. */
    EngineKind kind();

    /**
     * Returns normally if the engine can run in this JVM on this machine.
     *
     * @throws IllegalStateException saying what is missing and how to provide it
     */
    void require();
}
