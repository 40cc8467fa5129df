package io.tlsresume.tomcat;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tlsresume.testkit.hosts.ReconnectingLoad;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Three hosts (network namespaces with their own addresses), each running the real Tomcat
 * distribution with {@code catalina.sh run} and the server.xml of docs/tomcat.md as a user of
 * several hosts writes it, behind HAProxy with TCP health checks: under TLS 1.2-ticket and TLS
 * 1.3 load, sessions resume across hosts in steady state and after {@code kill -9} of one node,
 * whose restart adopts the cluster's ring ({@link CatalinaHosts#steadyStateThenKill}).
 */
class CatalinaMultiHostIT {

    @Test
    void sessionsResumeAcrossHostsAndSurviveKillOfOneNode() throws Exception {
        assumeTrue(Runtime.version().feature() < 22, "runs in the JDK 17 pass of CI only: the"
                + " server's JDK does not change what it shows (the OpenSSL engine's multi-host"
                + " scenario runs on Java 22+)");
        String unavailable = CatalinaHosts.unavailableReason();
        assumeTrue(unavailable.isEmpty(), unavailable);
        try (CatalinaHosts hosts = CatalinaHosts.start(null, null)) {
            hosts.steadyStateThenKill("catalina-boringssl", List.of(
                    ReconnectingLoad.Mode.TLS12_TICKETS, ReconnectingLoad.Mode.TLS13));
        }
    }
}
