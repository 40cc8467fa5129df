package io.tlsresume.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Captures everything logged through java.util.logging (where System.Logger and Hazelcast's
 * "jdk" logging go by default), formatted as an operator would read it, stack traces included.
 */
public final class LogCapture implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Logger ours = Logger.getLogger("io.tlsresume");
    private final Level oursBefore = ours.getLevel();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getLevel() + " " + record.getLoggerName() + " "
                    + formatter.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts capturing; our own loggers at every level, DEBUG included. */
    public LogCapture() {
        handler.setLevel(Level.ALL);
        ours.setLevel(Level.ALL);
        root.addHandler(handler);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public String text() {
        return String.join("", lines);
    }

    public boolean contains(String level, String fragment) {
        return lines.stream().anyMatch(l -> l.startsWith(level) && l.contains(fragment));
    }

    @Override
    public void close() {
        root.removeHandler(handler);
        ours.setLevel(oursBefore);
    }
}
