package io.tlsresume.core;

import io.tlsresume.core.cluster.HazelcastInstances;
import io.tlsresume.core.cluster.HazelcastRingStore;
import io.tlsresume.core.engine.EngineRequirements;
import io.tlsresume.core.engine.ServerTlsContext;
import io.tlsresume.core.engine.TlsContextOptions;
import io.tlsresume.core.metrics.jmx.JmxExporter;
import io.tlsresume.core.ring.TicketKeyInstaller;
import io.tlsresume.core.ring.KeyRotator;
import io.tlsresume.core.ring.RingCodec;
import io.tlsresume.core.sealing.CardTrust;
import io.tlsresume.core.sealing.NodeIdentity;
import io.tlsresume.core.sealing.SealedRingCodec;
import io.tlsresume.core.ring.LocalRingStore;
import io.tlsresume.core.ring.RingStore;
import io.tlsresume.core.ring.RotationSchedule;
import io.tlsresume.core.ring.Scheduler;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One server's membership in a resumption cluster: its ring store, its key rotator, its metrics,
 * and the TLS contexts its connectors use. Server adapters start one per connector (or share one)
 * and {@link #close()} it when the server stops.
 */
public final class ResumptionNode implements AutoCloseable {
    private static final Logger LOG = System.getLogger("io.tlsresume.node");

    private final Settings settings;
    private final RingStore store;
    private final KeyRotator rotator;
    private final NodeMetrics metrics;
    private volatile JmxExporter jmx;
    private final List<Runnable> closeActions = new ArrayList<>();
    private boolean closed;

    private ResumptionNode(Settings settings, RingStore store, KeyRotator rotator) {
        this.settings = settings;
        this.store = store;
        this.rotator = rotator;
        this.metrics = new NodeMetrics(settings.nodeId(), rotator, store);
    }

    /**
     * Joins the cluster (or starts alone), loads or agrees on the ring, and starts rotating,
     * with the server key of the settings ({@link Settings#keySource()}).
     *
     * @throws SettingsException if a setting is unusable, or sealing is on and the settings name
     *     no server key
     * @throws IllegalStateException if the TLS engine cannot load on this platform
     */
    public static ResumptionNode start(Settings settings) {
        return builder(settings).start();
    }

    /**
     * Joins the cluster (or starts alone), loads or agrees on the ring, and starts rotating.
     * With sealing on, {@code keys} signs this node's membership card, so the node must have its
     * server key before it joins.
     *
     * @param keys the server key and chain; may be null only with {@code sealing=off}
     * @throws SettingsException if a setting is unusable
     * @throws IllegalStateException if the TLS engine cannot load on this platform
     */
    public static ResumptionNode start(Settings settings, KeySource keys) {
        return builder(settings).keys(keys).start();
    }

    /**
     * A node with {@code settings} whose key source, clock or scheduler may be replaced before
     * it {@link Builder#start() starts}: by default the settings' key source, the system UTC
     * clock and a daemon thread of its own, as {@link #start(Settings)} uses.
     */
    public static Builder builder(Settings settings) {
        return new Builder(settings);
    }

    /**
     * Starts a {@link ResumptionNode} with injected parts (as Caffeine's builder takes a
     * {@code Ticker} and a {@code Scheduler}): tests move the clock and run the scheduler's due
     * tasks instead of waiting for rotations.
     */
    public static final class Builder {
        private final Settings settings;
        private KeySource keys;
        private Clock clock = Clock.systemUTC();
        private Scheduler scheduler;

        private Builder(Settings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            this.keys = settings.keySource().orElse(null);
        }

        /**
         * The server key and chain that sign this node's membership card; may be null only with
         * {@code sealing=off}. Default: {@link Settings#keySource()}.
         */
        public Builder keys(KeySource keys) {
            this.keys = keys;
            return this;
        }

        /** Where the node reads the time that decides epochs and expiry. Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * What runs the node's ticks and start-up wait, with delays in the {@link #clock(Clock)
         * clock}'s time. The node does not shut it down: its owner does, after closing the node.
         * Default: a daemon thread of the node's own, stopped by {@link ResumptionNode#close()}.
         */
        public Builder scheduler(Scheduler scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Joins the cluster (or starts alone), loads or agrees on the ring, and starts rotating.
         * With a scheduler given, this returns once that scheduler has run the start-up wait.
         *
         * @throws SettingsException if a setting is unusable, or sealing is on and no server key
         *     is given
         * @throws IllegalStateException if the TLS engine cannot load on this platform
         */
        public ResumptionNode start() {
            return ResumptionNode.start(settings, keys, clock, scheduler);
        }
    }

    private static ResumptionNode start(Settings settings, KeySource keys, Clock clock,
            Scheduler scheduler) {
        EngineRequirements.require(settings.engine());
        NodeIdentity identity = settings.sealing() ? identityOf(settings, keys) : null;
        RingStore store = openStore(settings);
        RingCodec codec = null;
        KeyRotator rotator = null;
        try {
            RotationSchedule schedule = new RotationSchedule(settings.rotationInterval(),
                    settings.ticketLifetime());
            SecureRandom random = new SecureRandom();
            codec = identity == null ? RingCodec.plain()
                    : new SealedRingCodec(identity, trustOf(settings, identity), store, schedule,
                            random);
            if (identity == null) {
                LOG.log(Level.WARNING, "{0}=off: ticket keys travel and sit in the cluster"
                        + " store in the clear; anyone who can read Hazelcast traffic or join"
                        + " cluster ''{1}'' can decrypt every ticket",
                        settings.nameOf(Setting.SEALING),
                        settings.clusterName());
            }
            rotator = scheduler == null
                    ? new KeyRotator(schedule, store, codec, clock, random,
                            settings.expectedMembers())
                    : new KeyRotator(schedule, store, codec, clock, scheduler, random,
                            settings.expectedMembers());
            ResumptionNode node = new ResumptionNode(settings, store, rotator);
            rotator.setJoinGrace(settings.clusterJoinGrace());
            rotator.start();
            EngineRequirements.provider(settings.engine())
                    .ifPresent(engine -> engine.registerMetrics(node));
            node.jmx = JmxExporter.start(node.metrics);
            LOG.log(Level.INFO, "tlsresume node {0} started: {1}", settings.nodeId(), settings);
            return node;
        } catch (RuntimeException e) {
            // Stop ticking and erase what the first ticks made (ring keys, the sealing codec's
            // ephemeral keys) before the store goes: nothing of a failed node may linger.
            if (rotator != null) {
                rotator.close();
            } else if (codec != null) {
                codec.close();
            }
            store.close();
            throw e;
        }
    }

    private static NodeIdentity identityOf(Settings settings, KeySource keys) {
        if (keys == null) {
            throw settings.invalid(Setting.KEY_STORE_PATH, "no server key"
                    + " configured: set a key store or " + settings.nameOf(Setting.PEM_CERT_CHAIN)
                    + " and " + settings.nameOf(Setting.PEM_PRIVATE_KEY) + " (with "
                    + settings.nameOf(Setting.SEALING) + "=on the key signs this node's"
                    + " membership card before it joins the ring)", null);
        }
        try {
            return new NodeIdentity(settings.nodeId(), keys.loadPrivateKey(),
                    keys.certificateChain());
        } catch (SettingsException e) {
            throw e; // names the key setting that is wrong
        } catch (IllegalArgumentException e) {
            throw settings.invalid(Setting.SEALING, "cannot sign membership"
                    + " cards with " + keys.describe() + ": " + e.getMessage(), e);
        }
    }

    private static CardTrust trustOf(Settings settings, NodeIdentity identity) {
        return switch (settings.sealingTrust()) {
            case SAME_KEY -> CardTrust.sameKey(identity.publicKey());
            case CA -> CardTrust.certificateAuthority(settings.sealingTrustCa());
            case PINNED -> CardTrust.pinned(settings.sealingTrustPins());
        };
    }

    private static RingStore openStore(Settings settings) {
        return switch (settings.clusterMode()) {
            case NONE -> new LocalRingStore();
            case MEMBER -> new HazelcastRingStore(HazelcastInstances.startMember(settings),
                    settings.clusterTimeout(), "Hazelcast cluster '" + settings.clusterName()
                            + "' member " + settings.clusterInterface() + ":"
                            + settings.clusterPort());
            case CLIENT -> new HazelcastRingStore(HazelcastInstances.startClient(settings),
                    settings.clusterTimeout(), "Hazelcast cluster '" + settings.clusterName()
                            + "' via client of " + settings.clusterMembers());
        };
    }

    /**
     * A TLS context whose ticket keys follow the ring, using the key source from the settings.
     *
     * @param alpnProtocols protocols offered by ALPN, in preference order; empty for none
     */
    public ServerTlsContext newServerContext(List<String> alpnProtocols) {
        KeySource keys = settings.keySource().orElseThrow(() -> settings.invalid(
                Setting.KEY_STORE_PATH, "no server key configured: set a key store"
                        + " or " + settings.nameOf(Setting.PEM_CERT_CHAIN) + " and "
                        + settings.nameOf(Setting.PEM_PRIVATE_KEY), null));
        return newServerContext(keys, alpnProtocols);
    }

    /** A TLS context with the given key and chain whose ticket keys follow the ring. */
    public ServerTlsContext newServerContext(KeySource keys, List<String> alpnProtocols) {
        return newServerContext(keys, alpnProtocols, List.of());
    }

    /**
     * A TLS context with the given key, chain and key-exchange groups whose ticket keys follow
     * the ring.
     *
     * @param namedGroups groups in preference order; empty for the engine's defaults
     */
    public ServerTlsContext newServerContext(KeySource keys, List<String> alpnProtocols,
            List<String> namedGroups) {
        return newServerContext(keys, TlsContextOptions.defaults().withAlpn(alpnProtocols)
                .withNamedGroups(namedGroups));
    }

    /**
     * A TLS context with the given key and options (ALPN, groups, client certificates, scope)
     * whose ticket keys follow the ring. Contexts of one scope on every node resume each other's
     * sessions; contexts of different scopes never do (a full handshake, no error).
     *
     * @throws IllegalArgumentException if the options' scope was not derived from their client
     *     authentication
     */
    public ServerTlsContext newServerContext(KeySource keys, TlsContextOptions options) {
        ServerTlsContext context = ServerTlsContext.create(keys, settings.ticketLifetime(),
                options, metrics);
        rotator.register(context);
        metrics.track(context);
        return context;
    }

    /** Stops following the ring in {@code context} (its connector stopped). */
    public void release(ServerTlsContext context) {
        rotator.unregister(context);
        metrics.untrack(context);
    }

    /**
     * Makes {@code installer} follow the ring: it gets the live keys now and after every change,
     * until {@link #unfollowRing(TicketKeyInstaller)}. Engines that derive other keys from the
     * ring (the OpenSSL engine's sealed session store) use it.
     */
    public void followRing(TicketKeyInstaller installer) {
        rotator.register(installer);
    }

    /** Stops sending ring changes to {@code installer}. */
    public void unfollowRing(TicketKeyInstaller installer) {
        rotator.unregister(installer);
    }

    /**
     * This node's metrics sink: its counters and ring state, and the metrics engines add
     * ({@link NodeMetrics#source}); published over JMX while the node runs.
     */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** The settings this node runs with. */
    public Settings settings() {
        return settings;
    }

    /**
     * The Hazelcast member or client the ring lives in; empty with {@code cluster.mode=none}.
     * Engines keep their other shared state (the OpenSSL engine's session store) in it.
     */
    public java.util.Optional<com.hazelcast.core.HazelcastInstance> hazelcast() {
        return store instanceof HazelcastRingStore h ? java.util.Optional.of(h.hazelcast())
                : java.util.Optional.empty();
    }

    /** The ring store, for tests and diagnostics. */
    public RingStore store() {
        return store;
    }

    /**
     * Registers a listener that receives the node's ticket keys on every change, as an engine
     * context does (tests that check where keys go; never log what it receives).
     */
    public void addKeyListener(io.tlsresume.core.ring.TicketKeyInstaller listener) {
        rotator.register(listener);
    }

    /**
     * Each key this node holds: epoch, fingerprint, state ({@code encrypting}, {@code next},
     * {@code decrypting}), expiry; the encrypting key first. Never key bytes.
     */
    public List<io.tlsresume.core.ring.RingKey> ringKeys() {
        return metrics.ringKeys();
    }

    /**
     * A new key encrypts on this node now and on every node of the cluster within one rotator
     * tick; older keys decrypt until their tickets expire. Logged at INFO with {@code caller}.
     *
     * @param caller who asked, as the log should name them (e.g. {@code "actuator principal
     *     'ops'"}); never a secret
     * @return the key that encrypts now
     * @throws IllegalStateException if the cluster store failed (nothing was rotated) or the
     *     node is closed
     */
    public io.tlsresume.core.ring.RingKey rotateNow(String caller) {
        return metrics.rotateNow(caller);
    }

    /**
     * After a suspected leak: every key on every node and in the store is dropped, a fresh key
     * encrypts everywhere, and tickets issued before get a full handshake (never an error); a
     * node that joins or restarts later never brings a revoked key back. Logged at WARNING with
     * {@code caller}.
     *
     * @param caller who asked, as the log should name them; never a secret
     * @return the key that encrypts now
     * @throws IllegalStateException if the cluster store failed before the revocation was
     *     recorded (nothing was revoked) or the node is closed
     */
    public io.tlsresume.core.ring.RingKey revokeAll(String caller) {
        return metrics.revokeAll(caller);
    }

    /** Runs one rotation round now (tests; normally the rotator's own thread does this). */
    public void syncRingNow() {
        rotator.tick();
    }

    /**
     * Runs {@code action} once when this node closes, before it leaves the cluster, or at once if
     * it is closed already: exporters other than JMX (a Micrometer binder) remove what they
     * published. An action that throws is logged and the others still run.
     */
    public void onClose(Runnable action) {
        Objects.requireNonNull(action, "action");
        synchronized (closeActions) {
            if (!closed) {
                closeActions.add(action);
                return;
            }
        }
        runCloseAction(action);
    }

    private void runCloseAction(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A close action of tlsresume node " + settings.nodeId()
                    + " failed", e);
        }
    }

    /** Leaves the cluster, stops rotating and erases every key this node holds. */
    @Override
    public void close() {
        List<Runnable> actions;
        synchronized (closeActions) {
            closed = true;
            actions = List.copyOf(closeActions);
            closeActions.clear();
        }
        actions.forEach(this::runCloseAction);
        JmxExporter exported = jmx;
        if (exported != null) {
            exported.close();
        }
        rotator.close();
        store.close();
        LOG.log(Level.INFO, "tlsresume node {0} stopped", settings.nodeId());
    }
}
