package io.tlsresume.core.engine;

import java.util.List;

/** {@link ContextSelector#byKeyType}: EC when the client takes it, else RSA, else the first. */
final class KeyTypeSelector implements ContextSelector {
    private final List<ServerTlsContext> contexts;
    private final List<KeyType> types;

    private KeyTypeSelector(List<ServerTlsContext> contexts) {
        this.contexts = contexts;
        this.types = contexts.stream().map(ServerTlsContext::keyType).toList();
    }

    static KeyTypeSelector of(List<ServerTlsContext> contexts) {
        if (contexts.isEmpty()) {
            throw new IllegalArgumentException("byKeyType needs at least one context");
        }
        return new KeyTypeSelector(List.copyOf(contexts));
    }

    @Override
    public ServerTlsContext select(ClientHello hello) {
        for (KeyType preferred : List.of(KeyType.EC, KeyType.RSA)) {
            int index = types.indexOf(preferred);
            if (index >= 0 && hello.accepts(preferred)) {
                return contexts.get(index);
            }
        }
        return contexts.get(0);
    }
}
