package io.tlsresume.openssl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.tlsresume.core.ring.TicketKey;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * What a ticket-key callback does with one ring key: sets the key name, a random IV, AES-128-CBC
 * on the cipher context and HMAC-SHA256 on the MAC context (the RFC 5077 section 4 layout, as on
 * the BoringSSL engine). Bound through the FFM API to libcrypto via libssl's symbols.
 */
final class TicketCrypto {
    static final int KEY_NAME_LENGTH = 16;
    static final int IV_LENGTH = 16;
    private static final int OSSL_PARAM_UTF8_STRING = 4;
    private static final int OSSL_PARAM_OCTET_STRING = 5;
    /** OSSL_PARAM_UNMODIFIED. */
    private static final long UNMODIFIED = -1L;

    /** {@code OSSL_PARAM}: key, data_type, data, data_size, return_size. */
    private static final StructLayout PARAM = MemoryLayout.structLayout(
            ADDRESS.withName("key"), JAVA_INT.withName("data_type"),
            MemoryLayout.paddingLayout(4), ADDRESS.withName("data"),
            JAVA_LONG.withName("data_size"), JAVA_LONG.withName("return_size"));
    private static final VarHandle P_KEY = PARAM.varHandle(
            MemoryLayout.PathElement.groupElement("key"));
    private static final VarHandle P_TYPE = PARAM.varHandle(
            MemoryLayout.PathElement.groupElement("data_type"));
    private static final VarHandle P_DATA = PARAM.varHandle(
            MemoryLayout.PathElement.groupElement("data"));
    private static final VarHandle P_SIZE = PARAM.varHandle(
            MemoryLayout.PathElement.groupElement("data_size"));
    private static final VarHandle P_RETURN = PARAM.varHandle(
            MemoryLayout.PathElement.groupElement("return_size"));

    private static final MemorySegment KEY = Arena.global().allocateFrom("key");
    private static final MemorySegment DIGEST = Arena.global().allocateFrom("digest");
    private static final MemorySegment SHA256 = Arena.global().allocateFrom("SHA256");

    private final MethodHandle encryptInit;
    private final MethodHandle decryptInit;
    private final MethodHandle randBytes;
    private final MethodHandle macSetParams;
    private final MethodHandle setTicketCb;
    private final MethodHandle clearOptions;
    private final MemorySegment aes128Cbc;

    TicketCrypto(LibSsl ssl) {
        SymbolLookup lookup = ssl.lookup();
        FunctionDescriptor init = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
                ADDRESS, ADDRESS);
        encryptInit = LibSsl.bind(lookup, "EVP_EncryptInit_ex", init);
        decryptInit = LibSsl.bind(lookup, "EVP_DecryptInit_ex", init);
        randBytes = LibSsl.bind(lookup, "RAND_bytes",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
        macSetParams = LibSsl.bind(lookup, "EVP_MAC_CTX_set_params",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        setTicketCb = LibSsl.bind(lookup, "SSL_CTX_set_tlsext_ticket_key_evp_cb",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
        clearOptions = LibSsl.bind(lookup, "SSL_CTX_clear_options",
                FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG));
        try {
            aes128Cbc = (MemorySegment) LibSsl.bind(lookup, "EVP_aes_128_cbc",
                    FunctionDescriptor.of(ADDRESS)).invokeExact();
        } catch (Throwable e) {
            throw LibSsl.rethrow(e);
        }
    }

    /** Installs {@code callback} as the context's ticket-key callback and enables tickets. */
    void install(MemorySegment ctx, MemorySegment callback) {
        try {
            int ok = (int) setTicketCb.invokeExact(ctx, callback);
            if (ok != 1) {
                throw new IllegalStateException("SSL_CTX_set_tlsext_ticket_key_evp_cb failed");
            }
            long options = (long) clearOptions.invokeExact(ctx, LibSsl.SSL_OP_NO_TICKET);
        } catch (Throwable e) {
            throw LibSsl.rethrow(e);
        }
    }

    /** Prepares encryption of a new ticket under {@code key}; true on success. */
    boolean encrypt(RingTickets.Key key, MemorySegment keyName, MemorySegment iv,
            MemorySegment cipherCtx, MemorySegment macCtx) throws Throwable {
        MemorySegment.copy(key.name(), 0, keyName.reinterpret(KEY_NAME_LENGTH), JAVA_BYTE, 0,
                KEY_NAME_LENGTH);
        if ((int) randBytes.invokeExact(iv, IV_LENGTH) != 1) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aes = arena.allocate(TicketKey.PART_LENGTH);
            MemorySegment hmac = arena.allocate(TicketKey.PART_LENGTH);
            try {
                return key.copySecrets(aes, hmac)
                        && (int) encryptInit.invokeExact(cipherCtx, aes128Cbc,
                                MemorySegment.NULL, aes, iv) == 1
                        && setMac(arena, macCtx, hmac);
            } finally {
                aes.fill((byte) 0);
                hmac.fill((byte) 0);
            }
        }
    }

    /** Prepares decryption of a ticket under {@code key}; true on success. */
    boolean decrypt(RingTickets.Key key, MemorySegment iv, MemorySegment cipherCtx,
            MemorySegment macCtx) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment aes = arena.allocate(TicketKey.PART_LENGTH);
            MemorySegment hmac = arena.allocate(TicketKey.PART_LENGTH);
            try {
                return key.copySecrets(aes, hmac)
                        && setMac(arena, macCtx, hmac)
                        && (int) decryptInit.invokeExact(cipherCtx, aes128Cbc,
                                MemorySegment.NULL, aes, iv) == 1;
            } finally {
                aes.fill((byte) 0);
                hmac.fill((byte) 0);
            }
        }
    }

    private boolean setMac(Arena arena, MemorySegment macCtx, MemorySegment hmac)
            throws Throwable {
        MemorySegment params = arena.allocate(PARAM, 3);
        param(params.asSlice(0, PARAM), KEY, OSSL_PARAM_OCTET_STRING, hmac, hmac.byteSize());
        param(params.asSlice(PARAM.byteSize(), PARAM), DIGEST, OSSL_PARAM_UTF8_STRING,
                SHA256, SHA256.byteSize() - 1);
        // The third element stays zero: the terminating OSSL_PARAM_END.
        return (int) macSetParams.invokeExact(macCtx, params) == 1;
    }

    private static void param(MemorySegment p, MemorySegment key, int type, MemorySegment data,
            long size) {
        P_KEY.set(p, 0L, key);
        P_TYPE.set(p, 0L, type);
        P_DATA.set(p, 0L, data);
        P_SIZE.set(p, 0L, size);
        P_RETURN.set(p, 0L, UNMODIFIED);
    }
}
