package io.tlsresume.openssl;

import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.engine.EngineProbe;

/** Checks at node start that the system OpenSSL 3 can be called (service-loaded by the core). */
public final class OpenSslProbe implements EngineProbe {

    /** Called by {@link java.util.ServiceLoader}. */
    public OpenSslProbe() {
    }

    @Override
    public EngineKind kind() {
        return EngineKind.OPENSSL;
    }

    @Override
    public void require() {
        LibSsl.get();
    }
}
