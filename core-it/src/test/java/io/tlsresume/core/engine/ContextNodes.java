package io.tlsresume.core.engine;

import io.tlsresume.core.KeySource;
import io.tlsresume.core.ResumptionNode;
import io.tlsresume.testkit.NettyTestServer;
import io.tlsresume.testkit.NodePair;
import io.tlsresume.testkit.OpenSslClient;
import io.tlsresume.testkit.TestPki;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Test fixture: two nodes of one real cluster, each serving the same named set of contexts
 * (one Netty server per context, each built by {@link ResumptionNode#newServerContext(KeySource,
 * TlsContextOptions)}), so a session made by one context can be offered to any other context on
 * either node.
 */
final class ContextNodes {
    private ContextNodes() {
    }

    /** One node and its servers by context name; its node id is the one its echo names. */
    record Member(String nodeId, ResumptionNode node, Map<String, NettyTestServer> servers)
            implements NodePair.Node {

        /** The port of the server of context {@code name}. */
        int port(String name) {
            NettyTestServer server = servers.get(name);
            if (server == null) {
                throw new IllegalArgumentException("no context " + name + " in " + servers.keySet());
            }
            return server.port();
        }

        @Override
        public int port() {
            return servers.values().iterator().next().port();
        }

        /** Serves {@code options} with {@code keys} under {@code name} (closed with the node). */
        int serve(String name, KeySource keys, TlsContextOptions options) throws InterruptedException {
            NettyTestServer server = new NettyTestServer(nodeId,
                    node.newServerContext(keys, options));
            NettyTestServer before = servers.put(name, server);
            if (before != null) {
                before.close();
            }
            return server.port();
        }

        @Override
        public void close() {
            try {
                servers.values().forEach(NettyTestServer::close);
            } finally {
                node.close();
            }
        }
    }

    /** Two nodes, each serving {@code contexts} (name to options) with {@code keys}. */
    static NodePair<Member> start(KeySource keys, Map<String, TlsContextOptions> contexts) {
        return NodePair.start((nodes, index) -> {
            ResumptionNode node = ResumptionNode.start(nodes.settings(index));
            Member member = new Member(node.settings().nodeId(), node, new LinkedHashMap<>());
            try {
                for (var context : contexts.entrySet()) {
                    member.serve(context.getKey(), keys, context.getValue());
                }
                return member;
            } catch (InterruptedException | RuntimeException | Error e) {
                member.close();
                throw e;
            }
        });
    }

    /** {@code issued}'s chain and unencrypted PKCS#8 key as PEM files. */
    static KeySource pem(TestPki.Issued issued) {
        return KeySource.pem(issued.chainPem(), issued.keyPem(TestPki.KeyForm.PKCS8), "");
    }

    /** A PKIX trust manager trusting only {@code pki}'s CA, as a server's trust store would. */
    static X509TrustManager trusting(TestPki pki) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            factory.init(pki.trustStore());
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Options with {@code auth} and the scope derived from it for {@code host}. */
    static TlsContextOptions scoped(String host, ClientAuth auth, String... parameters) {
        return TlsContextOptions.defaults().withClientAuth(auth)
                .withScope(SessionScope.of(host, auth, List.of(parameters)));
    }

    /** s_client arguments that present {@code client}'s certificate, its CA as chain. */
    static String[] presenting(TestPki.Issued client, TestPki pki) {
        List<String> args = new ArrayList<>(List.of("-cert", client.certPem().toString(), "-key",
                client.keyPem(TestPki.KeyForm.PKCS8).toString(), "-cert_chain",
                pki.caPem().toString()));
        return args.toArray(String[]::new);
    }

    /** The echo's {@code peer=} fact the server must report for a client presenting {@code client}. */
    static String peerOf(TestPki.Issued client) {
        try (var in = java.nio.file.Files.newInputStream(client.chainPem())) {
            var chain = java.security.cert.CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            return "peer=" + chain.size() + ":" + NettyTestServer.chainDigest(List.copyOf(chain));
        } catch (java.io.IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the server answered the request (the handshake completed on both sides). */
    static boolean served(OpenSslClient.Result result) {
        return result.output().contains("node=");
    }
}
