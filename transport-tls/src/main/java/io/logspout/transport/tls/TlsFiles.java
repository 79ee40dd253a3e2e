package io.logspout.transport.tls;

import static io.logspout.transport.tls.TlsSettings.CA_CERTS;
import static io.logspout.transport.tls.TlsSettings.CLIENT_CERT;
import static io.logspout.transport.tls.TlsSettings.CLIENT_KEY;
import static io.logspout.transport.tls.TlsSettings.DISABLE_SYSTEM_ROOTS;
import static io.logspout.transport.tls.TlsSettings.SSL_CERT_DIR;
import static io.logspout.transport.tls.TlsSettings.SSL_CERT_FILE;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Pem;
import io.logspout.transport.tcp.Sockets;
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
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The files {@link TlsSettings} names, read as Go logspout read them: the system roots leniently
 * (a missing {@code SSL_CERT_FILE} is a warning), the files of {@code LOGSPOUT_TLS_*} strictly,
 * each problem a {@link ConfigException} naming the variable, the file and what is accepted.
 */
final class TlsFiles {
    /** The settings' logger: the file warnings are part of reading the settings. */
    private static final System.Logger LOG = System.getLogger(TlsSettings.class.getName());
    private static final String CA_CERTS_ACCEPTED = "give comma-separated paths of PEM files, each with one or more certificates (-----BEGIN CERTIFICATE-----)";
    private static final String CLIENT_CERT_ACCEPTED = "give a PEM file with the client certificate, then any intermediate CA certificates";

    private TlsFiles() {
    }

    /** The JDK's trust store (javax.net.ssl.trustStore, else its cacerts), plus SSL_CERT_FILE and SSL_CERT_DIR when set. */
    static List<X509Certificate> systemRoots(Config config) {
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
            List<X509Certificate> certificates = Pem.certificates(file);
            if (certificates.isEmpty() && variable != null) {
                LOG.log(Level.WARNING, "tls: {0}: {1} holds no PEM certificate", variable, file);
            }
            return certificates;
        } catch (IOException | IllegalArgumentException e) {
            if (variable != null) {
                LOG.log(Level.WARNING, "tls: {0}: cannot read {1} ({2}); its certificates are not trusted", variable, file,
                        describe(e));
            }
            return List.of();
        }
    }

    /** The CA certificates of a {@code LOGSPOUT_TLS_CA_CERTS} file; at least one. */
    static List<X509Certificate> caCertificates(Path file) {
        return requiredCertificates(file, CA_CERTS + ": failed to load CA certificate(s): ", CA_CERTS_ACCEPTED);
    }

    /** The client certificate and its intermediates, leaf first; at least the leaf. */
    static List<X509Certificate> clientChain(Path file) {
        return requiredCertificates(file, CLIENT_CERT + ": cannot load the client certificate from ", CLIENT_CERT_ACCEPTED);
    }

    private static List<X509Certificate> requiredCertificates(Path file, String failure, String accepted) {
        try {
            return Pem.requiredCertificates(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(failure + file + ": " + describe(e) + "; " + accepted, e);
        }
    }

    static PrivateKey clientKey(Path file, X509Certificate leaf, Path certFile) {
        PrivateKey key;
        try {
            key = Pem.privateKey(file);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(CLIENT_KEY + ": cannot load the client key from " + file + ": "
                    + describe(e) + "; give " + Pem.ACCEPTED_KEYS, e);
        }
        if (!belongsTo(key, leaf.getPublicKey())) {
            throw new ConfigException(CLIENT_KEY + ": the key in " + file + " is not the key of the certificate in " + certFile
                    + " (" + leaf.getSubjectX500Principal().getName() + ", set by " + CLIENT_CERT + "); give the key that certificate was made for");
        }
        return key;
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

    /** What went wrong with a file, as the operator says it: "no such file", "permission denied", or the cause's words. */
    static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return Sockets.describe(e);
    }
}
