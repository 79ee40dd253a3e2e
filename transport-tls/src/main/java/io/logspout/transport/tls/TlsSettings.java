package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.HostPort;
import io.logspout.api.Pem;
import io.logspout.transport.tcp.Sockets;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * logspout's TLS client settings, read once at startup from the {@code LOGSPOUT_TLS_*}
 * variables: what the client trusts, which certificate it shows, and how strict it is. Every
 * problem is a {@link ConfigException} naming the variable, the file and the fix, as logspout's
 * {@code createTLSConfig} made every problem fatal at startup.
 *
 * <p>The public methods are this module's API for every TLS client of logspout, so that each
 * (the {@code tls} transport, an HTTPS one) trusts, authenticates and hardens alike:
 * {@link #from(Config)} reads the settings; then either {@link #handshake} layers TLS over a
 * connected socket, or {@link #sslContext()} with {@link #parameters(String)} configure a client
 * library's own connections, and {@link #handshakeHint} explains a failure to the operator.
 */
public final class TlsSettings {
    /** {@code true} leaves the JDK's roots (and SSL_CERT_FILE, SSL_CERT_DIR) out of the trust store. */
    public static final String DISABLE_SYSTEM_ROOTS = "LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS";
    /** Comma-separated PEM files of CAs to trust. */
    public static final String CA_CERTS = "LOGSPOUT_TLS_CA_CERTS";
    /** The PEM file of the client certificate for mutual TLS, then its intermediates. */
    public static final String CLIENT_CERT = "LOGSPOUT_TLS_CLIENT_CERT";
    /** The PEM file of the client certificate's private key. */
    public static final String CLIENT_KEY = "LOGSPOUT_TLS_CLIENT_KEY";
    /** {@code true} allows TLS 1.2+ with ECDHE AEAD suites and logspout's curves only. */
    public static final String HARDENING = "LOGSPOUT_TLS_HARDENING";
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
            trusted.addAll(TlsFiles.systemRoots(config));
        }
        int systemRoots = trusted.size();
        for (String path : config.get(CA_CERTS, "").split(",")) {
            if (!path.isBlank()) {
                trusted.addAll(TlsFiles.caCertificates(Path.of(path.strip())));
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
            chain = TlsFiles.clientChain(Path.of(certPath.get()));
            PrivateKey key = TlsFiles.clientKey(Path.of(keyPath.get()), chain.get(0), Path.of(certPath.get()));
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

    /**
     * The context with logspout's trust store and client certificate, for a client library that
     * makes its own connections; pair it with {@link #parameters(String)} for each host.
     */
    public SSLContext sslContext() {
        return context;
    }

    /**
     * Layers TLS over a connected socket to {@code target} (as OkHttp's {@code connectTls} does
     * over {@code connectSocket}) and completes the handshake within {@code timeoutMillis}, so a
     * host that accepts and then says nothing does not hold the caller forever. Only that
     * address is tried, as Go's {@code tls.Dial} does: another address of the same host would
     * present the same certificate.
     *
     * @return the TLS socket, its handshake done, with no read timeout
     * @throws IOException naming the destination, the cause and, when the cause says, what the
     *     operator can do ({@link #handshakeHint}); {@code plain} is closed then
     */
    public SSLSocket handshake(Socket plain, HostPort target, int timeoutMillis) throws IOException {
        SSLSocket tls = null;
        try {
            tls = (SSLSocket) context.getSocketFactory().createSocket(plain, target.host(), target.port(), true);
            tls.setSSLParameters(parameters(target.host()));
            tls.setSoTimeout(timeoutMillis);
            tls.startHandshake();
            tls.setSoTimeout(0); // from now on only a peer watcher reads, and it waits for as long as the connection lives
            return tls;
        } catch (IOException e) {
            Sockets.closeQuietly(tls == null ? plain : tls);
            throw new IOException("tls: handshake with " + target + " (" + plain.getInetAddress().getHostAddress() + ") failed: "
                    + Sockets.describe(e) + handshakeHint(e, target.host()), e);
        }
    }

    /**
     * What the operator can do about a failed handshake with {@code host}, when the cause says:
     * {@code "; ..."} to append to the error, or empty.
     */
    public String handshakeHint(Throwable failure, String host) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return "; logspout trusts a server whose certificate names " + host + " and is signed by a CA of its trust store ("
                        + CA_CERTS + ", and the system roots unless " + DISABLE_SYSTEM_ROOTS + "=true)";
            }
        }
        if (failure.getMessage() == null || !failure.getMessage().contains("Received fatal alert")) {
            return "";
        }
        // The server said no without saying why: a missing or untrusted client certificate, or no common version or suite.
        return "; the server refused the handshake: it may require a client certificate signed by a CA it trusts ("
                + (clientChain.isEmpty()
                        ? "logspout has none: set " + CLIENT_CERT + " and " + CLIENT_KEY
                        : "logspout sends " + clientChain.get(0).getSubjectX500Principal().getName() + " from " + CLIENT_CERT)
                + "), or support none of the TLS versions and cipher suites logspout offers"
                + (hardening ? " (" + HARDENING + "=true allows TLS 1.2+ with ECDHE AEAD suites only)" : "");
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

    private static KeyManager[] keyManagers(PrivateKey key, List<X509Certificate> chain) {
        try {
            return Pem.keyManagers(key, chain);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(CLIENT_CERT + "/" + CLIENT_KEY + ": the JDK cannot use this certificate and key: " + e.getMessage(), e);
        }
    }

    private static SSLContext context(KeyManager[] keyManagers, SequencedSet<X509Certificate> trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, Pem.trustManagers(trusted), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot set up TLS: " + e, e);
        }
    }

    /** For the startup log line. */
    @Override
    public String toString() {
        return "trusting " + trusted.size() + " certificates (" + systemRoots + " system roots, " + (trusted.size() - systemRoots) + " from " + CA_CERTS + "); "
                + (clientChain.isEmpty() ? "no client certificate" : "client certificate " + clientChain.get(0).getSubjectX500Principal().getName())
                + (hardening ? "; hardening on (TLS 1.2+, ECDHE AEAD suites, curves X25519 P-521 P-384 P-256)" : "");
    }
}
