package io.tlsresume.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Reads a PKCS#8 PEM private key ({@code PRIVATE KEY} or {@code ENCRYPTED PRIVATE KEY}) with the
 * JDK alone: Netty reads the same file for the engine but does not hand the key out, and the node
 * needs it to sign its membership card.
 */
final class PemPrivateKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (ENCRYPTED )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1?PRIVATE KEY-----");
    private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemPrivateKeys() {
    }

    static PrivateKey read(Path file, String password) throws IOException, GeneralSecurityException {
        Matcher m = BLOCK.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find()) {
            throw new InvalidKeySpecException("no PKCS#8 'PRIVATE KEY' or 'ENCRYPTED PRIVATE KEY'"
                    + " block");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        PKCS8EncodedKeySpec spec;
        if (m.group(1) != null) {
            if (password == null || password.isEmpty()) {
                throw new InvalidKeySpecException("the key is encrypted and no password is set");
            }
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            SecretKeyFactory factory = SecretKeyFactory.getInstance(info.getAlgName());
            spec = info.getKeySpec(factory.generateSecret(new PBEKeySpec(password.toCharArray())));
        } else {
            spec = new PKCS8EncodedKeySpec(der);
        }
        for (String algorithm : ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm: PKCS#8 names it, but KeyFactory wants it up front
            }
        }
        throw new InvalidKeySpecException("not an EC, RSA or EdDSA key");
    }
}
