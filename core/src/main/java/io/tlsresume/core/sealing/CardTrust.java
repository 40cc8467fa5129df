package io.tlsresume.core.sealing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whose membership cards a node accepts, by the certificate chain that signed them. Only
 * accepted cards get ring keys sealed to them, and only envelopes signed by an accepted chain are
 * opened.
 */
public interface CardTrust {

    /**
     * Whether a card or envelope signed by the leaf of {@code chain} is trusted.
     *
     * @param chain leaf first, as the signer sent it
     * @return empty if trusted, else why not (for logs)
     */
    String refusal(List<X509Certificate> chain);

    /** For logs: the mode and what it trusts, without secrets. */
    String describe();

    /**
     * Trusts signers whose leaf certificate has the same public key as {@code own}: the usual
     * case, where every node serves the same site with the same key (renewed certificates keep
     * working as long as the key stays).
     */
    static CardTrust sameKey(PublicKey own) {
        String pin = pinOf(own);
        return new CardTrust() {
            @Override
            public String refusal(List<X509Certificate> chain) {
                return pinOf(chain.get(0).getPublicKey()).equals(pin) ? ""
                        : "its certificate key differs from this node's (sealing.trust=same-key)";
            }

            @Override
            public String describe() {
                return "same certificate key as this node (sha256/" + pin + ")";
            }
        };
    }

    /**
     * Trusts signers whose chain is valid (PKIX, no revocation check) up to one of
     * {@code anchors}, for fleets whose nodes have different certificates from one CA.
     */
    static CardTrust certificateAuthority(List<X509Certificate> anchors) {
        Set<TrustAnchor> trustAnchors = anchors.stream().map(a -> new TrustAnchor(a, null))
                .collect(Collectors.toSet());
        String names = anchors.stream().map(a -> a.getSubjectX500Principal().getName())
                .collect(Collectors.joining("; "));
        return new CardTrust() {
            @Override
            public String refusal(List<X509Certificate> chain) {
                try {
                    PKIXParameters parameters = new PKIXParameters(trustAnchors);
                    parameters.setRevocationEnabled(false);
                    CertPathValidator.getInstance("PKIX").validate(
                            CertificateFactory.getInstance("X.509").generateCertPath(
                                    withoutAnchors(chain)), parameters);
                    return "";
                } catch (GeneralSecurityException | IllegalArgumentException e) {
                    return "its certificate does not chain to sealing.trustCa (" + e.getMessage()
                            + ")";
                }
            }

            @Override
            public String describe() {
                return "certificates issued by " + names;
            }

            /** A sent chain usually ends with the CA itself, which PKIX wants left out. */
            private List<X509Certificate> withoutAnchors(List<X509Certificate> chain) {
                List<X509Certificate> path = new java.util.ArrayList<>();
                for (X509Certificate certificate : chain) {
                    if (!path.isEmpty() && anchors.contains(certificate)) {
                        break;
                    }
                    path.add(certificate);
                }
                return path;
            }
        };
    }

    /**
     * Trusts signers whose leaf public key is one of {@code pins}: base64 SHA-256 of the
     * SubjectPublicKeyInfo, the format of RFC 7469 and of {@code openssl pkey -pubout -outform
     * der | openssl dgst -sha256 -binary | base64}.
     */
    static CardTrust pinned(Set<String> pins) {
        Set<String> copy = Set.copyOf(pins);
        return new CardTrust() {
            @Override
            public String refusal(List<X509Certificate> chain) {
                return copy.contains(pinOf(chain.get(0).getPublicKey())) ? ""
                        : "its certificate key sha256/" + pinOf(chain.get(0).getPublicKey())
                                + " is not in sealing.trustPins";
            }

            @Override
            public String describe() {
                return copy.size() + " pinned certificate keys";
            }
        };
    }

    /** Base64 SHA-256 of the key's SubjectPublicKeyInfo (RFC 7469 pin). */
    static String pinOf(PublicKey key) {
        return Base64.getEncoder().encodeToString(Sha256.of(key.getEncoded()));
    }
}
