package io.tlsresume.core;

import java.lang.reflect.Method;
import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Subject;

/**
 * Who invoked a JMX operation, for the log: the principals of the JMX connector's authenticated
 * subject, or "no principal" (a local MBean server call, or a connector without authentication).
 */
final class JmxCaller {
    private JmxCaller() {
    }

    /** {@code "JMX principal 'admin'"}, or {@code "JMX (no principal)"}. */
    static String describe() {
        Subject subject = currentSubject();
        Set<String> names = new TreeSet<>();
        if (subject != null) {
            for (Principal principal : subject.getPrincipals()) {
                names.add(principal.getName());
            }
        }
        return names.isEmpty() ? "JMX (no principal)"
                : "JMX principal '" + String.join("', '", names) + "'";
    }

    /**
     * The subject the connector runs the call as: {@code Subject.current()} where it exists
     * (Java 18+; on 23+ the only way), else {@code Subject.getSubject} of the access control
     * context (Java 17). Reflective, so one build serves both.
     */
    private static Subject currentSubject() {
        try {
            Method current = Subject.class.getMethod("current");
            return (Subject) current.invoke(null);
        } catch (NoSuchMethodException e) {
            try {
                Class<?> controller = Class.forName("java.security.AccessController");
                Object context = controller.getMethod("getContext").invoke(null);
                Class<?> contextType = Class.forName("java.security.AccessControlContext");
                return (Subject) Subject.class.getMethod("getSubject", contextType)
                        .invoke(null, context);
            } catch (ReflectiveOperationException | RuntimeException inner) {
                return null;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
