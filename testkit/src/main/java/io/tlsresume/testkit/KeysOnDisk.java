package io.tlsresume.testkit;

import io.tlsresume.core.ring.RingStore;
import io.tlsresume.core.ring.TicketKey;
import io.tlsresume.core.ring.TicketKeyInstaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Searches the files a test's JVMs could have written for the secrets the test holds in memory
 * (ticket keys as engines receive them, what the ring store holds): each secret raw, in hex
 * (both cases) and in base64 (standard and URL alphabets, at each of the three byte alignments,
 * so a secret inside a longer encoded blob is found too). Only files modified since this object
 * was created are read, and none larger than {@link #MAX_FILE_BYTES}. Secrets are kept in memory
 * only and reported by label, never by value.
 */
public final class KeysOnDisk {
    /** Larger files are counted and skipped: no JVM of a test writes one that big by design. */
    public static final long MAX_FILE_BYTES = 64L << 20;
    /** Every needle is at least this long (a raw 16-byte key part is the shortest). */
    private static final int PREFIX = 8;
    private static final int FILTER_BITS = 22;

    /** Not earlier than the test's start minus the coarsest file-time granularity (2 s). */
    private final Instant since = Instant.now().minusSeconds(2);
    private final Map<String, byte[]> secrets = new LinkedHashMap<>();

    /** What one search saw. {@code hits} name secret, encoding and file; never bytes. */
    public record Report(List<Path> roots, int files, long bytes, int skippedLarge,
            int unreadable, long millis, List<String> hits) {
        /** One line for the test output. */
        public String summary() {
            return String.format(Locale.ROOT, "searched %d files (%,d bytes) modified since the"
                    + " test started under %s in %d ms; %d skipped as larger than %d MiB, %d"
                    + " unreadable or gone; %d hits", files, bytes, roots, millis, skippedLarge,
                    MAX_FILE_BYTES >> 20, unreadable, hits.size());
        }
    }

    /**
     * A key listener ({@code ResumptionNode.addKeyListener}) that remembers the name, HMAC key,
     * AES key and serialized form of every key it receives.
     */
    public TicketKeyInstaller keyListener() {
        return keys -> keys.forEach(this::addKey);
    }

    /** Remembers {@code key}'s parts and serialized form. */
    public void addKey(TicketKey key) {
        String label = "key " + key.fingerprint();
        add(label + " name", key.name());
        add(label + " HMAC key", key.hmacKey());
        add(label + " AES key", key.aesKey());
        add(label + " unsealed (serialized)", key.toBytes());
    }

    /**
     * Remembers what {@code store} holds now: the entry of every epoch (sealed envelopes, or the
     * keys themselves with sealing off) and the side entries (cards, re-sealed keys).
     */
    public void addStored(RingStore store) {
        store.read(Long.MIN_VALUE, Long.MAX_VALUE).forEach((epoch, value) ->
                add("ring store epoch " + epoch, value));
        store.readEntries().forEach((name, value) -> add("ring store entry " + name, value));
    }

    /** Remembers {@code secret} (at least 8 bytes) under {@code label}; same bytes once. */
    public synchronized void add(String label, byte[] secret) {
        if (secret.length < PREFIX) {
            throw new IllegalArgumentException(label + ": shorter than " + PREFIX + " bytes");
        }
        for (byte[] known : secrets.values()) {
            if (Arrays.equals(known, secret)) {
                return;
            }
        }
        secrets.put(label, secret.clone());
    }

    /** How many distinct secrets this search looks for. */
    public synchronized int size() {
        return secrets.size();
    }

    /** How many remembered secrets have labels containing {@code text} (e.g. "AES key"). */
    public synchronized long count(String text) {
        return secrets.keySet().stream().filter(label -> label.contains(text)).count();
    }

    /** Where a JVM writes by default: {@code java.io.tmpdir}, {@code user.home}, {@code user.dir}. */
    public static List<Path> defaultRoots() {
        return List.of(Path.of(System.getProperty("java.io.tmpdir")),
                Path.of(System.getProperty("user.home")), Path.of(System.getProperty("user.dir")));
    }

    /** Searches every regular file under {@code roots} (symbolic links not followed). */
    public Report search(List<Path> roots) {
        long start = System.nanoTime();
        Needles needles = new Needles(snapshot());
        Walk walk = new Walk(needles);
        List<Path> searched = distinct(roots);
        for (Path root : searched) {
            try {
                Files.walkFileTree(root, walk);
            } catch (IOException e) {
                walk.unreadable++;
            }
        }
        return new Report(searched, walk.files, walk.bytes, walk.skippedLarge, walk.unreadable,
                (System.nanoTime() - start) / 1_000_000, List.copyOf(walk.hits));
    }

    /** A search of the test's roots and the self-check after it. */
    public record Verdict(Report report, SelfCheck selfCheck) { }

    /**
     * {@link #search} of {@code roots}, then {@link #plantAndSearch} of an AES key; prints what
     * both searched, so a run shows how much was covered.
     */
    public Verdict searchAndSelfCheck(List<Path> roots) {
        Report report = search(roots);
        System.out.println(size() + " secrets; " + report.summary());
        SelfCheck check = plantAndSearch("AES key");
        System.out.println("self-check: " + check.plantedHits().size() + " hits in the planted"
                + " file; " + check.report().summary());
        return new Verdict(report, check);
    }

    /** What the self-check planted where, and what the search then found. */
    public record SelfCheck(String label, Path file, Report report) {
        /** The hits for the planted secret in the planted file. */
        public List<String> plantedHits() {
            return report.hits().stream()
                    .filter(hit -> hit.startsWith(label + " (") && hit.endsWith(" in " + file))
                    .toList();
        }

        /** The planted encodings (raw, HEX, base64 two bytes into a group) the search missed. */
        public List<String> missed() {
            return List.of("raw", "HEX", "base64@2").stream()
                    .filter(encoding -> !plantedHits().contains(label + " (" + encoding
                            + ") in " + file))
                    .toList();
        }
    }

    /**
     * The self-check: writes the first secret whose label contains {@code labelPart} into a new
     * file in {@code java.io.tmpdir} (raw, in upper-case hex, and inside a longer base64 blob at
     * an odd alignment, each between random bytes), searches that directory as
     * {@link #search} does, and deletes the file. A search that misses it cannot be trusted to
     * find anything.
     */
    public SelfCheck plantAndSearch(String labelPart) {
        Map.Entry<String, byte[]> chosen;
        synchronized (this) {
            chosen = secrets.entrySet().stream()
                    .filter(e -> e.getKey().contains(labelPart)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no secret " + labelPart));
        }
        byte[] secret = chosen.getValue();
        SecureRandom random = new SecureRandom();
        byte[] blob = new byte[5 + secret.length + 7];
        random.nextBytes(blob);
        System.arraycopy(secret, 0, blob, 5, secret.length);
        byte[] planted = concat(noise(random), secret, noise(random),
                HexFormat.of().withUpperCase().formatHex(secret).getBytes(StandardCharsets.US_ASCII),
                noise(random), Base64.getEncoder().encode(blob), noise(random));
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path file = null;
        try {
            file = Files.createTempFile(tmp, "tlsresume-selfcheck", ".bin");
            Files.write(file, planted);
            return new SelfCheck(chosen.getKey(), file.toRealPath(), search(List.of(tmp)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            Arrays.fill(planted, (byte) 0);
            Arrays.fill(blob, (byte) 0);
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not delete the planted " + file, e);
                }
            }
        }
    }

    private synchronized Map<String, byte[]> snapshot() {
        return new LinkedHashMap<>(secrets);
    }

    /** Roots without those inside another root (they would be searched twice). */
    private static List<Path> distinct(List<Path> roots) {
        List<Path> real = new ArrayList<>();
        for (Path root : roots) {
            try {
                real.add(root.toRealPath());
            } catch (IOException e) {
                // A root that does not exist holds nothing.
            }
        }
        List<Path> kept = new ArrayList<>();
        for (Path root : real) {
            boolean inside = real.stream().anyMatch(other -> !other.equals(root)
                    && root.startsWith(other));
            if (!inside && !kept.contains(root)) {
                kept.add(root);
            }
        }
        return kept;
    }

    private static byte[] noise(SecureRandom random) {
        byte[] bytes = new byte[13 + random.nextInt(20)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        int length = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** One encoding of one secret. */
    private record Needle(String label, byte[] bytes) { }

    /**
     * All needles, indexed by their first 8 bytes; a bit filter over those prefixes makes the
     * scan one multiply and one bit test per file byte.
     */
    private static final class Needles {
        private final Map<Long, List<Needle>> byPrefix = new HashMap<>();
        private final BitSet filter = new BitSet(1 << FILTER_BITS);

        Needles(Map<String, byte[]> secrets) {
            secrets.forEach((label, secret) -> encodings(secret).forEach((encoding, bytes) -> {
                Needle needle = new Needle(label + " (" + encoding + ")", bytes);
                long prefix = prefixAt(bytes, 0);
                byPrefix.computeIfAbsent(prefix, p -> new ArrayList<>()).add(needle);
                filter.set(slot(prefix));
            }));
        }

        /** Appends the labels of the needles found in {@code data}. */
        void scan(byte[] data, int length, Path file, List<String> hits) {
            Set<String> found = new LinkedHashSet<>();
            long prefix = 0;
            for (int i = 0; i < length; i++) {
                prefix = (prefix << 8) | (data[i] & 0xff);
                int start = i - PREFIX + 1;
                if (start < 0 || !filter.get(slot(prefix))) {
                    continue;
                }
                for (Needle needle : byPrefix.getOrDefault(prefix, List.of())) {
                    if (start + needle.bytes().length <= length && Arrays.equals(data, start,
                            start + needle.bytes().length, needle.bytes(), 0,
                            needle.bytes().length)) {
                        found.add(needle.label());
                    }
                }
            }
            found.forEach(label -> hits.add(label + " in " + file));
        }

        private static int slot(long prefix) {
            return (int) ((prefix * 0x9E3779B97F4A7C15L) >>> (64 - FILTER_BITS));
        }

        private static long prefixAt(byte[] bytes, int at) {
            long prefix = 0;
            for (int i = at; i < at + PREFIX; i++) {
                prefix = (prefix << 8) | (bytes[i] & 0xff);
            }
            return prefix;
        }

        /** Raw, hex in both cases, and base64 at each alignment in both alphabets. */
        private static Map<String, byte[]> encodings(byte[] secret) {
            Map<String, byte[]> all = new LinkedHashMap<>();
            all.put("raw", secret);
            String hex = HexFormat.of().formatHex(secret);
            all.put("hex", hex.getBytes(StandardCharsets.US_ASCII));
            all.put("HEX", hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
            for (int shift = 0; shift < 3; shift++) {
                all.put("base64@" + shift, base64Inside(Base64.getEncoder(), secret, shift));
                all.put("base64url@" + shift, base64Inside(Base64.getUrlEncoder(), secret,
                        shift));
            }
            return all;
        }

        /**
         * The base64 characters that depend on {@code secret} alone when it starts
         * {@code shift} bytes into a 3-byte group: what any blob containing it at that
         * alignment contains.
         */
        private static byte[] base64Inside(Base64.Encoder encoder, byte[] secret, int shift) {
            byte[] padded = new byte[shift + secret.length + 2];
            System.arraycopy(secret, 0, padded, shift, secret.length);
            byte[] encoded = encoder.withoutPadding().encode(padded);
            int firstBit = 8 * shift;
            int endBit = 8 * (shift + secret.length);
            int from = (firstBit + 5) / 6;
            int to = endBit / 6;
            return Arrays.copyOfRange(encoded, from, to);
        }
    }

    /** Reads and scans every recent regular file it visits. */
    private final class Walk extends SimpleFileVisitor<Path> {
        private final Needles needles;
        private final List<String> hits = new ArrayList<>();
        private int files;
        private long bytes;
        private int skippedLarge;
        private int unreadable;

        Walk(Needles needles) {
            this.needles = needles;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (!attrs.isRegularFile() || attrs.lastModifiedTime().toInstant().isBefore(since)) {
                return FileVisitResult.CONTINUE;
            }
            if (attrs.size() > MAX_FILE_BYTES) {
                skippedLarge++;
                return FileVisitResult.CONTINUE;
            }
            byte[] data;
            try {
                data = Files.readAllBytes(file);
            } catch (IOException e) {
                unreadable++;
                return FileVisitResult.CONTINUE;
            }
            files++;
            bytes += data.length;
            needles.scan(data, data.length, file, hits);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            unreadable++;
            return FileVisitResult.CONTINUE;
        }
    }
}
