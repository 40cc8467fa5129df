package io.tlsresume.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Reads a PEM private key in every form OpenSSL writes, with the JDK alone: PKCS#8
 * ({@code BEGIN PRIVATE KEY}), encrypted PKCS#8 ({@code BEGIN ENCRYPTED PRIVATE KEY}), RSA PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) and EC SEC1 ({@code BEGIN EC PRIVATE KEY}), the last two also
 * with OpenSSL's legacy encryption ({@code Proc-Type: 4,ENCRYPTED}, {@code DEK-Info}).
 *
 * <p>Netty's own PEM reader takes PKCS#8 only, so the engine gets the key parsed here. Failures
 * are {@link SettingsException}s naming the key file's setting, or the password's when the
 * password is what is wrong.
 */
final class PemPrivateKeys {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final List<String> ALGORITHMS = List.of("EC", "RSA", "Ed25519", "Ed448",
            "RSASSA-PSS");
    /** rsaEncryption with NULL parameters (RFC 8017 appendix A.1). */
    private static final byte[] RSA_ALGORITHM = HexFormat.of().parseHex(
            "300d06092a864886f70d0101010500");
    /** id-ecPublicKey (RFC 5480 section 2.1.1). */
    private static final byte[] EC_PUBLIC_KEY_OID = HexFormat.of().parseHex(
            "06072a8648ce3d0201");
    /** OpenSSL's legacy PEM ciphers: JCA transformation and key length. */
    private static final Map<String, Map.Entry<String, Integer>> LEGACY_CIPHERS = Map.of(
            "AES-128-CBC", Map.entry("AES/CBC/PKCS5Padding", 16),
            "AES-192-CBC", Map.entry("AES/CBC/PKCS5Padding", 24),
            "AES-256-CBC", Map.entry("AES/CBC/PKCS5Padding", 32),
            "DES-EDE3-CBC", Map.entry("DESede/CBC/PKCS5Padding", 24));

    private PemPrivateKeys() {
    }

