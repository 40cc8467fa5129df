package io.tlsresume.testkit;

import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import java.util.List;

/**
 * A node in its own JVM, for fault tests that freeze or kill a whole process. Arguments are
 * {@code name=value} settings (the shared EC test certificate unless they set
 * {@code keyStorePath}); it prints {@code READY <tls-port>} once serving and runs until
 * killed.
 */
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        if (java.util.Arrays.stream(args).noneMatch(a -> a.startsWith("keyStorePath="))) {
            builder.keySource(TestCertificates.get().keySource());
        }
        for (String arg : args) {
            int eq = arg.indexOf('=');
            builder.set(arg.substring(0, eq), arg.substring(eq + 1));
        }
        ResumptionNode node = ResumptionNode.start(builder.build());
        NettyTestServer server = new NettyTestServer(node.settings().nodeId(),
                node.newServerContext(List.of()));
        System.out.println("READY " + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
