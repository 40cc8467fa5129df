package io.tlsresume.core.engine;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import javax.net.ssl.SSLParameters;

/**
 * {@code SSLParameters.get/setNamedGroups}, which exist from JDK 20 on; this code is compiled for
 * JDK 17, where neither exists and parameters never carry groups.
 */
final class NamedGroups {
    private static final MethodHandle GET;
    private static final MethodHandle SET;

    static {
        MethodHandle get = null;
        MethodHandle set = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            get = lookup.findVirtual(SSLParameters.class, "getNamedGroups",
                    MethodType.methodType(String[].class));
            set = lookup.findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            // JDK 17-19: no named groups in SSLParameters.
        }
        GET = get;
        SET = set;
    }

    private NamedGroups() {
    }

    /** Whether this JDK's {@code SSLParameters} carry named groups. */
    static boolean supported() {
        return GET != null;
    }

    /** The groups in {@code params}, or {@code null} (none set, or JDK before 20). */
    static String[] get(SSLParameters params) {
        if (GET == null) {
            return null;
        }
        try {
            return (String[]) GET.invokeExact(params);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** Sets the groups in {@code params}; {@code null} means the provider's default. */
    static void set(SSLParameters params, String[] groups) {
        if (SET == null) {
            return;
        }
        try {
            SET.invokeExact(params, groups);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
