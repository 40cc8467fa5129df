package io.tlsresume.core.engine;

import java.util.List;
import javax.net.ssl.SSLHandshakeException;

/**
 * Chooses, per connection, the context that serves it, from what the client's ClientHello asks
 * for (server name, signature algorithms, ...). Called once per connection, on the thread that
 * reads the ClientHello, before BoringSSL sees any byte of it.
 *
 * @see ServerTlsContext#newEngine(String, int, ContextSelector)
 */
@FunctionalInterface
public interface ContextSelector {
    /**
     * The context for this connection.
     *
     * @param hello what the client asked for
     * @return the context to serve the connection, never {@code null}
     * @throws SSLHandshakeException to refuse the connection: the client gets a fatal
     *     {@code unrecognized_name} alert and the handshake fails
     */
    ServerTlsContext select(ClientHello hello) throws SSLHandshakeException;

    /**
     * Prefers an EC context when the client accepts EC, else an RSA context when it accepts RSA,
     * else the first context (list order), whose handshake then fails as it would without
     * selection.
     *
     * @param contexts the candidates, at least one; their order breaks ties
     * @throws IllegalArgumentException if {@code contexts} is empty
     */
    static ContextSelector byKeyType(List<ServerTlsContext> contexts) {
        return KeyTypeSelector.of(contexts);
    }
}
