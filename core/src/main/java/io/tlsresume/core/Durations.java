package io.tlsresume.core;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The duration syntax of settings and tools: {@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 7d}, {@code 0}, or ISO-8601 ({@code PT1H}).
 */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(-?\\d+)\\s*(ms|s|m|h|d)");

    private Durations() {
    }

    /**
     * Parses a duration that fits in a {@code long} of milliseconds.
     *
     * @throws IllegalArgumentException with examples of the syntax, or saying it is too long
     */
    public static Duration parse(String text) {
        Duration parsed = parseUnchecked(text);
        try {
            // Every user of a duration counts in milliseconds (schedulers, TTLs, logs).
            parsed.toMillis();
        } catch (ArithmeticException e) {
            throw tooLong(text);
        }
        return parsed;
    }

    private static Duration parseUnchecked(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SIMPLE.matcher(trimmed);
        if (m.matches()) {
            try {
                long amount = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            } catch (ArithmeticException | NumberFormatException e) {
                throw tooLong(text);
            }
        }
        try {
            return Duration.parse(trimmed);
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof ArithmeticException) {
                throw tooLong(text);
            }
            throw new IllegalArgumentException("'" + text + "' is not a duration (examples: 500ms,"
                    + " 30s, 5m, 1h, 7d, PT1H)");
        }
    }

    private static IllegalArgumentException tooLong(String text) {
        return new IllegalArgumentException("'" + text + "' is too long a duration (at most about"
                + " 292 million years, in milliseconds)");
    }

    /** The shortest exact form in the simple syntax, for logs. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms % 86_400_000 == 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
