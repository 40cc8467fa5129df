package io.tlsresume.core.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import javax.net.ssl.SSLParameters;

/**
 * A copy of {@code SSLParameters}, taken when a server sets them, because the server may change
 * its object afterwards and the settings must be replayed as they were set.
 */
final class SslParametersCopy {
    /** {@code get/setSignatureSchemes}, JDK 19 on. */
    private static final MethodHandle GET_SCHEMES;
    private static final MethodHandle SET_SCHEMES;

    static {
        MethodHandle get = null;
        MethodHandle set = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            get = lookup.findVirtual(SSLParameters.class, "getSignatureSchemes",
                    MethodType.methodType(String[].class));
            set = lookup.findVirtual(SSLParameters.class, "setSignatureSchemes",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // JDK 17-18: parameters carry no signature schemes.
        }
        GET_SCHEMES = get;
        SET_SCHEMES = set;
    }

    private SslParametersCopy() {
    }

    static SSLParameters of(SSLParameters p) {
        SSLParameters copy = new SSLParameters(p.getCipherSuites(), p.getProtocols());
        // need and want clear each other: set the one in force last.
        if (p.getNeedClientAuth()) {
            copy.setNeedClientAuth(true);
        } else {
            copy.setWantClientAuth(p.getWantClientAuth());
        }
        copy.setAlgorithmConstraints(p.getAlgorithmConstraints());
        copy.setEndpointIdentificationAlgorithm(p.getEndpointIdentificationAlgorithm());
        copy.setServerNames(p.getServerNames());
        copy.setSNIMatchers(p.getSNIMatchers());
        copy.setUseCipherSuitesOrder(p.getUseCipherSuitesOrder());
        copy.setEnableRetransmissions(p.getEnableRetransmissions());
        copy.setMaximumPacketSize(p.getMaximumPacketSize());
        copy.setApplicationProtocols(p.getApplicationProtocols());
        NamedGroups.set(copy, NamedGroups.get(p));
        if (GET_SCHEMES != null) {
            try {
                SET_SCHEMES.invokeExact(copy, (String[]) GET_SCHEMES.invokeExact(p));
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
        return copy;
    }
}
