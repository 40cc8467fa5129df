package io.tlsresume.core.engine;

import java.util.List;

/** {@link ContextSelector#byKeyType}: EC when the client takes it, else RSA, else the first. */
final class KeyTypeSelector implements ContextSelector {
    private final List<ServerTlsContext> contexts;

    private KeyTypeSelector(List<ServerTlsContext> contexts) {
        this.contexts = contexts;
    }

    static KeyTypeSelector of(List<ServerTlsContext> contexts) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("byKeyType needs at least one context");
        }
        return new KeyTypeSelector(List.copyOf(contexts));
    }

    @Override
    public ServerTlsContext select(ClientHello hello) {
        throw new UnsupportedOperationException("not yet");
    }
}
