package io.tlsresume.core.engine;

import java.util.List;
import java.util.Objects;

/**
 * What a server context is built with besides its key.
 *
 * @param alpnProtocols protocols offered by ALPN, in preference order; empty for no ALPN
 * @param namedGroups key-exchange groups in preference order, JDK or OpenSSL names; empty for
 *     the engine's defaults
 * @param clientAuth whether and how client certificates are asked for
 * @param scope which sessions may resume in the context (its session-id context)
 */
public record TlsContextOptions(List<String> alpnProtocols, List<String> namedGroups,
        ClientAuth clientAuth, SessionScope scope) {

    private static final TlsContextOptions DEFAULTS = new TlsContextOptions(List.of(), List.of(),
            ClientAuth.none(), SessionScope.DEFAULT);

    /** Copies the lists; rejects nulls. */
    public TlsContextOptions {
        alpnProtocols = List.copyOf(alpnProtocols);
        namedGroups = List.copyOf(namedGroups);
        Objects.requireNonNull(clientAuth, "clientAuth");
        Objects.requireNonNull(scope, "scope");
    }

    /** No ALPN, the engine's groups, no client certificates, {@link SessionScope#DEFAULT}. */
    public static TlsContextOptions defaults() {
        return DEFAULTS;
    }

    /** These options with ALPN offering {@code protocols} (empty for none). */
    public TlsContextOptions withAlpn(List<String> protocols) {
        return new TlsContextOptions(protocols, namedGroups, clientAuth, scope);
    }

    /** These options with key-exchange {@code groups} (empty for the engine's defaults). */
    public TlsContextOptions withNamedGroups(List<String> groups) {
        return new TlsContextOptions(alpnProtocols, groups, clientAuth, scope);
    }

    /**
     * These options with {@code auth}. The scope is not changed: derive it with
     * {@link SessionScope#of} from the same {@code auth}.
     */
    public TlsContextOptions withClientAuth(ClientAuth auth) {
        return new TlsContextOptions(alpnProtocols, namedGroups, auth, scope);
    }

    /** These options with {@code sessionScope}. */
    public TlsContextOptions withScope(SessionScope sessionScope) {
        return new TlsContextOptions(alpnProtocols, namedGroups, clientAuth, sessionScope);
    }
}
