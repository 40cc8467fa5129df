package io.tlsresume.tomcat;

import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.tomcat.util.net.SSLHostConfig;

/**
 * Which {@link TlsResumeListener} serves each {@code SSLHostConfig}. Tomcat creates the
 * {@code SSLImplementation} by class name and hands it only the certificate, whose host config
 * is the one object both sides see; several connectors (or embedded servers) may share a JVM.
 */
final class Bindings {
    private static final Map<SSLHostConfig, TlsResumeListener> LISTENERS = new IdentityHashMap<>();

    private Bindings() {
    }

    static synchronized void bind(SSLHostConfig hostConfig, TlsResumeListener listener) {
        LISTENERS.put(hostConfig, listener);
    }

    static synchronized void unbind(TlsResumeListener listener) {
        LISTENERS.values().removeIf(l -> l == listener);
    }

    static synchronized TlsResumeListener listenerFor(SSLHostConfig hostConfig) {
        TlsResumeListener listener = LISTENERS.get(hostConfig);
        if (listener == null) {
            throw new IllegalStateException("SSLHostConfig " + hostConfig.getHostName() + " has no"
                    + " tlsresume node: nest <Listener className=\""
                    + TlsResumeListener.class.getName() + "\" .../> in its <Connector>");
        }
        return listener;
    }
}
