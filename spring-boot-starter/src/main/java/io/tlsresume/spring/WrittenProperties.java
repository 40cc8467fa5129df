package io.tlsresume.spring;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Finds how the user wrote a property Boot knows under its canonical name: Boot's relaxed
 * binding accepts {@code tlsresume.rotationInterval}, {@code tlsresume.rotation-interval} and
 * {@code TLSRESUME_ROTATIONINTERVAL} alike, and an error should quote the one in the user's
 * file, with the file and line.
 */
final class WrittenProperties {
    /** A property as written: its name in the source, its value and where it was written. */
    record Written(String canonical, String name, Object value, Origin origin) {
    }

    private final Environment environment;

    WrittenProperties(Environment environment) {
        this.environment = environment;
    }

    /**
     * How {@code property} (a canonical name such as {@code tlsresume.rotation-interval}) was
     * written in the highest-precedence source that sets it; the canonical name alone when no
     * source does (or it is a list, written element by element).
     */
    Written find(String property) {
        if (environment instanceof ConfigurableEnvironment configurable
                && ConfigurationPropertyName.isValid(property)) {
            ConfigurationPropertyName target = ConfigurationPropertyName.of(property);
            for (PropertySource<?> source : configurable.getPropertySources()) {
                Optional<Written> found = find(source, target, property);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return new Written(property, property, null, null);
    }

    private static Optional<Written> find(PropertySource<?> source,
            ConfigurationPropertyName target, String property) {
        if (!(source instanceof EnumerablePropertySource<?> enumerable)
                || source.getSource() instanceof Iterable<?>) { // Boot's attached view of all
            return Optional.empty();
        }
        for (String name : enumerable.getPropertyNames()) {
            if (!name.toLowerCase(java.util.Locale.ROOT).startsWith("tlsresume")) {
                continue;
            }
            Object value = enumerable.getProperty(name);
            // Boot's own mapping decides whether this name is the property (relaxed binding).
            PropertySource<?> single = source instanceof SystemEnvironmentPropertySource
                    ? new SystemEnvironmentPropertySource(source.getName(), Map.of(name, value))
                    : new MapPropertySource(source.getName(), Map.of(name, value));
            ConfigurationPropertySource mapped = ConfigurationPropertySource.from(single);
            if (mapped != null && mapped.getConfigurationProperty(target) != null) {
                Origin origin = OriginLookup.getOrigin(source, name);
                if (origin == null) {
                    origin = new PropertySourceOrigin(source, name);
                }
                return Optional.of(new Written(property, name, value, origin));
            }
        }
        return Optional.empty();
    }
}
