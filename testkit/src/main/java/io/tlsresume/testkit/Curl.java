package io.tlsresume.testkit;

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
 * One run of the real curl, trusting the test certificate, with -v on stderr. Response bodies
 * from the test servers are {@link Echo} lines.
 */
public record Curl(int exitCode, String stdout, String stderr) {
    private static final Pattern BODY = Echo.LINE;

    /** Runs curl with the {@link #common} options for {@code port}, then {@code urlsAndOptions}. */
    public static Curl run(List<String> urlsAndOptions, int port)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("curl"));
        cmd.addAll(common(port));
        cmd.addAll(urlsAndOptions);
        Path err = Files.createTempFile("tlsresume-curl", ".err");
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
    public static List<String> common(int port) {
        return List.of("-sS", "-v", "--cacert",
                TestCertificates.get().certificatePem().toString(), "--resolve",
                "localhost:" + port + ":127.0.0.1", "--max-time", "60");
    }

    /** Each echo line's node, resumed and protocol. */
    public List<String[]> bodies() {
        List<String[]> bodies = new ArrayList<>();
        Matcher m = BODY.matcher(stdout);
        while (m.find()) {
            bodies.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return bodies;
    }

    /** How often {@code pattern} occurs in curl's -v output. */
    public int count(Pattern pattern) {
        return (int) pattern.matcher(stderr).results().count();
    }

    /** Everything, for failure messages. */
    public String output() {
        return "exit " + exitCode + "\n" + stdout + "\n" + stderr;
    }
}
