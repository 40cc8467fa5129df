package io.tlsresume.core.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An operation a {@link MetricSource} offers to exporters that can call one (JMX). It takes no
 * argument and returns either a text or a table (one row per element, a value per column);
 * nothing it returns may be key material.
 *
 * @param name the operation's name, e.g. {@code rotateNow}
 * @param description what it does, for consoles
 * @param changesState whether it acts (JMX impact ACTION) or only reads (INFO)
 * @param columns for a table: column name to value type ({@code String}, {@code Long},
 *     {@code Integer} or {@code Boolean}), in order; empty for a text
 * @param action runs it: a {@code String}, or for a table a {@code List<Map<String, Object>>}
 */
public record Operation(String name, String description, boolean changesState,
        Map<String, Class<?>> columns, Supplier<?> action) {
    private static final List<Class<?>> COLUMN_TYPES = List.of(String.class, Long.class,
            Integer.class, Boolean.class);

    /** Checks the column types. */
    public Operation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        for (Map.Entry<String, Class<?>> column : columns.entrySet()) {
            if (!COLUMN_TYPES.contains(column.getValue())) {
                throw new IllegalArgumentException("column " + column.getKey() + " of " + name
                        + ": type " + column.getValue().getSimpleName() + " is none of "
                        + COLUMN_TYPES);
            }
        }
    }

    /** An operation that returns a text. */
    public static Operation text(String name, String description, boolean changesState,
            Supplier<String> action) {
        return new Operation(name, description, changesState, Map.of(), action);
    }

    /**
     * A read-only operation that returns a table.
     *
     * @param columns column name to value type, in order (a {@link LinkedHashMap})
     */
    public static Operation table(String name, String description,
            Map<String, Class<?>> columns, Supplier<List<Map<String, Object>>> action) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("table " + name + " without columns");
        }
        return new Operation(name, description, false, columns, action);
    }

    /** Whether it returns a table. */
    public boolean isTable() {
        return !columns.isEmpty();
    }
}
