package io.tlsresume.spring;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;

/**
 * Reports {@code tlsresume.*} properties that name no setting (a typo such as
 * {@code tlsresume.rotation-intervall}) as written, with the properties that exist. Runs before
 * Boot's generic report of unbound properties, which it replaces for tlsresume's own.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPropertyFailureAnalyzer
        extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {
    private final Environment environment;

    UnknownPropertyFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure,
            UnboundConfigurationPropertiesException cause) {
        Set<ConfigurationProperty> unbound = cause.getUnboundProperties();
        if (unbound.isEmpty() || !unbound.stream().allMatch(p -> p.getName().toString()
                .startsWith("tlsresume."))) {
            return null; // not ours: Boot's own analyzer reports it
        }
        WrittenProperties written = new WrittenProperties(environment);
        StringBuilder description = new StringBuilder("Unknown tlsresume setting:\n");
        for (ConfigurationProperty property : unbound) {
            WrittenProperties.Written w = written.find(property.getName().toString());
            description.append("\n    Property: ").append(w.name()).append('\n')
                    .append("    Value: \"").append(property.getValue()).append("\"\n");
            if (property.getOrigin() != null) {
                description.append("    Origin: ").append(property.getOrigin()).append('\n');
            }
            description.append("    Reason: no such property\n");
        }
        List<String> known = new ArrayList<>(List.of("tlsresume.enabled"));
        for (SettingProperty p : SettingProperty.values()) {
            known.add(p.property());
        }
        return new FailureAnalysis(description.toString(), "Correct or remove it. The tlsresume"
                + " properties are: " + String.join(", ", known) + " (docs/spring-boot.md).",
                cause);
    }
}
