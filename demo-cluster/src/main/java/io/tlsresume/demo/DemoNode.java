package io.tlsresume.demo;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/** A server node of the demo cluster, Jetty or Tomcat, serving TLS on 127.0.0.1. */
interface DemoNode extends AutoCloseable {

    /** The node id (also its tlsresume nodeId and X-TLS-Node header). */
    String name();

    /** "Jetty" or "Tomcat". */
    String kind();

    /** The TLS port. */
    int port();

    /** Handshakes the node counted, {full, resumed}, read from its JMX MBean as an operator would. */
    default long[] handshakes() {
        try {
            ObjectName mbean = new ObjectName("io.tlsresume:type=Node,name="
                    + ObjectName.quote(name()));
            var server = ManagementFactory.getPlatformMBeanServer();
            return new long[] {(Long) server.getAttribute(mbean, "FullHandshakes"),
                (Long) server.getAttribute(mbean, "ResumedHandshakes")};
        } catch (JMException e) {
            throw new IllegalStateException("no metrics for node " + name(), e);
        }
    }

    /**
     * Sessions the node resumed from the cluster session store (engine=openssl's
     * {@code SessionStoreHits} over JMX), or -1 on an engine without one.
     */
    default long storeHits() {
        try {
            ObjectName mbean = new ObjectName("io.tlsresume:type=OpenSsl,name="
                    + ObjectName.quote(name()));
            var server = ManagementFactory.getPlatformMBeanServer();
            return server.isRegistered(mbean)
                    ? (Long) server.getAttribute(mbean, "SessionStoreHits") : -1;
        } catch (JMException e) {
            throw new IllegalStateException("no metrics for node " + name(), e);
        }
    }
}
