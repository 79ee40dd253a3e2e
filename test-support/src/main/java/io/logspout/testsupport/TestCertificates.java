package io.logspout.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates and keys for TLS tests, made fresh by the {@code openssl} command into a
 * directory of the test's (nothing is committed, nothing expires between runs). All PEM files:
 *
 * <ul>
 *   <li>a root CA ({@link #caCert()}, EC P-256) and an intermediate CA signed by it
 *       ({@link #intermediateCaCert()});</li>
 *   <li>a server certificate for {@code localhost} and {@code 127.0.0.1} signed by the root
 *       ({@link #serverCert()}, RSA key {@link #serverKey()} in PKCS#8), and one for a name no
 *       test connects to ({@link #wrongHostCert()}, {@link #wrongHostKey()});</li>
 *   <li>client certificates signed by the root: RSA ({@link #clientCert()}, its key in PKCS#8
 *       {@link #clientKey()} and PKCS#1 {@link #clientKeyPkcs1()}) and EC
 *       ({@link #clientCertEc()}, key in SEC1 {@link #clientKeyEc()}) and Ed25519
 *       ({@link #clientCertEd25519()}, {@link #clientKeyEd25519()}); and one signed by the
 *       intermediate, whose file holds the chain leaf first ({@link #chainClientCert()},
 *       {@link #chainClientKey()});</li>
 *   <li>an unrelated root CA ({@link #otherCaCert()}) that signed nothing the tests serve.</li>
 * </ul>
 *
 * <p>Fails with a clear message when {@code openssl} is missing ("run the tests with
 * scripts/test.sh", which installs it).
 */
public final class TestCertificates {
    private static final long OPENSSL_TIMEOUT_SECONDS = 60;
    /** Extension sections for {@code -extensions}; the {@code req} part keeps openssl from reading the system's config. */
    private static final String CONFIG = """
            [req]
            distinguished_name = dn
            prompt = no
            [dn]
            CN = unused
            [ca]
            basicConstraints = critical, CA:TRUE
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            [server]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:localhost, IP:127.0.0.1
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            [wrong_host]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature, keyEncipherment
            extendedKeyUsage = serverAuth
            subjectAltName = DNS:other.invalid
            [client]
            basicConstraints = critical, CA:FALSE
            keyUsage = critical, digitalSignature
            extendedKeyUsage = clientAuth
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """;

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    /** Makes every certificate and key into {@code dir} (a test's temporary directory). */
    public static TestCertificates create(Path dir) {
        TestCertificates certs = new TestCertificates(dir);
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("openssl.cnf"), CONFIG, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + dir, e);
        }
        certs.make();
        return certs;
    }

    private void make() {
        ecKey("ca.key");
        openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=logspout test CA", "-days", "3", "-sha256",
                "-config", "openssl.cnf", "-extensions", "ca", "-out", "ca.pem");
        ecKey("intermediate.key");
        sign("intermediate", "/CN=logspout test intermediate CA", "ca", "ca");

        rsaKey("server.key");
        sign("server", "/CN=localhost", "ca", "server");
        rsaKey("wrong-host.key");
        sign("wrong-host", "/CN=other.invalid", "ca", "wrong_host");

        rsaKey("client.key");
        sign("client", "/CN=logspout test client", "ca", "client");
        openssl("rsa", "-in", "client.key", "-traditional", "-out", "client-pkcs1.key");
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "client-ec.key");
        sign("client-ec", "/CN=logspout test EC client", "ca", "client");
        openssl("genpkey", "-algorithm", "ED25519", "-out", "client-ed25519.key");
        sign("client-ed25519", "/CN=logspout test Ed25519 client", "ca", "client");
        ecKey("chain-client.key");
        sign("chain-client-leaf", "chain-client.key", "/CN=logspout test chain client", "intermediate", "client");
        concatenate("chain-client.pem", "chain-client-leaf.pem", "intermediate.pem");

        ecKey("other-ca.key");
        openssl("req", "-x509", "-new", "-key", "other-ca.key", "-subj", "/CN=logspout other CA", "-days", "3", "-sha256",
                "-config", "openssl.cnf", "-extensions", "ca", "-out", "other-ca.pem");
    }

    /** The root CA (PEM), which signed the server and client certificates. */
    public Path caCert() {
        return file("ca.pem");
    }

    /** An intermediate CA (PEM) signed by the root; it signed {@link #chainClientCert()}. */
    public Path intermediateCaCert() {
        return file("intermediate.pem");
    }

    /** The server certificate (PEM) for DNS {@code localhost} and IP {@code 127.0.0.1}, signed by the root CA. */
    public Path serverCert() {
        return file("server.pem");
    }

    /** The server's RSA key, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public Path serverKey() {
        return file("server.key");
    }

    /** A server certificate (PEM) signed by the root CA for {@code other.invalid} only: a hostname mismatch. */
    public Path wrongHostCert() {
        return file("wrong-host.pem");
    }

    /** The key of {@link #wrongHostCert()}, PKCS#8 PEM. */
    public Path wrongHostKey() {
        return file("wrong-host.key");
    }

    /** The RSA client certificate (PEM), CN {@code logspout test client}, signed by the root CA. */
    public Path clientCert() {
        return file("client.pem");
    }

    /** The key of {@link #clientCert()}, PKCS#8 PEM ({@code BEGIN PRIVATE KEY}). */
    public Path clientKey() {
        return file("client.key");
    }

    /** The same key as {@link #clientKey()}, PKCS#1 PEM ({@code BEGIN RSA PRIVATE KEY}). */
    public Path clientKeyPkcs1() {
        return file("client-pkcs1.key");
    }

    /** The EC client certificate (PEM), CN {@code logspout test EC client}, signed by the root CA. */
    public Path clientCertEc() {
        return file("client-ec.pem");
    }

    /** The P-256 key of {@link #clientCertEc()}, SEC1 PEM ({@code BEGIN EC PRIVATE KEY}). */
    public Path clientKeyEc() {
        return file("client-ec.key");
    }

    /** An Ed25519 client certificate (PEM), CN {@code logspout test Ed25519 client}, signed by the root CA. */
    public Path clientCertEd25519() {
        return file("client-ed25519.pem");
    }

    /** The key of {@link #clientCertEd25519()}, PKCS#8 PEM. */
    public Path clientKeyEd25519() {
        return file("client-ed25519.key");
    }

    /**
     * A client certificate signed by the intermediate CA, CN {@code logspout test chain client};
     * the file holds the leaf, then the intermediate, so a server that trusts only the root can
     * verify it.
     */
    public Path chainClientCert() {
        return file("chain-client.pem");
    }

    /** The key of {@link #chainClientCert()}, PKCS#8 PEM. */
    public Path chainClientKey() {
        return file("chain-client.key");
    }

    /** A root CA (PEM) unrelated to everything else here: trusting only it rejects the server. */
    public Path otherCaCert() {
        return file("other-ca.pem");
    }

    private Path file(String name) {
        return dir.resolve(name);
    }

    private void ecKey(String out) {
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", out);
    }

    private void rsaKey(String out) {
        openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", out);
    }

    private void sign(String name, String subject, String issuer, String extensions) {
        sign(name, name + ".key", subject, issuer, extensions);
    }

    /** Makes {@code name.pem} for {@code key}, signed by {@code issuer}.pem/.key. */
    private void sign(String name, String key, String subject, String issuer, String extensions) {
        openssl("req", "-new", "-key", key, "-subj", subject, "-config", "openssl.cnf", "-out", name + ".csr");
        String serial = "0x" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        openssl("x509", "-req", "-in", name + ".csr", "-CA", issuer + ".pem", "-CAkey", issuer + ".key", "-set_serial", serial,
                "-days", "3", "-sha256", "-extfile", "openssl.cnf", "-extensions", extensions, "-out", name + ".pem");
    }

    private void concatenate(String out, String... parts) {
        try {
            StringBuilder text = new StringBuilder();
            for (String part : parts) {
                text.append(Files.readString(file(part), StandardCharsets.US_ASCII));
            }
            Files.writeString(file(out), text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file(out), e);
        }
    }

    /**
     * The {@link SSLContext} of a test TLS server showing {@code certFile} (PEM, leaf first) with its
     * RSA key {@code keyFile} (PKCS#8 PEM); with {@code clientCa} set it trusts client
     * certificates that CA signed (the server still has to ask for them), else the JDK's default.
     */
    public static SSLContext serverContext(Path certFile, Path keyFile, Path clientCa) {
        char[] password = "test".toCharArray();
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Certificate[] chain;
            try (InputStream in = Files.newInputStream(certFile)) {
                chain = x509.generateCertificates(in).toArray(Certificate[]::new);
            }
            String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("server", key, password, chain);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            TrustManager[] trust = null;
            if (clientCa != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                try (InputStream in = Files.newInputStream(clientCa)) {
                    cas.setCertificateEntry("ca", x509.generateCertificate(in));
                }
                TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(cas);
                trust = trustManagers.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trust, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up a test TLS server with " + certFile + " and " + keyFile, e);
        }
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (" + e.getMessage() + "); run the tests with scripts/test.sh, which installs it", e);
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(OPENSSL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + OPENSSL_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + output.strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the output of " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
