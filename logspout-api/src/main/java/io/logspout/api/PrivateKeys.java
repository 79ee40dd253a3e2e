package io.logspout.api;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the PEM private keys that TLS tools write into JDK keys, with the JDK alone: PKCS#8
 * ({@code BEGIN PRIVATE KEY}) as it is, PKCS#1 ({@code BEGIN RSA PRIVATE KEY}) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}) by wrapping them in the PKCS#8 structure that the JDK's key
 * factories read. These are the forms Go's {@code tls.X509KeyPair} accepts.
 */
final class PrivateKeys {
    private static final int SEQUENCE = 0x30;
    private static final int INTEGER = 0x02;
    private static final int OCTET_STRING = 0x04;
    private static final int NULL = 0x05;
    private static final int OID = 0x06;
    private static final int EC_PARAMETERS_TAG = 0xA0;

    /** Object identifiers as DER values (without tag and length), with the JDK's algorithm names. */
    private static final byte[] RSA = hex("2a864886f70d010101");
    private static final byte[] RSA_PSS = hex("2a864886f70d01010a");
    private static final byte[] EC = hex("2a8648ce3d0201");
    private static final byte[] ED25519 = hex("2b6570");
    private static final byte[] ED448 = hex("2b6571");

    static final String ACCEPTED = "an unencrypted PEM key: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY)";

    private PrivateKeys() {
    }

    /**
     * The first private key among {@code blocks} (a key file may hold other blocks, such as
     * {@code EC PARAMETERS} before a SEC1 key).
     *
     * @throws IllegalArgumentException saying what is wrong: no key, an encrypted key, an
     *     unknown kind of key, or bytes that are not a key
     */
    static PrivateKey read(List<Pem.Block> blocks) {
        for (Pem.Block block : blocks) {
            if (block.type().endsWith("PRIVATE KEY")) {
                return read(block, blocks);
            }
        }
        throw new IllegalArgumentException("it holds no private key; give " + ACCEPTED);
    }

    private static PrivateKey read(Pem.Block block, List<Pem.Block> blocks) {
        if (block.encrypted() || block.type().equals("ENCRYPTED PRIVATE KEY")) {
            throw new IllegalArgumentException("its key is encrypted, and logspout reads unencrypted keys only; decrypt it with 'openssl pkey -in KEY -out PLAIN-KEY'");
        }
        try {
            return switch (block.type()) {
                case "PRIVATE KEY" -> pkcs8(block.der());
                case "RSA PRIVATE KEY" -> pkcs8(wrap(RSA, tlv(NULL), block.der()));
                case "EC PRIVATE KEY" -> pkcs8(wrap(EC, curveOf(block.der(), blocks), block.der()));
                default -> throw new IllegalArgumentException("a '" + block.type() + "' block is no key logspout reads; give " + ACCEPTED);
            };
        } catch (GeneralSecurityException | DerException e) {
            throw new IllegalArgumentException("block " + block.number() + " (" + block.type() + ") is not a valid key: " + e.getMessage(), e);
        }
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm(der)).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /** The JDK name of a PKCS#8 key's algorithm: PrivateKeyInfo ::= SEQUENCE { version, SEQUENCE { OID, ... }, ... }. */
    private static String algorithm(byte[] pkcs8) throws GeneralSecurityException {
        Der info = new Der(pkcs8).enter(SEQUENCE);
        info.skip(INTEGER);
        byte[] oid = info.enter(SEQUENCE).value(OID);
        if (Arrays.equals(oid, RSA)) {
            return "RSA";
        } else if (Arrays.equals(oid, EC)) {
            return "EC";
        } else if (Arrays.equals(oid, ED25519)) {
            return "Ed25519";
        } else if (Arrays.equals(oid, ED448)) {
            return "Ed448";
        } else if (Arrays.equals(oid, RSA_PSS)) {
            return "RSASSA-PSS";
        }
        throw new GeneralSecurityException("its algorithm (OID bytes " + HexFormat.of().formatHex(oid) + ") is none of RSA, EC, Ed25519, Ed448");
    }

    /**
     * The named curve of a SEC1 key, as a whole OID element: from the key's own parameters
     * ({@code ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters OPTIONAL, ... }}),
     * else from an {@code EC PARAMETERS} block of the same file, as {@code openssl ecparam -genkey} writes.
     */
    private static byte[] curveOf(byte[] sec1, List<Pem.Block> blocks) {
        Der key = new Der(sec1).enter(SEQUENCE);
        key.skip(INTEGER);
        key.skip(OCTET_STRING);
        if (key.hasMore() && key.peekTag() == EC_PARAMETERS_TAG) {
            return key.enter(EC_PARAMETERS_TAG).element(OID);
        }
        for (Pem.Block block : blocks) {
            if (block.type().equals("EC PARAMETERS")) {
                return new Der(block.der()).element(OID);
            }
        }
        throw new DerException("it names no curve (no parameters in the key, no EC PARAMETERS block)");
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, SEQUENCE { OID algorithm, parameters }, OCTET STRING key }. */
    private static byte[] wrap(byte[] algorithm, byte[] parameters, byte[] key) {
        return tlv(SEQUENCE, tlv(INTEGER, new byte[] {0}), tlv(SEQUENCE, tlv(OID, algorithm), parameters), tlv(OCTET_STRING, key));
    }

    private static byte[] tlv(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
                out.write(length >>> shift);
            }
        }
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String digits) {
        return HexFormat.of().parseHex(digits);
    }

    /** Malformed DER. */
    private static final class DerException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DerException(String message) {
            super(message);
        }
    }

    /** Reads the elements of one level of DER, front to back. */
    private static final class Der {
        private final byte[] data;
        private int position;
        private final int end;

        Der(byte[] data) {
            this(data, 0, data.length);
        }

        private Der(byte[] data, int from, int to) {
            this.data = data;
            this.position = from;
            this.end = to;
        }

        boolean hasMore() {
            return position < end;
        }

        int peekTag() {
            return data[position] & 0xff;
        }

        /** The contents of the next element, which must have {@code tag}, to read its elements. */
        Der enter(int tag) {
            int start = header(tag);
            return new Der(data, start, position);
        }

        void skip(int tag) {
            header(tag);
        }

        /** The value bytes of the next element. */
        byte[] value(int tag) {
            int start = header(tag);
            return Arrays.copyOfRange(data, start, position);
        }

        /** The next element whole: tag, length and value. */
        byte[] element(int tag) {
            int from = position;
            header(tag);
            return Arrays.copyOfRange(data, from, position);
        }

        /** Reads tag and length, checks the tag, moves past the element; returns where its value starts. */
        private int header(int tag) {
            if (position + 2 > end) {
                throw new DerException("it ends early");
            }
            int found = data[position++] & 0xff;
            if (found != tag) {
                throw new DerException(String.format("found DER tag 0x%02x where 0x%02x belongs", found, tag));
            }
            int length = data[position++] & 0xff;
            if (length >= 0x80) {
                int bytes = length & 0x7f;
                if (bytes == 0 || bytes > 3 || position + bytes > end) {
                    throw new DerException("it has a bad DER length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = length << 8 | data[position++] & 0xff;
                }
            }
            if (length > end - position) {
                throw new DerException("it ends early");
            }
            int start = position;
            position += length;
            return start;
        }
    }
}
