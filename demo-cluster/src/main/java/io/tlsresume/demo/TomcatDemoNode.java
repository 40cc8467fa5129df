package io.tlsresume.demo;

import io.tlsresume.testkit.Echo;
import io.tlsresume.testkit.EchoServlet;
import io.tlsresume.testkit.TempFiles;
import io.tlsresume.tomcat.TlsResumeConnector;
import io.tlsresume.tomcat.TlsResumeImplementation;
import io.tlsresume.tomcat.TlsResumeListener;
import io.tlsresume.tomcat.TlsResumeValve;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * One embedded Tomcat 11 node, the programmatic twin of the README's server.xml: through
 * {@link TlsResumeConnector} an NIO connector with {@link TlsResumeImplementation}, a nested
 * {@link TlsResumeListener} with the settings, the key in a {@code <Certificate>}, HTTP/2 over
 * ALPN, and {@link TlsResumeValve} with diagnostic headers. Every response body is the kit's
 * {@link Echo} line: {@code node=<name> resumed=<bool> protocol=<TLS protocol> http=<version>}.
 */
final class TomcatDemoNode implements DemoNode {
    private final String name;
    private final Tomcat tomcat = new Tomcat();
    private final Connector connector;
    private final Path baseDir;

    TomcatDemoNode(String name, Path keyStore, String keyStorePassword,
            Map<String, String> settings) throws Exception {
        this.name = name;
        baseDir = TempFiles.directory("tlsresume-demo-tomcat");
        tomcat.setBaseDir(baseDir.toString());
        TlsResumeListener listener = new TlsResumeListener();
        listener.setProperty("nodeId", name);
        settings.forEach(listener::setProperty);
        connector = TlsResumeConnector.addTo(tomcat, 0,
                TlsResumeConnector.keyStoreHostConfig(keyStore.toString(), keyStorePassword),
                listener);
        connector.setProperty("address", "127.0.0.1");

        TlsResumeValve valve = new TlsResumeValve();
        valve.setDiagnosticHeaders(true);
        tomcat.getEngine().getPipeline().addValve(valve);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "whoami", new EchoServlet(TlsResumeValve.NODE_ATTR,
                TlsResumeValve.RESUMED_ATTR, TlsResumeValve.PROTOCOL_ATTR));
        context.addServletMappingDecoded("/*", "whoami");
        tomcat.start();
        if (connector.getState() != org.apache.catalina.LifecycleState.STARTED) {
            close();
            throw new IllegalStateException("Tomcat connector of node " + name
                    + " did not start; see the log above");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String kind() {
        return "Tomcat";
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            TempFiles.delete(baseDir);
        }
    }
}
