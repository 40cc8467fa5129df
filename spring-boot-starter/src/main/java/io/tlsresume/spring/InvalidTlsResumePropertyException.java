package io.tlsresume.spring;

import io.tlsresume.core.SettingsException;

/**
 * A {@code tlsresume.*} property has a value tlsresume cannot use; the application does not
 * start. {@link TlsResumeFailureAnalyzer} turns it into Boot's "APPLICATION FAILED TO START"
 * report, naming the property as the user wrote it.
 */
public class InvalidTlsResumePropertyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient WrittenProperties.Written written;
    private final String problem;

    InvalidTlsResumePropertyException(WrittenProperties.Written written, SettingsException cause) {
        super("Invalid property " + written.name() + ": " + cause.problem(), cause);
        this.written = written;
        this.problem = cause.problem();
    }

    /** The property as the user wrote it, e.g. {@code tlsresume.rotationInterval}. */
    public String propertyName() {
        return written.name();
    }

    /** The property's canonical name, e.g. {@code tlsresume.rotation-interval}. */
    public String canonicalName() {
        return written.canonical();
    }

    /** What is wrong with the value. */
    public String problem() {
        return problem;
    }

    WrittenProperties.Written written() {
        return written;
    }
}
