package io.tlsresume.jetty;

import java.util.List;
import javax.net.ssl.X509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SniX509ExtendedKeyManager;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty's own SNI key manager, asked before the handshake which key store entry serves a
 * client: the same code stock Jetty runs inside the JDK's handshake ({@code sniRequired},
 * {@code certAlias}, wildcards, the factory's or a custom {@code SNISelector}, alias mapping),
 * called with the server name read from the ClientHello.
 */
final class SniKeyChooser extends SniX509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    SniKeyChooser(X509ExtendedKeyManager delegate, SslContextFactory.Server factory) {
        super(delegate, factory);
        this.delegate = delegate;
    }

    /**
     * The alias Jetty would serve to a client asking for {@code sniHost} ({@code null}: no SNI)
     * with a key of {@code keyType}, or {@code null} for none (Jetty then fails the handshake).
     *
     * @throws IllegalArgumentException if {@code sniHost} is not a valid host name
     */
    String choose(String keyType, String sniHost) {
        SniHostSession session = sniHost == null ? null : new SniHostSession(sniHost);
        String alias = chooseServerAlias(keyType, null, List.of(), session);
        // Same identity test as Jetty's: DELEGATE is a marker constant, not a name.
        return alias == SniSelector.DELEGATE
                ? delegate.chooseEngineServerAlias(keyType, null, null) : alias;
    }
}
