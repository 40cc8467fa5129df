package io.tlsresume.multihost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Writes every node's log (restarted nodes' earlier runs included) and HAProxy's to
 * {@code target/multihost-logs/<class>.<test>.log} when a scenario fails, and names the file on
 * stdout: a scenario's figures say what went wrong, the nodes' logs say why.
 */
final class KeepLogsOnFailure implements TestWatcher {
    private final Supplier<MultiHostCluster> cluster;

    KeepLogsOnFailure(Supplier<MultiHostCluster> cluster) {
        this.cluster = cluster;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        MultiHostCluster running = cluster.get();
        if (running == null) {
            return;
        }
        Path file = Path.of("target", "multihost-logs", context.getRequiredTestClass()
                .getSimpleName() + "." + context.getRequiredTestMethod().getName() + ".log");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, running.logs());
            System.out.println("[multihost] node and balancer logs of the failed scenario: "
                    + file.toAbsolutePath());
        } catch (IOException e) {
            System.out.println("[multihost] could not keep the logs in " + file + ": " + e);
        }
    }
}
