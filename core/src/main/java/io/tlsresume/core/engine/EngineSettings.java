package io.tlsresume.core.engine;

import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The settings a server made on an engine before its context was chosen, in the order made, so
 * that the engine of the chosen context ends up configured exactly the same way.
 */
final class EngineSettings {
    /** One call on the engine. */
    @FunctionalInterface
    interface Setting {
        void applyTo(ReferenceCountedOpenSslEngine engine) throws SSLException;
    }

    private final List<Setting> made = new ArrayList<>();

    /** Applies {@code setting} to {@code engine} and, if it took, remembers it. */
    void apply(Setting setting, ReferenceCountedOpenSslEngine engine) throws SSLException {
        setting.applyTo(engine);
        made.add(setting);
    }

    /** Makes every remembered setting again, on {@code engine}. */
    void replay(ReferenceCountedOpenSslEngine engine) throws SSLException {
        for (Setting setting : made) {
            setting.applyTo(engine);
        }
    }
}
