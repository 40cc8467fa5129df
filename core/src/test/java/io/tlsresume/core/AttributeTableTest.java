package io.tlsresume.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tlsresume.core.AttributeTable.Attribute;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guard behind the adapters' refusals: a refused attribute counts as set when it differs. */
class AttributeTableTest {
    /** A stand-in for a server's configuration class. */
    static final class Config {
        String protocol = "TLS";
        String[] suites = {"A", "B"};
        int timeout = -1;
    }

    private static final AttributeTable<Config> TABLE = AttributeTable.<Config>builder()
            .honoured("suites", "kept", "SomeTest")
            .refused("protocol", c -> c.protocol, "not a JSSE context")
            .refused("timeout", c -> c.timeout, "tlsresume's own")
            .refused("arrays", c -> c.suites, "compared by content")
            .notApplicable("client", "client side only")
            .build();

    @Test
    void defaultsAreNotSet() {
        assertEquals(List.of(), TABLE.refusedSet(new Config(), new Config()));
    }

    @Test
    void refusedAttributesThatDifferAreSetInTableOrder() {
        Config config = new Config();
        config.timeout = 60;
        config.protocol = "TLSv1.3";
        assertEquals(List.of("protocol", "timeout"), names(TABLE.refusedSet(config,
                new Config())));
    }

    @Test
    void arraysCompareByContent() {
        Config same = new Config();
        same.suites = new String[] {"A", "B"};
        assertEquals(List.of(), TABLE.refusedSet(same, new Config()));
        same.suites = new String[] {"B", "A"};
        assertEquals(List.of("arrays"), names(TABLE.refusedSet(same, new Config())));
    }

    @Test
    void anAttributeIsClassifiedOnce() {
        assertThrows(IllegalArgumentException.class, () -> AttributeTable.<Config>builder()
                .notApplicable("x", "a").notApplicable("x", "b"));
    }

    @Test
    void honouredNeedsATestAndOnlyHonouredHasOne() {
        assertThrows(IllegalArgumentException.class, () -> AttributeTable.<Config>builder()
                .honoured("x", "how", ""));
        assertThrows(IllegalArgumentException.class, () -> new Attribute<Config>("x",
                AttributeTable.Status.NOT_APPLICABLE, "why", "SomeTest", null));
    }

    private static List<String> names(List<Attribute<Config>> attributes) {
        return attributes.stream().map(Attribute::name).toList();
    }
}
