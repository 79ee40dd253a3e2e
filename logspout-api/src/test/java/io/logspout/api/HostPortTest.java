package io.logspout.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
        "logs.example.com:514 logs.example.com 514",
        "192.168.10.10:5000 192.168.10.10 5000",
        "my_service-1:1 my_service-1 1",
        "[::1]:514 ::1 514",
        "[2001:db8::5]:65535 2001:db8::5 65535",
        "[::ffff:10.0.0.1]:514 ::ffff:10.0.0.1 514",
        "[fe80::1%eth0]:514 fe80::1%eth0 514",
    })
    void parsesHostAndPort(String address, String host, int port) {
        HostPort parsed = HostPort.parse(address);

        assertThat(parsed).isEqualTo(new HostPort(host, port));
        assertThat(parsed.toString()).isEqualTo(address);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
        "collector collector 4318",
        "collector:9999 collector 9999",
        "[::1] ::1 4318",
        "[::1]:9999 ::1 9999",
    })
    void aDefaultPortIsTakenOnlyWhenTheAddressHasNone(String address, String host, int port) {
        assertThat(HostPort.parse(address, 4318)).isEqualTo(new HostPort(host, port));
    }

    @Test
    void aDefaultPortDoesNotMendABadOne() {
        assertThatThrownBy(() -> HostPort.parse("collector:", 4318)).hasMessageContaining("the port '' is not a number");
        assertThatThrownBy(() -> HostPort.parse("::1", 4318)).hasMessageContaining("an IPv6 address needs brackets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "|it is empty",
        "logs.example.com|no :port",
        ":514|no host before the :port",
        "logs:|the port '' is not a number from 1 to 65535",
        "logs:0|the port '0' is not a number from 1 to 65535",
        "logs:65536|the port '65536' is not a number from 1 to 65535",
        "logs:99999999999|the port '99999999999' is not a number",
        "logs:51x|the port '51x' is not a number",
        "logs:-1|the port '-1' is not a number",
        "::1:514|an IPv6 address needs brackets, [::1]:514",
        "[::1:514|the IPv6 address has no closing ']'",
        "[::1]|no :port after the IPv6 address",
        "[::1]514|no :port after the IPv6 address",
        "[logs]:514|'logs' in brackets is not an IPv6 address",
        "[]:514|'' in brackets is not an IPv6 address",
        "[fe80::1%]:514|'fe80::1%' in brackets is not an IPv6 address",
        "user@logs:514|the host has a character '@'",
        "logs/x:514|the host has a character '/'",
        "lo gs:514|the host has a character ' '",
    })
    void rejectsBadAddressesNamingThemAndWhatIsAccepted(String address, String problem) {
        String given = address == null ? "" : address;

        assertThatThrownBy(() -> HostPort.parse(given))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("address '" + given + "': ")
                .hasMessageContaining(problem)
                .hasMessageContaining("write host:port, e.g. logs.example.com:514");
    }

    @Test
    void constructorRefusesWhatParseWouldRefuse() {
        assertThatThrownBy(() -> new HostPort("", 514)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort("logs", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostPort("logs", 65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesLiteralAddressesWithThePort() throws Exception {
        assertThat(HostPort.parse("127.0.0.1:514").resolve())
                .containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 514));
        assertThat(HostPort.parse("[::1]:6514").resolve())
                .containsExactly(new InetSocketAddress(InetAddress.getByName("::1"), 6514));
    }

    @Test
    void resolvesLocalhost() throws Exception {
        assertThat(HostPort.parse("localhost:514").resolve())
                .isNotEmpty()
                .allSatisfy(address -> {
                    assertThat(address.getAddress().isLoopbackAddress()).isTrue();
                    assertThat(address.getPort()).isEqualTo(514);
                });
    }

    @Test
    void anUnresolvableHostNamesTheAddress() {
        // .invalid never resolves (RFC 2606), so this needs no network.
        assertThatThrownBy(() -> HostPort.parse("nowhere.invalid:514").resolve())
                .isInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("cannot resolve the host of nowhere.invalid:514");
    }
}
