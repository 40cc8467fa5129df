package io.tlsresume.core.engine;

import io.tlsresume.core.spi.TlsEngineProvider;

/**
 * The core's own engine: Netty's OpenSSL engine on netty-tcnative-boringssl-static, whose ticket
 * keys the ring sets directly. It adds no settings and no maps.
 */
public final class BoringSslProvider implements TlsEngineProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public BoringSslProvider() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.BORINGSSL;
    }

    @Override
    public void require() {
        ServerTlsContext.requireEngine();
    }
}
