package io.tlsresume.testkit.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs short system commands ({@code ip ...}) and fails with their output. */
final class Commands {
    private Commands() {
    }

    /** Runs {@code command}; its output, or an IOException naming the command and its output. */
    static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + ": timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", command) + ": interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": exit " + p.exitValue() + ": "
                    + out.trim());
        }
        return out;
    }

    /** Runs {@code command} for cleanup: failures are returned, not thrown. */
    static String quietly(List<String> command) {
        try {
            run(command.toArray(String[]::new));
            return "";
        } catch (IOException e) {
            return e.getMessage();
        }
    }
}
