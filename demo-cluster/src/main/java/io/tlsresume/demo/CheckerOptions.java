package io.tlsresume.demo;

import io.tlsresume.core.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command-line options of the {@link Checker}, parsed and validated; a bad option is an
 * {@link IllegalArgumentException} whose message names it.
 */
record CheckerOptions(String host, int port, int count, String protocol, boolean tickets,
        Duration interval, String serverName, Path caFile, boolean insecure, double minRate) {

    /**
     * Where session ids resume, printed with {@code --no-tickets}: the JDK property the option
     * sets turns off the TLS 1.2 ticket extension only; TLS 1.3 resumes by its tickets anyway.
     */
    static final String NO_TICKETS_NOTE = "TLS 1.2 offers session ids only; across nodes they"
            + " resume through the cluster session store of engine=openssl (Tomcat, Java 22+),"
            + " with engine=boringssl only on the node that issued them. TLS 1.3 still resumes"
            + " by its tickets.";

    static final String USAGE = """
            usage: checker HOST:PORT [options]
              --count K          connections to make (default 20)
              --tls 1.2|1.3      protocol (default 1.3)
              --no-tickets       TLS 1.2: offer session ids only, no tickets; across nodes
                                 they resume through the cluster session store of
                                 engine=openssl (Tomcat, Java 22+), with engine=boringssl only
                                 on the node that issued them (TLS 1.3 is not affected)
              --interval D       pause between connections: 0, 500ms, 5s, 5m (default 0)
              --servername NAME  SNI and HTTP Host (default: HOST)
              --cafile FILE      trust the PEM certificates in FILE (default: the JDK's CAs)
              --insecure         trust any certificate (demos only)
              --min-rate R       exit 1 if fewer than R (0..1) of the reconnections resume
            """;

    static CheckerOptions parse(List<String> args) {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new IllegalArgumentException("HOST:PORT is required");
        }
        String target = args.get(0);
        int colon = target.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + target + "' must be HOST:PORT");
        }
        String host = target.substring(0, colon);
        int port = intOption("port", target.substring(colon + 1), 1, 65535);
        int count = 20;
        String protocol = "TLSv1.3";
        boolean tickets = true;
        Duration interval = Duration.ZERO;
        String serverName = host;
        Path caFile = null;
        boolean insecure = false;
        double minRate = 0;
        for (int i = 1; i < args.size(); i++) {
            String option = args.get(i);
            switch (option) {
                case "--no-tickets" -> tickets = false;
                case "--insecure" -> insecure = true;
                case "--count", "--tls", "--interval", "--servername", "--cafile", "--min-rate" -> {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    String value = args.get(++i);
                    switch (option) {
                        case "--count" -> count = intOption(option, value, 1, 1_000_000);
                        case "--tls" -> protocol = switch (value) {
                            case "1.2" -> "TLSv1.2";
                            case "1.3" -> "TLSv1.3";
                            default -> throw new IllegalArgumentException(
                                    "--tls must be 1.2 or 1.3, was " + value);
                        };
                        case "--interval" -> interval = duration(value);
                        case "--servername" -> serverName = value;
                        case "--cafile" -> {
                            caFile = Path.of(value);
                            if (!Files.isReadable(caFile)) {
                                throw new IllegalArgumentException("--cafile " + value
                                        + " is not a readable file");
                            }
                        }
                        default -> {
                            try {
                                minRate = Double.parseDouble(value);
                            } catch (NumberFormatException e) {
                                minRate = -1;
                            }
                            if (minRate < 0 || minRate > 1) {
                                throw new IllegalArgumentException(
                                        "--min-rate must be a number from 0 to 1, was " + value);
                            }
                        }
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (caFile != null && insecure) {
            throw new IllegalArgumentException("--cafile and --insecure exclude each other");
        }
        return new CheckerOptions(host, port, count, protocol, tickets, interval, serverName,
                caFile, insecure, minRate);
    }

    private static int intOption(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to "
                + max + ", was " + value);
    }

    private static Duration duration(String value) {
        try {
            Duration d = Durations.parse(value);
            if (!d.isNegative()) {
                return d;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("--interval must look like 0, 500ms, 5s or 5m, was "
                + value);
    }
}
