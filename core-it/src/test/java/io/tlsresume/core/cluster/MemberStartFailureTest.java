package io.tlsresume.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastException;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.core.Settings;
import io.tlsresume.core.SettingsException;
import io.tlsresume.testkit.TestNodes;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A member that cannot start names the setting the operator has to change, the port or the
 * address, and otherwise quotes Hazelcast without blaming one. Failures caused by the user's own
 * Hazelcast file name {@code cluster.config}: {@code UserHazelcastConfigTest}.
 */
class MemberStartFailureTest {

    @Test
    void portInUseNamesClusterPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            SettingsException e = assertThrows(SettingsException.class, () -> ResumptionNode
                    .start(new TestNodes(1).settings(0, b -> b.set("cluster.port", "" + port))));
            assertEquals("cluster.port", e.settingName(), "named as the user wrote it");
            assertTrue(e.getMessage().contains("port " + port + " is already in use"),
                    e.getMessage());
        }
    }

    @Test
    void addressNotOnThisHostNamesClusterInterface() throws Exception {
        String address = addressNotOnThisHost();
        SettingsException e = assertThrows(SettingsException.class, () -> ResumptionNode
                .start(new TestNodes(1).settings(0, b -> b.set("cluster.interface", address))));
        assertEquals("cluster.interface", e.settingName(), "named as the user wrote it");
        assertTrue(e.getMessage().contains("address " + address + " is not an address of this"
                + " host"), e.getMessage());
        assertTrue(e.getMessage().contains("Hazelcast said: "), e.getMessage());
    }

    @Test
    void otherFailuresQuoteHazelcastWithoutBlamingASetting() {
        Settings settings = new TestNodes(1).settings(0);
        RuntimeException e = HazelcastInstances.startFailure(settings, new Config(),
                new HazelcastException("Node failed to start", new OutOfMemoryError(
                        "unable to create native thread")));
        assertFalse(e instanceof SettingsException, e.toString());
        assertInstanceOf(IllegalStateException.class, e);
        assertTrue(e.getMessage().contains("Hazelcast said: Node failed to start"
                + " (java.lang.OutOfMemoryError: unable to create native thread)"),
                e.getMessage());
    }

    private static String addressNotOnThisHost() throws Exception {
        // Documentation ranges (RFC 5737): never assigned on the Internet.
        for (String candidate : List.of("192.0.2.1", "198.51.100.1", "203.0.113.1")) {
            if (NetworkInterface.getByInetAddress(InetAddress.getByName(candidate)) == null) {
                return candidate;
            }
        }
        throw new IllegalStateException("every RFC 5737 candidate is an address of this host");
    }
}
