package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link KeysCommand} refuses before it connects anywhere: exit status 2 and why. */
class KeysCommandArgumentsTest {

    private static String refusal(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = KeysCommand.run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, status, String.join(" ", args));
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void revokeAllNeedsYes() {
        assertTrue(refusal("--jmx", "127.0.0.1:1", "revokeAll").contains("--yes"));
    }

    @Test
    void anUnknownOperationOrArgumentIsNamed() {
        assertTrue(refusal("--jmx", "127.0.0.1:1", "rotate").contains("'rotate'"));
        assertTrue(refusal("ringKeys").startsWith("usage:"));
        assertTrue(refusal("--jmx", "127.0.0.1:1", "--user", "ops", "ringKeys")
                .contains("--password-file"));
    }
}
