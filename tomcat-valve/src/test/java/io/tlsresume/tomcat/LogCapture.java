package io.tlsresume.tomcat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects what Tomcat logs (embedded Tomcat logs through java.util.logging), with stack traces,
 * as an operator would read it in catalina.out.
 */
final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> entries = new ArrayList<>();
    private final Logger root = Logger.getLogger("");

    LogCapture() {
        setLevel(Level.WARNING);
        root.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        StringWriter text = new StringWriter();
        text.append(record.getLevel().getName()).append(' ').append(record.getMessage());
        if (record.getThrown() != null) {
            text.append('\n');
            record.getThrown().printStackTrace(new PrintWriter(text));
        }
        entries.add(text.toString());
    }

    /** Everything logged at WARNING or above so far. */
    synchronized String text() {
        return String.join("\n", entries);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
