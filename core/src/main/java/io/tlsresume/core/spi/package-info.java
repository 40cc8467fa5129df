/**
 * The engine SPI: what a TLS engine living in its own module contributes to a node. An engine
 * implements {@link io.tlsresume.core.spi.TlsEngineProvider} and registers it with
 * {@link java.util.ServiceLoader}; the core finds it by {@link io.tlsresume.core.engine.EngineKind}
 * and knows nothing else about the engine. The core's own BoringSSL engine is one implementation
 * ({@code io.tlsresume.core.engine.BoringSslProvider}); the OpenSSL engine
 * ({@code tlsresume-openssl}, Java 22+) is another.
 */
package io.tlsresume.core.spi;
