package io.tlsresume.core;

/** A setting has a value tlsresume cannot use. The message names the setting. */
public class SettingsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String settingName;
    private final String problem;

    /** @param settingName the property or attribute name the user wrote */
    public SettingsException(String settingName, String problem) {
        this(settingName, problem, null);
    }

    /** @param settingName the property or attribute name the user wrote */
    public SettingsException(String settingName, String problem, Throwable cause) {
        super("Invalid setting " + settingName + ": " + problem, cause);
        this.settingName = settingName;
        this.problem = problem;
    }

    /** The name of the offending setting. */
    public String settingName() {
        return settingName;
    }

    /** What is wrong with the value, without the setting's name. */
    public String problem() {
        return problem;
    }
}
