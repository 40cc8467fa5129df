/**
 * Tomcat 11 integration: {@link io.tlsresume.tomcat.TlsResumeListener} (a Connector's node and
 * settings), {@link io.tlsresume.tomcat.TlsResumeImplementation} (the Connector's
 * {@code sslImplementationName}, serving Netty's BoringSSL engines whose ticket keys follow the
 * cluster's ring) and {@link io.tlsresume.tomcat.TlsResumeValve} (per-request TLS facts).
 */
package io.tlsresume.tomcat;
