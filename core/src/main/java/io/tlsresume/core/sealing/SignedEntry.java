package io.tlsresume.core.sealing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * A store entry signed with a node's TLS key: {@code type | body | chain | algorithm |
 * signature}. The signature covers a label naming the entry type and everything before the
 * algorithm, so a card can never pass for an envelope or the other way round.
 */
final class SignedEntry {
    private static final int MAX_CHAIN = 10;

    /** A parsed entry whose signature matched the leaf of its chain (trust is checked apart). */
    record Verified(byte[] body, List<X509Certificate> chain) { }

    private SignedEntry() {
    }

    static byte[] sign(NodeIdentity identity, char type, byte[] body) {
        Wire.Out out = new Wire.Out().u8(type).field(body).u8(identity.chain().size());
        try {
            for (X509Certificate certificate : identity.chain()) {
                out.field(certificate.getEncoded());
            }
            byte[] signed = out.toByteArray();
            byte[] signature = identity.sign(labelled(type, signed));
            return out.text(identity.signatureAlgorithm()).field(signature).toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a ring entry: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and checks the signature against the entry's own leaf certificate.
     *
     * @throws Wire.MalformedEntryException if it does not parse
     * @throws GeneralSecurityException if it is unsigned or the signature does not verify
     */
    static Verified verify(char type, byte[] bytes) throws GeneralSecurityException {
        Wire.In in = new Wire.In(bytes);
        if (in.u8() != type) {
            throw new Wire.MalformedEntryException((type == 'C' ? "not a card" : "not an envelope"));
        }
        byte[] body = in.field();
        int count = in.u8();
        if (count == 0 || count > MAX_CHAIN) {
            throw new GeneralSecurityException("unsigned: " + count + " certificates");
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chain.add((X509Certificate) factory.generateCertificate(
                    new ByteArrayInputStream(in.field())));
        }
        int signedLength = in.position();
        String algorithm = in.text();
        byte[] signature = in.field();
        in.requireEnd();
        byte[] signed = java.util.Arrays.copyOf(bytes, signedLength);
        if (!NodeIdentity.verify(chain.get(0).getPublicKey(), algorithm, labelled(type, signed),
                signature)) {
            throw new GeneralSecurityException("bad signature");
        }
        return new Verified(body, List.copyOf(chain));
    }

    private static byte[] labelled(char type, byte[] signed) {
        byte[] label = ("tlsresume " + (type == 'C' ? "card" : "envelope") + " v1\0")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] data = java.util.Arrays.copyOf(label, label.length + signed.length);
        System.arraycopy(signed, 0, data, label.length, signed.length);
        return data;
    }
}
