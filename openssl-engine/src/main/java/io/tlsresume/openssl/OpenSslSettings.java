package io.tlsresume.openssl;

import io.tlsresume.core.Durations;
import io.tlsresume.core.Settings;
import io.tlsresume.core.engine.EngineKind;
import io.tlsresume.core.spi.EngineSetting;
import io.tlsresume.core.spi.EngineSettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The settings only engine=openssl reads, contributed to the core through
 * {@link OpenSslProvider}; read them with {@link #of(Settings)}.
 *
 * @param sessionStore whether server sessions are shared through the cluster
 * @param sessionTimeout how long a session can be resumed (and its store entry lives)
 * @param sessionStoreMaxEntries entries each member of the session store keeps at most
 * @param sessionStoreTimeout bound on a session lookup on the handshake thread
 * @param ringTickets whether tickets are stateless under the ring ({@code sessionTickets=ring})
 *     rather than stateful TLS 1.3 tickets backed by the session store
 */
public record OpenSslSettings(boolean sessionStore, Duration sessionTimeout,
        int sessionStoreMaxEntries, Duration sessionStoreTimeout, boolean ringTickets) {

    /** {@code sessionStore}. */
    public static final EngineSetting<Boolean> SESSION_STORE = new EngineSetting<>(
            EngineKind.OPENSSL, "sessionStore", "on",
            "engine=openssl: 'on' shares server sessions (TLS 1.2 session ids, stateful TLS 1.3"
                    + " tickets) through the cluster; 'off' keeps no session cache at all.",
            OpenSslSettings::onOff);
    /** {@code sessionTimeout}. */
    public static final EngineSetting<Duration> SESSION_TIMEOUT = new EngineSetting<>(
            EngineKind.OPENSSL, "sessionTimeout", "1h",
            "engine=openssl: how long a session can be resumed; also the time to live of its"
                    + " entry in the cluster store. At least 1s, at most 7d.",
            OpenSslSettings::sessionTimeout);
    /** {@code sessionStore.maxEntries}. */
    public static final EngineSetting<Integer> SESSION_STORE_MAX_ENTRIES = new EngineSetting<>(
            EngineKind.OPENSSL, "sessionStore.maxEntries", "100000",
            "engine=openssl: entries each member keeps at most; the least recently used are"
                    + " evicted beyond it (a resumption then falls back to a full handshake).",
            OpenSslSettings::maxEntries);
    /** {@code sessionTickets}. */
    public static final EngineSetting<Boolean> SESSION_TICKETS = new EngineSetting<>(
            EngineKind.OPENSSL, "sessionTickets", "stateful",
            "engine=openssl: 'stateful' issues TLS 1.3 tickets that are session ids looked up in"
                    + " the cluster store (no TLS 1.2 tickets); 'ring' issues stateless tickets"
                    + " (TLS 1.2 and 1.3) encrypted under the shared ring, like engine=boringssl.",
            OpenSslSettings::ringTickets);
    /** {@code sessionStore.timeout}. */
    public static final EngineSetting<Duration> SESSION_STORE_TIMEOUT = new EngineSetting<>(
            EngineKind.OPENSSL, "sessionStore.timeout", "50ms",
            "engine=openssl: bound on a session lookup, which runs on the handshake thread."
                    + " Slower answers count as misses: the handshake goes on as a full one.",
            OpenSslSettings::positive);

    /** Every setting of the engine, in the order the documentation lists them. */
    public static final List<EngineSetting<?>> ALL = List.of(SESSION_STORE, SESSION_TIMEOUT,
            SESSION_STORE_MAX_ENTRIES, SESSION_TICKETS, SESSION_STORE_TIMEOUT);

    /** The OpenSSL engine's settings of {@code settings}. */
    public static OpenSslSettings of(Settings settings) {
        return settings.engineSettings(OpenSslSettings.class);
    }

    static OpenSslSettings from(EngineSettingValues values) {
        return new OpenSslSettings(values.get(SESSION_STORE), values.get(SESSION_TIMEOUT),
                values.get(SESSION_STORE_MAX_ENTRIES), values.get(SESSION_STORE_TIMEOUT),
                values.get(SESSION_TICKETS));
    }

    @Override
    public String toString() {
        return "sessionStore=" + (sessionStore ? "on" : "off") + " timeout="
                + Durations.format(sessionTimeout) + " max=" + sessionStoreMaxEntries + " bound="
                + Durations.format(sessionStoreTimeout) + " tickets="
                + (ringTickets ? "ring" : "stateful");
    }

    private static boolean onOff(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException("'" + text + "' must be on or off");
        };
    }

    private static Duration sessionTimeout(String text) {
        Duration d = positive(text);
        if (d.toSeconds() < 1 || d.compareTo(Settings.MAX_TICKET_LIFETIME) > 0) {
            throw new IllegalArgumentException("must be between 1s and 7d (OpenSSL counts it in"
                    + " seconds), was " + Durations.format(d));
        }
        return d;
    }

    private static int maxEntries(String text) {
        int max;
        try {
            max = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number");
        }
        if (max < 1) {
            throw new IllegalArgumentException("must be at least 1, was " + max);
        }
        return max;
    }

    private static boolean ringTickets(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "stateful" -> false;
            case "ring" -> true;
            default -> throw new IllegalArgumentException("'" + text
                    + "' must be stateful or ring");
        };
    }

    private static Duration positive(String text) {
        Duration d = Durations.parse(text);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("must be positive, was '" + text + "'");
        }
        return d;
    }
}
