package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * logspout's TLS client settings, read once at startup from the {@code LOGSPOUT_TLS_*}
 * variables: what the client trusts, which certificate it shows, and how strict it is. Every
 * problem is a {@link ConfigException} naming the variable, the file and the fix, as logspout's
 * {@code createTLSConfig} made every problem fatal at startup.
 *
 * <p>Public for the other transports that speak TLS ({@code https} in transport-http), so that
 * every TLS destination trusts, shows and refuses the same: {@link #from}, {@link #sslContext()}
 * and {@link #parameters(String)}.
 */
public final class TlsSettings {
    static final String DISABLE_SYSTEM_ROOTS = "LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS";
    static final String CA_CERTS = "LOGSPOUT_TLS_CA_CERTS";
    static final String CLIENT_CERT = "LOGSPOUT_TLS_CLIENT_CERT";
    static final String CLIENT_KEY = "LOGSPOUT_TLS_CLIENT_KEY";
    static final String HARDENING = "LOGSPOUT_TLS_HARDENING";
    /** Go's crypto/x509 reads its system roots from these too; here they add to the JDK's. */
    static final String SSL_CERT_FILE = "SSL_CERT_FILE";
    static final String SSL_CERT_DIR = "SSL_CERT_DIR";

    /** {@code LOGSPOUT_TLS_HARDENING=true}: TLS 1.2 and newer. */
    static final List<String> HARDENED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /**
     * The six ECDHE AEAD suites of logspout's hardening for TLS 1.2, in its order, after the
     * TLS 1.3 suites: Go cannot restrict TLS 1.3 suites and always offers these three (all AEAD,
     * all with an ECDHE key share under the curves below), so leaving them out would forbid
     * TLS 1.3, which Go's hardened client negotiates.
     */
    static final List<String> HARDENED_CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** logspout's curve preferences X25519, P-521, P-384, P-256, by their JSSE names. */
    static final List<String> HARDENED_GROUPS = List.of("x25519", "secp521r1", "secp384r1", "secp256r1");

    private static final System.Logger LOG = System.getLogger(TlsSettings.class.getName());
    private static final char[] KEY_STORE_PASSWORD = "logspout".toCharArray();
    private static final String CA_CERTS_ACCEPTED = "give comma-separated paths of PEM files, each with one or more certificates (-----BEGIN CERTIFICATE-----)";
    private static final String CLIENT_CERT_ACCEPTED = "give a PEM file with the client certificate, then any intermediate CA certificates";

    private final List<X509Certificate> trusted;
    private final int systemRoots;
    private final List<X509Certificate> clientChain;
    private final boolean hardening;
    private final SSLContext context;

    private TlsSettings(List<X509Certificate> trusted, int systemRoots, List<X509Certificate> clientChain, boolean hardening, SSLContext context) {
        this.trusted = trusted;
        this.systemRoots = systemRoots;
        this.clientChain = clientChain;
        this.hardening = hardening;
        this.context = context;
    }

    /**
     * Reads the settings and loads every file they name.
     *
     * @throws ConfigException for an unreadable or invalid file, a key that does not fit its
     *     certificate, or a trust store left empty
     */
    public static TlsSettings from(Config config) {
        SequencedSet<X509Certificate> trusted = new LinkedHashSet<>();
        if (!config.isTrue(DISABLE_SYSTEM_ROOTS)) {
            trusted.addAll(systemRoots(config));
        }
        int systemRoots = trusted.size();
        for (String path : config.get(CA_CERTS, "").split(",")) {
            if (!path.isBlank()) {
                trusted.addAll(caCertificates(Path.of(path.strip())));
            }
        }
        if (trusted.isEmpty()) {
            throw new ConfigException("FATAL: TLS CA trust store is empty! Can not trust any TLS endpoints: "
                    + (config.isTrue(DISABLE_SYSTEM_ROOTS) ? DISABLE_SYSTEM_ROOTS + "=true" : "the JDK's trust store holds no certificate")
                    + " and " + CA_CERTS + " is not set; set " + CA_CERTS + " to the PEM file(s) of the CAs that signed your TLS destinations' certificates"
                    + (config.isTrue(DISABLE_SYSTEM_ROOTS) ? ", or unset " + DISABLE_SYSTEM_ROOTS : ""));
        }
        Optional<String> certPath = config.get(CLIENT_CERT);
        Optional<String> keyPath = config.get(CLIENT_KEY);
        List<X509Certificate> chain = List.of();
        KeyManager[] keyManagers = null;
        if (certPath.isPresent() && keyPath.isPresent()) {
            chain = clientChain(Path.of(certPath.get()));
            PrivateKey key = clientKey(Path.of(keyPath.get()), chain.get(0), Path.of(certPath.get()));
            keyManagers = keyManagers(key, chain);
        } else if (certPath.isPresent() || keyPath.isPresent()) {
            LOG.log(Level.WARNING, "tls: {0} is set but {1} is not; both are needed, so no client certificate is sent",
                    certPath.isPresent() ? CLIENT_CERT : CLIENT_KEY, certPath.isPresent() ? CLIENT_KEY : CLIENT_CERT);
        }
        TlsSettings settings = new TlsSettings(List.copyOf(trusted), systemRoots, chain, config.isTrue(HARDENING), context(keyManagers, trusted));
        LOG.log(Level.INFO, "tls: {0}", settings);
        return settings;
    }

    /** Every certificate trusted, in order: system roots (when on), then those of {@code LOGSPOUT_TLS_CA_CERTS}. */
    List<X509Certificate> trusted() {
        return trusted;
    }

    /** How many of {@link #trusted()} are system roots. */
    int systemRoots() {
        return systemRoots;
    }

    /** The client certificate and its intermediates, leaf first; empty when none is sent. */
    List<X509Certificate> clientChain() {
        return clientChain;
    }

    /** True with {@code LOGSPOUT_TLS_HARDENING=true}. */
    boolean hardening() {
        return hardening;
    }

    /** The context: this trust store and client certificate. */
    public SSLContext sslContext() {
        return context;
    }

    SSLSocketFactory socketFactory() {
        return context.getSocketFactory();
    }

    /**
     * The parameters of a connection to {@code host}: the server's certificate must name it
     * (hostname verification, as Go's client does), SNI names it unless it is an IP address,
     * and hardening restricts protocols, suites and curves.
     */
    public SSLParameters parameters(String host) {
        SSLParameters parameters = context.getDefaultSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        serverName(host).ifPresent(name -> parameters.setServerNames(List.of(name)));
        if (hardening) {
            parameters.setProtocols(HARDENED_PROTOCOLS.toArray(String[]::new));
            parameters.setCipherSuites(HARDENED_CIPHER_SUITES.toArray(String[]::new));
            parameters.setNamedGroups(HARDENED_GROUPS.toArray(String[]::new));
        }
        return parameters;
    }

    /**
     * The SNI name for {@code host}, as Go sends it: any host name (JSSE on its own sends none
     * for a name without a dot, such as {@code localhost}), without a trailing dot; none for an
     * IP address, or for a name SNI cannot carry (one with {@code _}).
     */
    private static Optional<SNIServerName> serverName(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (name.isEmpty() || name.indexOf(':') >= 0 || name.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SNIHostName(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The JDK's trust store (javax.net.ssl.trustStore, else its cacerts), plus SSL_CERT_FILE and SSL_CERT_DIR when set. */
    private static List<X509Certificate> systemRoots(Config config) {
        List<X509Certificate> roots = new ArrayList<>();
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    roots.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigException("cannot read the JDK's trust store (the javax.net.ssl.trustStore property, else the JDK's lib/security/cacerts): "
                    + e.getMessage() + "; repair it, or set " + DISABLE_SYSTEM_ROOTS + "=true and " + CA_CERTS + " to your CAs", e);
        }
        config.get(SSL_CERT_FILE).ifPresent(file -> roots.addAll(optionalCertificates(SSL_CERT_FILE, Path.of(file))));
        for (String dir : config.get(SSL_CERT_DIR, "").split(":")) {
            if (!dir.isEmpty()) {
                try (Stream<Path> files = Files.list(Path.of(dir))) {
                    files.filter(Files::isRegularFile).sorted().forEach(file -> roots.addAll(optionalCertificates(null, file)));
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "tls: {0}: cannot list {1} ({2}); its certificates are not trusted", SSL_CERT_DIR, dir, describe(e));
                }
            }
        }
        return roots;
    }

    /**
     * The certificates of a system file, leniently as Go reads them: a file that cannot be read
     * or holds none adds nothing, with a warning when {@code variable} named it.
     */
    private static List<X509Certificate> optionalCertificates(String variable, Path file) {
        try {
            List<X509Certificate> certificates = certificates(file);
            if (certificates.isEmpty() && variable != null) {
                LOG.log(Level.WARNING, "tls: {0}: {1} holds no PEM certificate", variable, file);
            }
            return certificates;
        } catch (IOException | IllegalArgumentException e) {
            if (variable != null) {
                LOG.log(Level.WARNING, "tls: {0}: cannot read {1} ({2}); its certificates are not trusted", variable, file,
                        e instanceof IOException io ? describe(io) : e.getMessage());
            }
            return List.of();
        }
    }

    private static List<X509Certificate> caCertificates(Path file) {
        try {
            List<X509Certificate> certificates = certificates(file);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("it holds no PEM certificate");
            }
            return certificates;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CA_CERTS + ": failed to load CA certificate(s): " + file + ": "
                    + (e instanceof IOException io ? describe(io) : e.getMessage()) + "; " + CA_CERTS_ACCEPTED, e);
        }
    }

    private static List<X509Certificate> clientChain(Path file) {
        try {
            List<X509Certificate> chain = certificates(file);
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("it holds no PEM certificate");
            }
            return chain;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CLIENT_CERT + ": cannot load the client certificate from " + file + ": "
                    + (e instanceof IOException io ? describe(io) : e.getMessage()) + "; " + CLIENT_CERT_ACCEPTED, e);
        }
    }

    private static PrivateKey clientKey(Path file, X509Certificate leaf, Path certFile) {
        PrivateKey key;
        try {
            key = PrivateKeys.read(Pem.parse(read(file)));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CLIENT_KEY + ": cannot load the client key from " + file + ": "
                    + (e instanceof IOException io ? describe(io) : e.getMessage()) + "; give " + PrivateKeys.ACCEPTED, e);
        }
        if (!belongsTo(key, leaf.getPublicKey())) {
            throw new ConfigException(CLIENT_KEY + ": the key in " + file + " is not the key of the certificate in " + certFile
                    + " (" + leaf.getSubjectX500Principal().getName() + ", set by " + CLIENT_CERT + "); give the key that certificate was made for");
        }
        return key;
    }

    /** The certificates of the {@code CERTIFICATE} blocks of a PEM file, in order; other blocks are skipped, as Go does. */
    private static List<X509Certificate> certificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("this JDK has no X.509 certificate factory", e);
        }
        for (Pem.Block block : Pem.parse(read(file))) {
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

    /** PEM is ASCII; Latin-1 reads any bytes, so a binary file fails as "no PEM block", not as bad UTF-8. */
    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code key} is the private half of {@code publicKey}: it signs what the public key verifies. */
    private static boolean belongsTo(PrivateKey key, PublicKey publicKey) {
        if (key instanceof RSAKey rsa) {
            return publicKey instanceof RSAKey rsaPublic && rsa.getModulus().equals(rsaPublic.getModulus());
        }
        try {
            Signature signature = Signature.getInstance(key instanceof ECKey ? "SHA256withECDSA" : key.getAlgorithm());
            byte[] probe = "logspout".getBytes(StandardCharsets.US_ASCII);
            signature.initSign(key);
            signature.update(probe);
            byte[] signed = signature.sign();
            signature.initVerify(publicKey);
            signature.update(probe);
            return signature.verify(signed);
        } catch (GeneralSecurityException e) {
            return false; // a key of another kind than the certificate's
        }
    }

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, KEY_STORE_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, KEY_STORE_PASSWORD);
            return factory.getKeyManagers();
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException(CLIENT_CERT + "/" + CLIENT_KEY + ": the JDK cannot use this certificate and key: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, SequencedSet<X509Certificate> trusted) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int alias = 0;
            for (X509Certificate certificate : trusted) {
                store.setCertificateEntry("trusted-" + alias++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("this JDK cannot set up TLS: " + e, e);
        }
    }

    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** For the startup log line. */
    @Override
    public String toString() {
        return "trusting " + trusted.size() + " certificates (" + systemRoots + " system roots, " + (trusted.size() - systemRoots) + " from " + CA_CERTS + "); "
                + (clientChain.isEmpty() ? "no client certificate" : "client certificate " + clientChain.get(0).getSubjectX500Principal().getName())
                + (hardening ? "; hardening on (TLS 1.2+, ECDHE AEAD suites, curves X25519 P-521 P-384 P-256)" : "");
    }
}