    /**
     * Reads the first private key block of {@code file}.
     *
     * @param password the key's password; {@code null} or empty for an unencrypted key
     * @param names how failures name the settings (as the user wrote them)
     */
    static PrivateKey read(Path file, String password, Function<Setting, String> names) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new SettingsException(names.apply(Setting.PEM_PRIVATE_KEY), "cannot read "
                    + file + " (" + e.getClass().getSimpleName() + ")", e);
        }
        Matcher m = BLOCK.matcher(text);
        if (!m.find()) {
            throw new SettingsException(names.apply(Setting.PEM_PRIVATE_KEY), file + " holds no"
                    + " PEM private key (BEGIN PRIVATE KEY, ENCRYPTED PRIVATE KEY, RSA PRIVATE KEY"
                    + " or EC PRIVATE KEY)");
        }
        return new Reader(file, password == null ? "" : password, names).read(m.group(1),
                m.group(2));
    }

    /** One key file being read. */
    private record Reader(Path file, String password, Function<Setting, String> names) {

        PrivateKey read(String label, String body) {
            Map<String, String> headers = new java.util.HashMap<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\\R")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                } else {
                    base64.append(line.trim());
                }
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw invalidKey("the " + label + " block is not valid base64", e);
            }
            try {
                return switch (label) {
                    case "PRIVATE KEY" -> fromPkcs8(der);
                    case "ENCRYPTED PRIVATE KEY" -> fromPkcs8(decryptPkcs8(der));
                    case "RSA PRIVATE KEY" -> fromPkcs8(Der.sequence(Der.INTEGER_0, RSA_ALGORITHM,
                            Der.octetString(legacyDecrypt(label, headers, der))));
                    case "EC PRIVATE KEY" -> fromSec1(legacyDecrypt(label, headers, der));
                    default -> throw invalidKey("'BEGIN " + label + "' is not a form tlsresume"
                            + " reads; convert it with 'openssl pkcs8 -topk8'", null);
                };
            } finally {
                Arrays.fill(der, (byte) 0);
            }
        }

        private byte[] decryptPkcs8(byte[] der) {
            requirePassword();
            EncryptedPrivateKeyInfo info;
            try {
                info = new EncryptedPrivateKeyInfo(der);
            } catch (IOException e) {
                throw invalidKey("the ENCRYPTED PRIVATE KEY block is malformed", e);
            }
            // PBES2 (what OpenSSL writes) names its real scheme in the parameters only:
            // the JDK's PBES2 parameters print as "PBEWithHmacSHA256AndAES_256".
            String algorithm = info.getAlgName();
            if (algorithm.equals("PBES2") || algorithm.equals("1.2.840.113549.1.5.13")) {
                algorithm = String.valueOf(info.getAlgParameters());
            }
            Cipher cipher;
            try {
                cipher = Cipher.getInstance(algorithm);
                cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                        .generateSecret(new PBEKeySpec(password.toCharArray())),
                        info.getAlgParameters());
            } catch (GeneralSecurityException e) {
                throw invalidKey("unsupported key encryption " + algorithm
                        + "; re-encrypt with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'", e);
            }
            try {
                return info.getKeySpec(cipher).getEncoded();
            } catch (GeneralSecurityException e) {
                throw wrongPassword(e);
            }
        }

        /** Decrypts OpenSSL's legacy PEM encryption (EVP_BytesToKey with MD5, one round). */
        private byte[] legacyDecrypt(String label, Map<String, String> headers, byte[] der) {
            String procType = headers.get("Proc-Type");
            if (procType == null) {
                return der.clone();
            }
            if (!procType.endsWith("ENCRYPTED")) {
                throw invalidKey("unexpected Proc-Type '" + procType + "' in the " + label
                        + " block", null);
            }
            requirePassword();
            String dekInfo = headers.getOrDefault("DEK-Info", "");
            int comma = dekInfo.indexOf(',');
            var cipherSpec = comma < 0 ? null
                    : LEGACY_CIPHERS.get(dekInfo.substring(0, comma).toUpperCase(Locale.ROOT));
            if (cipherSpec == null) {
                throw invalidKey("unsupported legacy key encryption '" + dekInfo + "' (AES-*-CBC"
                        + " or DES-EDE3-CBC); re-encrypt with 'openssl pkcs8 -topk8 -v2"
                        + " aes-256-cbc'", null);
            }
            byte[] iv;
            try {
                iv = HexFormat.of().parseHex(dekInfo.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw invalidKey("malformed DEK-Info '" + dekInfo + "'", e);
            }
            byte[] key = bytesToKey(password.getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOf(iv, 8), cipherSpec.getValue());
            try {
                String transformation = cipherSpec.getKey();
                Cipher cipher = Cipher.getInstance(transformation);
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key,
                        transformation.substring(0, transformation.indexOf('/'))),
                        new IvParameterSpec(iv));
                return cipher.doFinal(der);
            } catch (GeneralSecurityException e) {
                throw wrongPassword(e);
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }

        private PrivateKey fromSec1(byte[] sec1) {
            byte[] curve = Der.contextField(sec1, 0);
            if (curve == null || curve[0] != 0x06) {
                throw invalidKey("the EC PRIVATE KEY names no curve (write it with 'openssl ec"
                        + " -param_enc named_curve')", null);
            }
            return fromPkcs8(Der.sequence(Der.INTEGER_0,
                    Der.sequence(EC_PUBLIC_KEY_OID, curve), Der.octetString(sec1)));
        }

        private PrivateKey fromPkcs8(byte[] pkcs8) {
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
            try {
                for (String algorithm : ALGORITHMS) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                    } catch (InvalidKeySpecException e) {
                        // the next one: PKCS#8 names the algorithm, KeyFactory wants it up front
                    } catch (GeneralSecurityException e) {
                        // not on this platform: the next one
                    }
                }
                throw invalidKey("not an EC, RSA or EdDSA key" + (password.isEmpty() ? ""
                        : " (or a wrong password)"), null);
            } finally {
                Arrays.fill(pkcs8, (byte) 0);
            }
        }

        private void requirePassword() {
            if (password.isEmpty()) {
                throw new SettingsException(names.apply(Setting.PEM_KEY_PASSWORD), file
                        + " is encrypted and no password is set");
            }
        }

        private SettingsException wrongPassword(Exception cause) {
            return new SettingsException(names.apply(Setting.PEM_KEY_PASSWORD), "cannot decrypt "
                    + file + ": wrong password", cause);
        }

        private SettingsException invalidKey(String problem, Exception cause) {
            return new SettingsException(names.apply(Setting.PEM_PRIVATE_KEY), file + ": "
                    + problem, cause);
        }
    }

    /** OpenSSL's EVP_BytesToKey with MD5 and one iteration, as its legacy PEM encryption uses. */
    private static byte[] bytesToKey(byte[] password, byte[] salt, int length) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            ByteArrayOutputStream key = new ByteArrayOutputStream();
            byte[] previous = new byte[0];
            while (key.size() < length) {
                md5.update(previous);
                md5.update(password);
                md5.update(salt);
                previous = md5.digest();
                key.writeBytes(previous);
            }
            return Arrays.copyOf(key.toByteArray(), length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }

    /** The few DER encodings needed to wrap PKCS#1 and SEC1 keys in PKCS#8. */
    private static final class Der {
        static final byte[] INTEGER_0 = {0x02, 0x01, 0x00};

        static byte[] sequence(byte[]... parts) {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            for (byte[] part : parts) {
                content.writeBytes(part);
            }
            return tlv(0x30, content.toByteArray());
        }

        static byte[] octetString(byte[] content) {
            return tlv(0x04, content);
        }

        private static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        /**
         * The content of the explicit context-specific field {@code [tag]} of the top-level
         * SEQUENCE {@code der}, or null if it is absent or the encoding is not understood.
         */
        static byte[] contextField(byte[] der, int tag) {
            int[] header = header(der, 0);
            if (header == null || der[0] != 0x30) {
                return null;
            }
            int pos = header[0];
            int end = Math.min(der.length, pos + header[1]);
            while (pos < end) {
                int[] field = header(der, pos);
                if (field == null) {
                    return null;
                }
                if ((der[pos] & 0xff) == (0xa0 | tag)) {
                    return Arrays.copyOfRange(der, field[0], field[0] + field[1]);
                }
                pos = field[0] + field[1];
            }
            return null;
        }

        /** {content offset, content length} of the TLV at {@code pos}, or null. */
        private static int[] header(byte[] der, int pos) {
            if (pos + 2 > der.length) {
                return null;
            }
            int first = der[pos + 1] & 0xff;
            int offset = pos + 2;
            int length = first;
            if (first >= 0x80) {
                int bytes = first & 0x7f;
                if (bytes == 0 || bytes > 3 || offset + bytes > der.length) {
                    return null;
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[offset++] & 0xff);
                }
            }
            return offset + length > der.length ? null : new int[] {offset, length};
        }
    }
}
