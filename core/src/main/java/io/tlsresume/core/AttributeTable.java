package io.tlsresume.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a server adapter treats each TLS attribute of the server's own configuration object
 * (Jetty's {@code SslContextFactory.Server}, Tomcat's {@code SSLHostConfig}): honoured, refused
 * at start, or not applicable. One table per configuration class is the single source of the
 * parity table in {@code docs/parity.md}; the adapters call {@link #refusedSet} at start so that
 * no refused attribute is ever ignored silently.
 *
 * @param <T> the server's configuration class
 */
public final class AttributeTable<T> {

    /** What tlsresume does with an attribute a user sets. */
    public enum Status {
        /** Applied with the server's own meaning. */
        HONOURED,
        /** Start fails naming the attribute when it differs from the server's default. */
        REFUSED,
        /** Has no effect on a TLS server in the stock server either, or is set by the server. */
        NOT_APPLICABLE;

        /** The word the parity table uses: {@code honoured}, {@code refused}, ... */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /**
     * One attribute.
     *
     * @param name the attribute as the user writes it (Jetty setter property, Tomcat attribute)
     * @param status what tlsresume does with it
     * @param detail how it is honoured, or why it is refused (the start error's text), or why it
     *     does not apply
     * @param test the simple name of the test class that shows an honoured attribute at work;
     *     empty for the other statuses
     * @param value reads the attribute from a configuration object; present for refused ones,
     *     whose value is compared with a default object's
     * @param <T> the server's configuration class
     */
    public record Attribute<T>(String name, Status status, String detail, String test,
            Function<T, Object> value) {
        /** Checks the fields; see the record's description. */
        public Attribute {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(test, "test");
            if ((status == Status.HONOURED) == test.isEmpty()) {
                throw new IllegalArgumentException(name + ": a test names exactly the honoured");
            }
            if ((status == Status.REFUSED) != (value != null)) {
                throw new IllegalArgumentException(name + ": a value reader goes with refused");
            }
        }
    }

    private final Map<String, Attribute<T>> attributes;

    private AttributeTable(Map<String, Attribute<T>> attributes) {
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /** Starts a table. */
    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    /** Every attribute by name, in table order. */
    public Map<String, Attribute<T>> attributes() {
        return attributes;
    }

    /** The attribute called {@code name}, if classified. */
    public Optional<Attribute<T>> get(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /**
     * The refused attributes whose value in {@code configured} differs from their value in
     * {@code defaults}, a freshly constructed object of the same class: those the user set.
     */
    public List<Attribute<T>> refusedSet(T configured, T defaults) {
        List<Attribute<T>> set = new ArrayList<>();
        for (Attribute<T> attribute : attributes.values()) {
            if (attribute.status() == Status.REFUSED && !Objects.deepEquals(
                    attribute.value().apply(configured), attribute.value().apply(defaults))) {
                set.add(attribute);
            }
        }
        return set;
    }

    /** Builds an {@link AttributeTable}; each name once. */
    public static final class Builder<T> {
        private final Map<String, Attribute<T>> attributes = new LinkedHashMap<>();

        private Builder() {
        }

        /** An attribute applied with the server's meaning, shown by test class {@code test}. */
        public Builder<T> honoured(String name, String how, String test) {
            return add(new Attribute<>(name, Status.HONOURED, how, test, null));
        }

        /** An attribute that fails start, with {@code why}, when its value is not the default. */
        public Builder<T> refused(String name, Function<T, Object> value, String why) {
            return add(new Attribute<>(name, Status.REFUSED, why, "", value));
        }

        /** An attribute without effect on a TLS server, for the reason {@code why}. */
        public Builder<T> notApplicable(String name, String why) {
            return add(new Attribute<>(name, Status.NOT_APPLICABLE, why, "", null));
        }

        private Builder<T> add(Attribute<T> attribute) {
            if (attributes.putIfAbsent(attribute.name(), attribute) != null) {
                throw new IllegalArgumentException(attribute.name() + " classified twice");
            }
            return this;
        }

        /** The table. */
        public AttributeTable<T> build() {
            return new AttributeTable<>(new LinkedHashMap<>(attributes));
        }
    }
}
