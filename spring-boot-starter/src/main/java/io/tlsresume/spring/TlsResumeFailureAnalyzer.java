package io.tlsresume.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a wrong {@code tlsresume.*} value the way Boot reports a property it cannot bind:
 * the property as written, its value, where it was written and why it is wrong.
 */
class TlsResumeFailureAnalyzer extends AbstractFailureAnalyzer<InvalidTlsResumePropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure,
            InvalidTlsResumePropertyException cause) {
        WrittenProperties.Written written = cause.written();
        StringBuilder description = new StringBuilder("Invalid tlsresume setting:\n\n")
                .append("    Property: ").append(written.name()).append('\n');
        if (!written.name().equals(written.canonical())) {
            description.append("    Known as: ").append(written.canonical()).append('\n');
        }
        if (written.value() != null) {
            description.append("    Value: \"").append(written.value()).append("\"\n");
        }
        if (written.origin() != null) {
            description.append("    Origin: ").append(written.origin()).append('\n');
        }
        description.append("    Reason: ").append(cause.problem()).append('\n');
        String action = "Update " + written.name() + " in your application's configuration, or"
                + " remove it to use the default (the tlsresume.* properties are listed in"
                + " docs/spring-boot.md). Set tlsresume.enabled=false to serve without"
                + " tlsresume.";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
