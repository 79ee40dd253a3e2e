package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCertificatesTest {
    @TempDir
    static Path dir;
    private static TestCertificates certs;

    @BeforeAll
    static void create() {
        certs = TestCertificates.create(dir);
    }

    private static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(X509Certificate.class::cast).toList();
        }
    }

    private static X509Certificate one(Path pem) throws Exception {
        List<X509Certificate> all = read(pem);
        assertThat(all).as(pem.toString()).hasSize(1);
        return all.get(0);
    }

    @Test
    void theServerCertificateNamesLocalhostAndLoopbackAndIsSignedByTheCa() throws Exception {
        X509Certificate ca = one(certs.caCert());
        X509Certificate server = one(certs.serverCert());

        server.verify(ca.getPublicKey());
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(server.getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void clientCertificatesAreForClientAuthenticationAndSignedByTheirCa() throws Exception {
        X509Certificate ca = one(certs.caCert());
        for (Path client : List.of(certs.clientCert(), certs.clientCertEc(), certs.clientCertEd25519())) {
            X509Certificate cert = one(client);
            cert.verify(ca.getPublicKey());
            assertThat(cert.getExtendedKeyUsage()).as(client.toString()).containsExactly("1.3.6.1.5.5.7.3.2");
        }
        assertThat(one(certs.clientCert()).getPublicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(one(certs.clientCertEc()).getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(one(certs.clientCertEd25519()).getPublicKey().getAlgorithm()).isIn("EdDSA", "Ed25519");
    }

    @Test
    void theChainFileHoldsTheLeafThenTheIntermediateThatSignedIt() throws Exception {
        List<X509Certificate> chain = read(certs.chainClientCert());
        X509Certificate intermediate = one(certs.intermediateCaCert());

        assertThat(chain).hasSize(2);
        assertThat(chain.get(1)).isEqualTo(intermediate);
        chain.get(0).verify(intermediate.getPublicKey());
        intermediate.verify(one(certs.caCert()).getPublicKey());
    }

    @Test
    void keysComeInTheirPemFlavours() throws IOException {
        assertThat(Files.readString(certs.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certs.clientKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(certs.clientKeyPkcs1())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(Files.readString(certs.clientKeyEc())).startsWith("-----BEGIN EC PRIVATE KEY-----");
    }

    @Test
    void theOtherCaSignedNothingHere() throws Exception {
        X509Certificate other = one(certs.otherCaCert());
        assertThat(other.getSubjectX500Principal()).isNotEqualTo(one(certs.caCert()).getSubjectX500Principal());
        assertThat(one(certs.serverCert()).getIssuerX500Principal()).isNotEqualTo(other.getSubjectX500Principal());
        assertThat(one(certs.wrongHostCert()).getSubjectAlternativeNames()).containsExactly(List.of(2, "other.invalid"));
    }
}
