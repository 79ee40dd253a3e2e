package io.logspout.examples.gelf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GelfAdapterFactoryTest {
    private final GelfAdapterFactory factory = new GelfAdapterFactory();

    @TempDir
    Path temp;

    @Test
    void logspoutFindsItByItsServicesFileAsGelfOverUdpByDefault() {
        AdapterFactory found = ServiceLoader.load(AdapterFactory.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.name().equals("gelf"))
                .findFirst().orElseThrow();

        assertThat(found).isInstanceOf(GelfAdapterFactory.class);
        assertThat(found.defaultTransport()).isEqualTo("udp");
        assertThat(found.standsForBareTransport()).isFalse();
    }

    @Test
    void anUnknownCompressionNamesTheOptionAndWhatIsAccepted() {
        assertThatThrownBy(() -> factory.create(Samples.context(true, Map.of("compress", "zlib"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessage("route option compress=zlib is not a GELF compression; accepted: gzip (the default over UDP) or none");
    }

    @Test
    void gzipOverTcpIsRefusedBecauseGelfOverTcpIsUncompressed() {
        assertThat(factory.create(Samples.context(false, Map.of("compress", "none"), Map.of()))).isNotNull();
        assertThatThrownBy(() -> factory.create(Samples.context(false, Map.of("compress", "gzip"), Map.of())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("compress=gzip").hasMessageContaining("TCP").hasMessageContaining("gelf://host:port");
    }

    @Test
    void aChunkSizeOutsideItsRangeNamesTheOptionTheValueAndTheRange() {
        for (String bad : new String[] {"abc", "127", "65508", "-1"}) {
            assertThatThrownBy(() -> factory.create(Samples.context(true, Map.of("chunk_size", bad), Map.of())))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("route option chunk_size=" + bad + " is not a datagram size from 128 to 65507 bytes;"
                            + " use 1420 (the default, safe on any network) or 8154 on a LAN");
        }
        assertThat(factory.create(Samples.context(true, Map.of("chunk_size", "128"), Map.of()))).isNotNull();
        assertThat(factory.create(Samples.context(true, Map.of("chunk_size", "65507"), Map.of()))).isNotNull();
    }

    @Test
    void hostIsGelfHostnameElseTheHostNameFileElseThisMachinesName() throws Exception {
        Path file = Files.writeString(temp.resolve("host_hostname"), "docker-host-7\n");
        Path missing = temp.resolve("missing");

        assertThat(GelfAdapterFactory.host(Config.of(Map.of("GELF_HOSTNAME", "explicit")), file)).isEqualTo("explicit");
        assertThat(GelfAdapterFactory.host(Config.of(Map.of()), file)).isEqualTo("docker-host-7");
        assertThat(GelfAdapterFactory.host(Config.of(Map.of()), missing))
                .isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());
        Files.writeString(file, "\n");
        assertThat(GelfAdapterFactory.host(Config.of(Map.of()), file)).isNotEmpty().isNotEqualTo("\n");
    }
}
