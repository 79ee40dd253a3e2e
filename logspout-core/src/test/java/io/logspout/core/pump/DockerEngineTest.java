package io.logspout.core.pump;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.testsupport.TestCertificates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS files of {@code DOCKER_CERT_PATH}, read when the engine's client is set up (nothing connects here). */
class DockerEngineTest {
    @TempDir
    Path dir;

    @Test
    void namesTheMissingFileOfDockerCertPath() throws Exception {
        Path certPath = certPathWithoutKey();

        assertThatThrownBy(() -> engine(certPath))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("DOCKER_CERT_PATH=" + certPath)
                .hasMessageContaining("cannot read the key " + certPath.resolve("key.pem"));
    }

    @Test
    void saysWhatIsWrongWithAKeyThatIsNoKey() throws Exception {
        Path certPath = certPathWithoutKey();
        Files.copy(certPath.resolve("cert.pem"), certPath.resolve("key.pem"));

        assertThatThrownBy(() -> engine(certPath))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("it holds no private key")
                .hasMessageContaining("PKCS#1 (BEGIN RSA PRIVATE KEY)");
    }

    @Test
    void refusesACaFileWithoutCertificates() throws Exception {
        Path certPath = Files.createDirectories(dir.resolve("docker"));
        Files.writeString(certPath.resolve("ca.pem"), "not PEM\n");

        assertThatThrownBy(() -> engine(certPath))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cannot read the certificates of " + certPath.resolve("ca.pem") + ": it holds no PEM certificate");
    }

    /** A DOCKER_CERT_PATH with a valid ca.pem and cert.pem, and no key.pem. */
    private Path certPathWithoutKey() throws IOException {
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        Path certPath = Files.createDirectories(dir.resolve("docker"));
        Files.copy(certs.caCert(), certPath.resolve("ca.pem"));
        Files.copy(certs.clientCert(), certPath.resolve("cert.pem"));
        return certPath;
    }

    private static void engine(Path certPath) throws Exception {
        try (DockerEngine engine = new DockerEngine(PumpSettings.from(Config.of(Map.of(
                "DOCKER_HOST", "tcp://localhost:2376", "DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", certPath.toString()))))) {
            throw new AssertionError("set up without complaint: " + engine);
        }
    }
}
