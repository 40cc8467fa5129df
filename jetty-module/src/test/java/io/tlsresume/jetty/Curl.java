package io.tlsresume.jetty;

import io.tlsresume.testkit.TestCertificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of the real curl, trusting the test certificate, with -v on stderr. Response bodies are
 * {@link JettyNode}'s lines, {@code node=<id> resumed=<bool> protocol=<HTTP version>}.
 */
record Curl(int exitCode, String stdout, String stderr) {
    private static final Pattern BODY = Pattern.compile(
            "^node=(\\S+) resumed=(\\S+) protocol=(\\S+)$", Pattern.MULTILINE);

    static Curl run(List<String> urlsAndOptions, int port)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl"));
        cmd.addAll(common(port));
        cmd.addAll(urlsAndOptions);
        Path err = Files.createTempFile("curl", ".err");
        try {
            Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8);
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("curl hung: " + cmd);
            }
            return new Curl(p.exitValue(), out, Files.readString(err));
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Options every transfer needs ({@code --next} resets them). */
    static List<String> common(int port) {
        return List.of("-sS", "-v", "--cacert",
                TestCertificates.get().certificatePem().toString(), "--resolve",
                "localhost:" + port + ":127.0.0.1", "--max-time", "60");
    }

    List<String[]> bodies() {
        List<String[]> bodies = new ArrayList<>();
        Matcher m = BODY.matcher(stdout);
        while (m.find()) {
            bodies.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return bodies;
    }

    int count(Pattern pattern) {
        return (int) pattern.matcher(stderr).results().count();
    }

    String output() {
        return "exit " + exitCode + "\n" + stdout + "\n" + stderr;
    }
}
