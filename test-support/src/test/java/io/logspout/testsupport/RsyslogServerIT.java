package io.logspout.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The syslog receiver fixture against a real rsyslogd (installed by scripts/test.sh). */
class RsyslogServerIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static void sendUdp(int port, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
        }
    }

    private static void sendTcp(int port, String bytes) throws IOException {
        try (Socket socket = TestClients.connect(port); OutputStream out = socket.getOutputStream()) {
            out.write(bytes.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void parsesRfc5424AndRfc3164FromUdpAndTcpInArrivalOrder() throws IOException {
        try (RsyslogServer rsyslog = RsyslogServer.start(RsyslogServer.Options.defaults())) {
            sendUdp(rsyslog.udpPort(), "<14>1 2021-12-03T10:15:30.123456+01:00 8dfafdbc3a40 web_1 4242 - [k@41058 tag=\"x\"] hello w\u00f6rld\n");
            rsyslog.awaitRecords(1, WAIT);
            sendTcp(rsyslog.tcpPort(), "<11>2021-12-03T10:15:30Z host2 db[7]: boom\n<30>1 2021-12-03T10:15:31Z h a 1 m - tab\there\n");

            assertThat(rsyslog.awaitRecords(3, WAIT)).containsExactly(
                    new SyslogRecord(14, "8dfafdbc3a40", "web_1", "4242", "-", "[k@41058 tag=\"x\"]", "hello w\u00f6rld",
                            "2021-12-03T10:15:30.123456+01:00", "udp", "<14>1 2021-12-03T10:15:30.123456+01:00 8dfafdbc3a40 web_1 4242 - [k@41058 tag=\"x\"] hello w\u00f6rld"),
                    new SyslogRecord(11, "host2", "db", "7", "-", "-", " boom", "2021-12-03T10:15:30Z", "tcp", "<11>2021-12-03T10:15:30Z host2 db[7]: boom"),
                    new SyslogRecord(30, "h", "a", "1", "m", "-", "tab#011here", "2021-12-03T10:15:31Z", "tcp", "<30>1 2021-12-03T10:15:31Z h a 1 m - tab#011here"));
        }
    }

    @Test
    void takesOctetCountedFramesWhoseMessagesHoldLineFeeds() throws IOException {
        try (RsyslogServer rsyslog = RsyslogServer.start(RsyslogServer.Options.none().tcp(true))) {
            String first = "<14>1 2021-12-03T10:15:30Z h a 1 - - two\nlines\n";
            String second = "<14>1 2021-12-03T10:15:30Z h a 1 - - next\n";
            sendTcp(rsyslog.tcpPort(), first.length() + " " + first + second.length() + " " + second);

            assertThat(rsyslog.awaitRecords(2, WAIT)).extracting(SyslogRecord::msg).containsExactly("two#012lines", "next");
            assertThat(rsyslog.udpPort()).isZero();
            assertThat(rsyslog.tlsPort()).isZero();
        }
    }

    @Test
    void restartsOnTheSamePortsKeepingWhatItReceived() throws IOException {
        try (RsyslogServer rsyslog = RsyslogServer.start(RsyslogServer.Options.defaults())) {
            int udp = rsyslog.udpPort();
            int tcp = rsyslog.tcpPort();
            sendTcp(tcp, "<14>1 - h a 1 - - before\n");
            rsyslog.awaitRecords(1, WAIT);
            rsyslog.restart();
            sendTcp(tcp, "<14>1 - h a 1 - - restarted\n");
            rsyslog.awaitRecords(2, WAIT);

            rsyslog.stop();
            assertThatThrownBy(() -> sendTcp(tcp, "<14>1 - h a 1 - - while-stopped\n")).isInstanceOf(ConnectException.class);
            rsyslog.restart();
            sendTcp(tcp, "<14>1 - h a 1 - - after-tcp\n");
            sendUdp(udp, "<14>1 - h a 1 - - after-udp\n");

            rsyslog.awaitRecord(record -> record.msg().equals("after-udp"), WAIT);
            assertThat(rsyslog.awaitRecords(4, WAIT)).extracting(SyslogRecord::msg).containsExactlyInAnyOrder("before", "restarted", "after-tcp", "after-udp");
            assertThat(rsyslog.records().subList(0, 2)).extracting(SyslogRecord::msg).containsExactly("before", "restarted");
            assertThat(rsyslog.udpPort()).isEqualTo(udp);
        }
    }
}
