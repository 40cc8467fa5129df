package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.engine.ObservedSslEngine;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.testkit.TestCertificates;
import io.tlsresume.testkit.TestNodes;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session-to-engine map forgets connections whose engine is gone. */
class SessionEnginesTest {

    @Test
    void findsEngineBySessionAndForgetsItOnceCollected() throws Exception {
        try (ResumptionNode node = ResumptionNode.start(new TestNodes(1).settings(0,
                b -> b.set("cluster.mode", "none")))) {
            ServerTlsContext context = node.newServerContext(TestCertificates.get().keySource(),
                    List.of());
            SessionEngines engines = new SessionEngines();
            ObservedSslEngine engine = context.newEngine();
            engines.register(engine, "n1");
            assertEquals("n1", engines.connectionOf(engine.getSession()).nodeId());
            assertNull(engines.connectionOf(context.newEngine().getSession()), "other session");
            assertEquals(1, engines.size());

            // Closed both ways, as Tomcat closes a connection: Netty frees the native part.
            engine.closeOutbound();
            engine.closeInbound();
            engine = null;
            // Bounded: each round asks for a collection; Netty's engine needs a few.
            for (int i = 0; i < 50 && engines.size() > 0; i++) {
                System.gc();
            }
            assertEquals(0, engines.size());
            node.release(context);
        }
    }
}
