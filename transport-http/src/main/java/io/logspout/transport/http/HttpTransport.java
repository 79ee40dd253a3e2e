package io.logspout.transport.http;

import io.logspout.api.Config;
import io.logspout.api.Connection;
import io.logspout.api.HostPort;
import io.logspout.api.Transport;
import io.logspout.transport.tls.LazyTlsSettings;
import io.logspout.transport.tls.TlsSettings;
import io.logspout.api.ConfigException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.util.Map;

/**
 * Opens HTTP "connections": a JDK {@link HttpClient} (HTTP/1.1, kept alive) per route connection,
 * sending what the route's sender writes as the body of one POST per flush. The client resolves
 * the host at each new TCP connection, so a reconnect finds a moved destination.
 */
final class HttpTransport implements Transport {
    private final String scheme;
    private final Config config;
    private final LazyTlsSettings tls;

    /** @param tls the TLS settings for {@code https}, null for {@code http} */
    HttpTransport(String scheme, Config config, LazyTlsSettings tls) {
        this.scheme = scheme;
        this.config = config;
        this.tls = tls;
    }

    @Override
    public boolean datagram() {
        return false;
    }

    /** HTTP's 80 and HTTPS's 443, for adapters without a port of their own ({@code json+https://hooks.example.com/ingest}). */
    @Override
    public int defaultPort() {
        return scheme.equals("https") ? 443 : 80;
    }

    @Override
    public void checkOptions(Map<String, String> options) {
        uri(new HostPort("localhost", 1), HttpOptions.from(options, config).path());
    }

    @Override
    public Connection connect(String address, Map<String, String> options) throws IOException {
        HostPort target = HostPort.parse(address);
        HttpOptions http = HttpOptions.from(options, config);
        HttpClient.Builder client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(http.connectTimeout());
        if (tls != null) {
            TlsSettings settings = tls.get();
            client.sslContext(settings.sslContext()).sslParameters(settings.parameters(target.host()));
        }
        return new HttpConnection(client.build(), uri(target, http.path()), http);
    }

    /** The request URI; characters a path cannot hold as they are (a space) are %-escaped. */
    private URI uri(HostPort target, String path) {
        try {
            return new URI(scheme, null, target.host(), target.port(), path, null, null);
        } catch (URISyntaxException e) {
            throw new ConfigException("route option path=" + path + " does not make a URL with " + target + ": " + e.getMessage());
        }
    }
}
