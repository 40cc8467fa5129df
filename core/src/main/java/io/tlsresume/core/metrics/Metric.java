package io.tlsresume.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One value a node reports, described so that an exporter can publish it without knowing what it
 * means: the JMX exporter and a Micrometer binder iterate the same descriptors. Values are read
 * when exported; reading is cheap and makes no cluster call. No value ever holds key material.
 *
 * @param name dimensional name, dotted lower case, e.g. {@code tlsresume.handshakes} (meter
 *     registries add tags to it)
 * @param tags dimensions, in declaration order, e.g. {@code resumed=true, protocol=TLSv1.3};
 *     every metric of one name has the same tag keys
 * @param attribute flat name for exporters without tags, e.g. the JMX attribute
 *     {@code ResumedHandshakes}; metrics of one source that share it are published as their sum
 * @param description one sentence for operators
 * @param kind counter, gauge or text
 * @param type {@code Long}, {@code Integer}, {@code Boolean} or {@code String}
 * @param value reads the current value, of {@code type}
 */
public record Metric(String name, Map<String, String> tags, String attribute,
        String description, Kind kind, Class<?> type, Supplier<?> value) {

    /** How a value behaves, which decides how a registry publishes it. */
    public enum Kind {
        /** A count that only grows (while the node runs): exporters publish its rate. */
        COUNTER,
        /** A level that goes up and down; a boolean gauge reads 1 for true and 0 for false. */
        GAUGE,
        /** Text (a fingerprint, a time, a reason): JMX shows it, meter registries skip it. */
        TEXT
    }

    /** Checks the parts and copies the tags. */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        boolean fits = switch (kind) {
            case COUNTER -> type == Long.class;
            case GAUGE -> type == Long.class || type == Integer.class || type == Boolean.class;
            case TEXT -> type == String.class;
        };
        if (!fits) {
            throw new IllegalArgumentException(name + ": a " + kind + " cannot be a " + type);
        }
    }

    /** A monotonic count. */
    public static Metric counter(String name, String attribute, String description,
            LongSupplier value) {
        return new Metric(name, Map.of(), attribute, description, Kind.COUNTER, Long.class,
                value::getAsLong);
    }

    /** A level that fits an {@code int} (sizes, members). */
    public static Metric gauge(String name, String attribute, String description,
            IntSupplier value) {
        return new Metric(name, Map.of(), attribute, description, Kind.GAUGE, Integer.class,
                value::getAsInt);
    }

    /** A level that needs a {@code long} (entries, bytes). */
    public static Metric longGauge(String name, String attribute, String description,
            LongSupplier value) {
        return new Metric(name, Map.of(), attribute, description, Kind.GAUGE, Long.class,
                value::getAsLong);
    }

    /** A yes/no state, published by meter registries as 1 or 0. */
    public static Metric flag(String name, String attribute, String description,
            BooleanSupplier value) {
        return new Metric(name, Map.of(), attribute, description, Kind.GAUGE, Boolean.class,
                value::getAsBoolean);
    }

    /** Text for people (never key material). */
    public static Metric text(String name, String attribute, String description,
            Supplier<String> value) {
        return new Metric(name, Map.of(), attribute, description, Kind.TEXT, String.class,
                value);
    }

    /** This metric with one more tag. */
    public Metric tagged(String key, String tagValue) {
        Map<String, String> more = new LinkedHashMap<>(tags);
        more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(tagValue, "value"));
        return new Metric(name, more, attribute, description, kind, type, value);
    }

    /** The current value, of {@link #type()}. */
    public Object read() {
        return value.get();
    }

    /**
     * The current value as a number, for registries that hold doubles: a boolean reads 1 or 0.
     *
     * @throws IllegalStateException for {@link Kind#TEXT}
     */
    public double readNumber() {
        Object current = read();
        if (current instanceof Number number) {
            return number.doubleValue();
        }
        if (current instanceof Boolean flag) {
            return flag ? 1 : 0;
        }
        throw new IllegalStateException(name + " is text, not a number");
    }
}
