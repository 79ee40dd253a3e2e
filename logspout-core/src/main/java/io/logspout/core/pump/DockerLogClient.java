package io.logspout.core.pump;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A minimal HTTP/1.1 client for the one request on the hot path, {@code GET} of a container's log
 * stream: one connection per stream ({@code Connection: close}), over the Unix socket or TCP
 * address of {@code DOCKER_HOST}, with TLS when there is an {@link SSLContext}. Its connections
 * also carry docker-java's requests ({@link DockerJavaHttpClient}).
 *
 * <p>Why not docker-java's HTTP client: it returns one HTTP chunk per read, and Docker sends each
 * log entry as its own chunk, so a reader paid a read system call and a wake-up of its thread per
 * line. {@link DockerLogResponse} returns everything that has arrived per read, and batches reads.
 */
final class DockerLogClient {
    /** How long a reader waits for more after taking everything that had arrived, while the stream flows (see {@link DockerLogResponse}). */
    static final Duration PAUSE_AFTER_SHORT_READ = Duration.ofMillis(1);

    private final SocketAddress address;
    private final String hostHeader;
    private final SSLContext tls;

    /**
     * @param dockerHost {@code unix:///path} or {@code tcp://host:port}
     * @param tls the TLS setup when {@code DOCKER_TLS_VERIFY} is set, else null; a Unix socket
     *     ignores it, as the Docker CLI does
     */
    DockerLogClient(URI dockerHost, SSLContext tls) {
        switch (dockerHost.getScheme()) {
            case "unix" -> {
                address = UnixDomainSocketAddress.of(dockerHost.getPath());
                hostHeader = "localhost";
                this.tls = null;
            }
            case "tcp" -> {
                address = InetSocketAddress.createUnresolved(dockerHost.getHost(), dockerHost.getPort());
                hostHeader = dockerHost.getHost() + ":" + dockerHost.getPort();
                this.tls = tls;
            }
            default -> throw new IllegalArgumentException("not a unix or tcp address: " + dockerHost);
        }
    }

    /**
     * Connects, sends {@code GET path} and reads the answer's head.
     *
     * @param path the request target, with the API version prefix if any and the query
     * @throws IOException when the engine cannot be reached or does not answer in HTTP/1.x
     */
    DockerLogResponse open(String path) throws IOException {
        Connection connection = connect();
        try {
            connection.out().write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            connection.out().flush();
            // A plain connection's body may be read by LogStreamPoller; a TLS socket cannot be selected.
            return tls == null
                    ? DockerLogResponse.open(connection.channel(), PAUSE_AFTER_SHORT_READ.toNanos())
                    : DockerLogResponse.open(connection.in(), connection, PAUSE_AFTER_SHORT_READ.toNanos());
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * A connection to the engine. Closing it closes the channel itself, not the TLS socket: that
     * ends a read blocked in another thread at once.
     */
    record Connection(SocketChannel channel, InputStream in, OutputStream out) implements Closeable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** The value of the {@code Host} header of a request. */
    String hostHeader() {
        return hostHeader;
    }

    /**
     * Connects to the engine, with the TLS handshake if any.
     *
     * @throws IOException when the engine cannot be reached
     */
    Connection connect() throws IOException {
        SocketChannel channel = SocketChannel.open(resolved());
        try {
            InputStream in;
            OutputStream out;
            if (tls != null) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetSocketAddress peer = (InetSocketAddress) address;
                SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(channel.socket(), peer.getHostString(), peer.getPort(), true);
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host, as for the Docker CLI
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                in = socket.getInputStream();
                out = socket.getOutputStream();
            } else {
                in = Channels.newInputStream(channel);
                out = Channels.newOutputStream(channel);
            }
            return new Connection(channel, in, out);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Resolves a host name at each connection, as the engine's address may change. */
    private SocketAddress resolved() throws IOException {
        if (address instanceof InetSocketAddress inet && inet.isUnresolved()) {
            InetSocketAddress resolved = new InetSocketAddress(inet.getHostString(), inet.getPort());
            if (resolved.isUnresolved()) {
                throw new IOException("cannot resolve the Docker host " + inet.getHostString());
            }
            return resolved;
        }
        return address;
    }
}
