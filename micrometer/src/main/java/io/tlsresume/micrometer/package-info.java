/**
 * Micrometer meters for a tlsresume node: {@link io.tlsresume.micrometer.TlsResumeMeterBinder}.
 */
package io.tlsresume.micrometer;
