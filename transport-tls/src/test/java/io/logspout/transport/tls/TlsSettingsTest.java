package io.logspout.transport.tls;

import static io.logspout.transport.tls.TlsSettings.CA_CERTS;
import static io.logspout.transport.tls.TlsSettings.CLIENT_CERT;
import static io.logspout.transport.tls.TlsSettings.CLIENT_KEY;
import static io.logspout.transport.tls.TlsSettings.DISABLE_SYSTEM_ROOTS;
import static io.logspout.transport.tls.TlsSettings.HARDENING;
import static io.logspout.transport.tls.TlsSettings.SSL_CERT_DIR;
import static io.logspout.transport.tls.TlsSettings.SSL_CERT_FILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the LOGSPOUT_TLS_* settings load, and how each bad file is reported (no sockets here). */
class TlsSettingsTest {
    @TempDir
    static Path certDir;
    private static TestCertificates certs;
    private static List<X509Certificate> jdkRoots;

    @TempDir
    Path files;

    @BeforeAll
    static void create() throws Exception {
        certs = TestCertificates.create(certDir);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        jdkRoots = List.copyOf(new LinkedHashSet<>(Arrays.asList(((X509TrustManager) factory.getTrustManagers()[0]).getAcceptedIssuers())));
    }

    private static TlsSettings settings(Object... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put((String) keysAndValues[i], keysAndValues[i + 1].toString());
        }
        return TlsSettings.from(Config.of(values));
    }

    private static List<X509Certificate> certificates(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
        }
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return certificates(pem).get(0);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content);
    }

    private static String pem(Path file) throws IOException {
        return Files.readString(file);
    }

    @Test
    void theSystemRootsAreTheJdksTrustStoreByDefault() {
        TlsSettings settings = settings();

        assertThat(jdkRoots).isNotEmpty();
        assertThat(settings.trusted()).containsExactlyElementsOf(jdkRoots);
        assertThat(settings.systemRoots()).isEqualTo(jdkRoots.size());
        assertThat(settings.clientChain()).isEmpty();
    }

    @Test
    void aCustomCaIsTrustedAfterTheSystemRoots() throws Exception {
        TlsSettings settings = settings(CA_CERTS, certs.caCert());

        assertThat(settings.trusted()).hasSize(jdkRoots.size() + 1).startsWith(jdkRoots.toArray(X509Certificate[]::new)).endsWith(certificate(certs.caCert()));
        assertThat(settings.systemRoots()).isEqualTo(jdkRoots.size());
    }

    @Test
    void withSystemRootsDisabledOnlyTheCustomCasAreTrusted() throws Exception {
        TlsSettings settings = settings(DISABLE_SYSTEM_ROOTS, "true", CA_CERTS, certs.caCert());

        assertThat(settings.trusted()).containsExactly(certificate(certs.caCert()));
        assertThat(settings.systemRoots()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TRUE", "1", "yes", "false"})
    void systemRootsAreDisabledOnlyByExactlyTrue(String value) {
        assertThat(settings(DISABLE_SYSTEM_ROOTS, value).systemRoots()).isEqualTo(jdkRoots.size());
    }

    @Test
    void severalCertificatesPerFileAndSeveralFilesAreTrustedInOrderSkippingOtherBlocks() throws Exception {
        Path bundle = file("bundle.pem", "Bag Attributes: from an openssl export\n" + pem(certs.otherCaCert())
                + pem(certs.clientKey()) + "a comment between blocks\n" + pem(certs.caCert()));

        TlsSettings settings = settings(DISABLE_SYSTEM_ROOTS, "true", CA_CERTS, bundle + " , " + certs.intermediateCaCert() + ",");

        assertThat(settings.trusted()).containsExactly(certificate(certs.otherCaCert()), certificate(certs.caCert()), certificate(certs.intermediateCaCert()));
    }

    @Test
    void anEmptyTrustStoreIsAStartupErrorWithLogspoutsMessage() {
        assertThatThrownBy(() -> settings(DISABLE_SYSTEM_ROOTS, "true"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("FATAL: TLS CA trust store is empty! Can not trust any TLS endpoints")
                .hasMessageContaining("LOGSPOUT_TLS_DISABLE_SYSTEM_ROOTS=true and LOGSPOUT_TLS_CA_CERTS is not set")
                .hasMessageContaining("set LOGSPOUT_TLS_CA_CERTS to the PEM file(s)");
    }

    @Test
    void unusableCaFilesAreStartupErrorsNamingTheVariableTheFileAndTheProblem() throws Exception {
        Path missing = files.resolve("missing.pem");
        Path keyOnly = certs.clientKey();
        Path badBase64 = file("bad-base64.pem", "-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----\n");
        Path badDer = file("bad-der.pem", "-----BEGIN CERTIFICATE-----\nMIIBAgMEBQ==\n-----END CERTIFICATE-----\n");
        Path noEnd = file("no-end.pem", pem(certs.caCert()).replace("-----END CERTIFICATE-----", ""));
        Path binary = file("ca.der", "\u0030\u0082binary");

        Map<Path, String> problems = Map.of(
                missing, "no such file",
                keyOnly, "holds no PEM certificate",
                badBase64, "block 1 (CERTIFICATE) is not valid base64",
                badDer, "block 1 (CERTIFICATE) is not a valid X.509 certificate",
                noEnd, "block 1 (CERTIFICATE) has no '-----END CERTIFICATE-----' line",
                binary, "holds no PEM certificate",
                files, "Is a directory");
        problems.forEach((path, problem) -> assertThatThrownBy(() -> settings(CA_CERTS, certs.caCert() + "," + path))
                .as(path.toString())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LOGSPOUT_TLS_CA_CERTS: failed to load CA certificate(s): " + path + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith("give comma-separated paths of PEM files, each with one or more certificates (-----BEGIN CERTIFICATE-----)"));
    }

    @Test
    void clientKeysAreReadAsPkcs8Pkcs1AndSec1AndEd25519() throws Exception {
        X509Certificate rsa = certificate(certs.clientCert());
        X509Certificate ec = certificate(certs.clientCertEc());
        Path ecWithParameters = file("ec-with-parameters.key", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n" + pem(certs.clientKeyEc()));

        assertThat(settings(CLIENT_CERT, certs.clientCert(), CLIENT_KEY, certs.clientKey()).clientChain()).containsExactly(rsa);
        assertThat(settings(CLIENT_CERT, certs.clientCert(), CLIENT_KEY, certs.clientKeyPkcs1()).clientChain()).containsExactly(rsa);
        assertThat(settings(CLIENT_CERT, certs.clientCertEc(), CLIENT_KEY, certs.clientKeyEc()).clientChain()).containsExactly(ec);
        assertThat(settings(CLIENT_CERT, certs.clientCertEc(), CLIENT_KEY, ecWithParameters).clientChain()).containsExactly(ec);
        assertThat(settings(CLIENT_CERT, certs.clientCertEd25519(), CLIENT_KEY, certs.clientKeyEd25519()).clientChain()).containsExactly(certificate(certs.clientCertEd25519()));
    }

    @Test
    void aSec1KeyWithoutItsCurveTakesItFromAnEcParametersBlock() throws Exception {
        // SEC1 with only version and private key: SEQUENCE { INTEGER 1, OCTET STRING <32 bytes> } of the real key.
        byte[] sec1 = java.util.Base64.getMimeDecoder().decode(pem(certs.clientKeyEc()).replaceAll("-----[A-Z ]+-----", ""));
        int privateKeyAt = 5; // 30 len 02 01 01 04 20 ...
        byte[] bare = new byte[2 + 3 + 2 + 32];
        bare[0] = 0x30;
        bare[1] = (byte) (bare.length - 2);
        System.arraycopy(new byte[] {0x02, 0x01, 0x01, 0x04, 0x20}, 0, bare, 2, 5);
        System.arraycopy(sec1, privateKeyAt + 2, bare, 7, 32);
        String base64 = java.util.Base64.getEncoder().encodeToString(bare);
        Path withParameters = file("bare-with-parameters.key", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n"
                + "-----BEGIN EC PRIVATE KEY-----\n" + base64 + "\n-----END EC PRIVATE KEY-----\n");
        Path without = file("bare.key", "-----BEGIN EC PRIVATE KEY-----\n" + base64 + "\n-----END EC PRIVATE KEY-----\n");

        assertThat(sec1[privateKeyAt]).as("the SEC1 private key's OCTET STRING tag").isEqualTo((byte) 0x04);
        assertThat(settings(CLIENT_CERT, certs.clientCertEc(), CLIENT_KEY, withParameters).clientChain()).hasSize(1);
        assertThatThrownBy(() -> settings(CLIENT_CERT, certs.clientCertEc(), CLIENT_KEY, without))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("block 1 (EC PRIVATE KEY) is not a valid key: it names no curve");
    }

    @Test
    void aCertificateFileWithAChainIsSentWhole() throws Exception {
        TlsSettings settings = settings(CLIENT_CERT, certs.chainClientCert(), CLIENT_KEY, certs.chainClientKey());

        assertThat(settings.clientChain()).containsExactlyElementsOf(certificates(certs.chainClientCert()));
        assertThat(settings.clientChain()).hasSize(2);
    }

    @Test
    void aClientCertificateNeedsBothTheCertificateAndTheKey() {
        assertThat(settings(CLIENT_CERT, certs.clientCert()).clientChain()).isEmpty();
        assertThat(settings(CLIENT_KEY, certs.clientKey()).clientChain()).isEmpty();
        // Nothing is read when the pair is incomplete, as in logspout.
        assertThat(settings(CLIENT_CERT, files.resolve("missing.pem")).clientChain()).isEmpty();
    }

    @Test
    void unusableClientCertificatesAreStartupErrorsNamingTheVariableAndTheFile() {
        Path missing = files.resolve("missing.pem");
        assertThatThrownBy(() -> settings(CLIENT_CERT, missing, CLIENT_KEY, certs.clientKey()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("LOGSPOUT_TLS_CLIENT_CERT: cannot load the client certificate from " + missing
                        + ": no such file; give a PEM file with the client certificate, then any intermediate CA certificates");
        assertThatThrownBy(() -> settings(CLIENT_CERT, certs.clientKey(), CLIENT_KEY, certs.clientKey()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LOGSPOUT_TLS_CLIENT_CERT: cannot load the client certificate from " + certs.clientKey() + ": it holds no PEM certificate");
    }

    @Test
    void unusableClientKeysAreStartupErrorsNamingTheVariableTheFileAndTheProblem() throws Exception {
        String accepted = "; give an unencrypted PEM key: PKCS#8 (BEGIN PRIVATE KEY), PKCS#1 (BEGIN RSA PRIVATE KEY) or SEC1 (BEGIN EC PRIVATE KEY)";
        Map<Path, String> problems = Map.of(
                files.resolve("missing.key"), "no such file",
                certs.clientCert(), "it holds no private key",
                file("encrypted.key", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n"), "its key is encrypted",
                file("legacy-encrypted.key", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00FF\n\nMIIB\n-----END RSA PRIVATE KEY-----\n"), "its key is encrypted",
                file("openssh.key", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----\n"), "a 'OPENSSH PRIVATE KEY' block is no key logspout reads",
                file("garbage.key", "-----BEGIN PRIVATE KEY-----\nMIIBAgMEBQ==\n-----END PRIVATE KEY-----\n"), "block 1 (PRIVATE KEY) is not a valid key",
                file("garbage-pkcs1.key", "-----BEGIN RSA PRIVATE KEY-----\nMAMCAQA=\n-----END RSA PRIVATE KEY-----\n"), "block 1 (RSA PRIVATE KEY) is not a valid key");
        problems.forEach((key, problem) -> assertThatThrownBy(() -> settings(CLIENT_CERT, certs.clientCert(), CLIENT_KEY, key))
                .as(key.toString())
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("LOGSPOUT_TLS_CLIENT_KEY: cannot load the client key from " + key + ": ")
                .hasMessageContaining(problem)
                .hasMessageEndingWith(accepted));
    }

    @Test
    void aKeyThatIsNotTheCertificatesKeyIsAStartupError() {
        for (Path otherKey : List.of(certs.serverKey(), certs.clientKeyEc(), certs.clientKeyEd25519())) {
            assertThatThrownBy(() -> settings(CLIENT_CERT, certs.clientCert(), CLIENT_KEY, otherKey))
                    .as(otherKey.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("LOGSPOUT_TLS_CLIENT_KEY: the key in " + otherKey + " is not the key of the certificate in " + certs.clientCert()
                            + " (CN=logspout test client, set by LOGSPOUT_TLS_CLIENT_CERT); give the key that certificate was made for");
        }
        assertThatThrownBy(() -> settings(CLIENT_CERT, certs.clientCertEc(), CLIENT_KEY, certs.chainClientKey()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not the key of the certificate");
    }

    @Test
    void everyConnectionVerifiesTheHostNameAndNamesItInSni() {
        TlsSettings settings = settings();

        SSLParameters byName = settings.parameters("localhost");
        assertThat(byName.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(byName.getServerNames()).containsExactly(new SNIHostName("localhost"));
        assertThat(settings.parameters("logs.example.com.").getServerNames()).containsExactly(new SNIHostName("logs.example.com"));
        for (String address : List.of("127.0.0.1", "2001:db8::5", "under_score.example")) {
            SSLParameters parameters = settings.parameters(address);
            assertThat(parameters.getEndpointIdentificationAlgorithm()).as(address).isEqualTo("HTTPS");
            assertThat(parameters.getServerNames()).as(address).isNullOrEmpty();
        }
    }

    @Test
    void withoutHardeningTheJdksDefaultsApply() throws Exception {
        SSLParameters parameters = settings().parameters("localhost");
        SSLParameters jdk = SSLContext.getDefault().getDefaultSSLParameters();

        assertThat(parameters.getProtocols()).containsExactly(jdk.getProtocols()).doesNotContain("TLSv1", "TLSv1.1");
        assertThat(parameters.getCipherSuites()).containsExactly(jdk.getCipherSuites());
        assertThat(parameters.getNamedGroups()).containsExactly(jdk.getNamedGroups());
    }

    @Test
    void hardeningAllowsTls12AndUpWithOnlyEcdheAeadSuitesAndLogspoutsCurves() {
        SSLParameters parameters = settings(HARDENING, "true").parameters("localhost");

        assertThat(parameters.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(parameters.getCipherSuites()).containsExactly(
                "TLS_AES_256_GCM_SHA384",
                "TLS_AES_128_GCM_SHA256",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        assertThat(parameters.getNamedGroups()).containsExactly("x25519", "secp521r1", "secp384r1", "secp256r1");
        assertThat(parameters.getEndpointIdentificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(settings(HARDENING, "yes").parameters("localhost").getCipherSuites()).as("only exactly true hardens")
                .containsExactly(settings().parameters("localhost").getCipherSuites());
    }

    @Test
    void sslCertFileAndSslCertDirAddToTheSystemRoots() throws Exception {
        Path dir = Files.createDirectory(files.resolve("certs"));
        Files.copy(certs.otherCaCert(), dir.resolve("other.pem"));
        Files.copy(certs.intermediateCaCert(), dir.resolve("intermediate.pem"));
        Files.writeString(dir.resolve("README"), "not a certificate\n");

        TlsSettings settings = settings(SSL_CERT_FILE, certs.caCert(), SSL_CERT_DIR, files.resolve("absent") + ":" + dir);

        assertThat(settings.trusted()).hasSize(jdkRoots.size() + 3)
                .endsWith(certificate(certs.caCert()), certificate(certs.intermediateCaCert()), certificate(certs.otherCaCert()));
        assertThat(settings.systemRoots()).isEqualTo(jdkRoots.size() + 3);
        assertThat(settings(SSL_CERT_FILE, files.resolve("missing.pem")).trusted()).as("a missing SSL_CERT_FILE adds nothing").hasSize(jdkRoots.size());
        assertThat(settings(DISABLE_SYSTEM_ROOTS, "true", SSL_CERT_FILE, certs.caCert(), CA_CERTS, certs.otherCaCert()).trusted())
                .as("they are system roots, off with them").containsExactly(certificate(certs.otherCaCert()));
    }
}
