package io.logspout.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and private keys from PEM files, with the JDK alone, for whatever speaks TLS: the
 * {@code tls} transport, the Docker client (its {@code DOCKER_CERT_PATH}), a plugin.
 *
 * <p>A PEM text is blocks: {@code -----BEGIN TYPE-----}, base64, {@code -----END TYPE-----}.
 * Text outside blocks (the {@code Bag Attributes} lines openssl writes, comments) is ignored, as
 * Go's {@code pem.Decode} does; RFC 1421 headers inside a block ({@code Proc-Type: 4,ENCRYPTED})
 * are kept so that an encrypted key can be named as such.
 *
 * <p>{@link #keyManagers} and {@link #trustManagers} turn what was read into what
 * {@link javax.net.ssl.SSLContext#init} takes.
 */
public final class Pem {
    /** The kinds of key {@link #privateKey} reads, for error messages: "give " + this. */
    public static final String ACCEPTED_KEYS = PrivateKeys.ACCEPTED;
    private static final char[] KEY_STORE_PASSWORD = "logspout".toCharArray();

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    /**
     * One block.
     *
     * @param number its place in the file, from 1, for error messages
     * @param type what its BEGIN line says: {@code CERTIFICATE}, {@code PRIVATE KEY}, ...
     * @param encrypted true when its headers say {@code Proc-Type: 4,ENCRYPTED}
     */
    record Block(int number, String type, byte[] der, boolean encrypted) {
    }

    private Pem() {
    }

    /**
     * {@link #certificates(Path)}, of a file that must hold at least one: a trust anchor or a
     * certificate to present.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when it holds none, or as {@link #certificates(Path)}
     */
    public static List<X509Certificate> requiredCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = certificates(file);
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("it holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /**
     * The certificates of the {@code CERTIFICATE} blocks of a PEM file, in order (none if it has
     * none); other blocks are skipped, as Go does.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the block that is not PEM or not a certificate
     */
    public static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
        for (Block block : parse(read(file))) {
            if (block.type().equals("CERTIFICATE")) {
                try {
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der())));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("block " + block.number() + " (CERTIFICATE) is not a valid X.509 certificate: " + e.getMessage(), e);
                }
            }
        }
        return certificates;
    }

    /**
     * The first private key of a PEM file: {@link #ACCEPTED_KEYS} (a key file may hold other
     * blocks, such as {@code EC PARAMETERS} before a SEC1 key).
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException saying what is wrong: no key, an encrypted key, an
     *     unknown kind of key, or bytes that are not a key
     */
    public static PrivateKey privateKey(Path file) throws IOException {
        return PrivateKeys.read(parse(read(file)));
    }

    /** The key managers that present {@code chain} (leaf first) with {@code key} as a client (or server) certificate. */
    public static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) throws GeneralSecurityException {
        KeyStore store = emptyKeyStore();
        store.setKeyEntry("key", key, KEY_STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, KEY_STORE_PASSWORD);
        return factory.getKeyManagers();
    }

    /** The trust managers that trust {@code trusted} and nothing else. */
    public static TrustManager[] trustManagers(Collection<X509Certificate> trusted) throws GeneralSecurityException {
        KeyStore store = emptyKeyStore();
        int alias = 0;
        for (X509Certificate certificate : trusted) {
            store.setCertificateEntry("trusted-" + alias++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    /** An in-memory key store: its password protects nothing, the JDK only insists on one. */
    private static KeyStore emptyKeyStore() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot make an empty key store: " + e.getMessage(), e);
        }
    }

    /** PEM is ASCII; Latin-1 reads any bytes, so a binary file fails as "no PEM block", not as bad UTF-8. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /**
     * The blocks of {@code text}, in order.
     *
     * @throws IllegalArgumentException naming the block when it has no END line or is not base64
     */
    static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith(BEGIN) || !line.endsWith(DASHES) || line.length() < BEGIN.length() + DASHES.length()) {
                continue;
            }
            String type = line.substring(BEGIN.length(), line.length() - DASHES.length());
            int number = blocks.size() + 1;
            String endLine = END + type + DASHES;
            StringBuilder base64 = new StringBuilder();
            boolean encrypted = false;
            int j = i + 1;
            for (; j < lines.length && !lines[j].strip().equals(endLine); j++) {
                String body = lines[j].strip();
                if (body.indexOf(':') >= 0) {
                    encrypted |= body.startsWith("Proc-Type:") && body.contains("ENCRYPTED");
                } else {
                    base64.append(body);
                }
            }
            if (j == lines.length) {
                throw new IllegalArgumentException("block " + number + " (" + type + ") has no '" + endLine + "' line");
            }
            try {
                blocks.add(new Block(number, type, Base64.getDecoder().decode(base64.toString()), encrypted));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("block " + number + " (" + type + ") is not valid base64: " + e.getMessage(), e);
            }
            i = j;
        }
        return blocks;
    }
}
