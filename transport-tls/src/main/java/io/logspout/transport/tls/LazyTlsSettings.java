package io.logspout.transport.tls;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The {@code LOGSPOUT_TLS_*} settings of a TLS transport ({@code tls}, {@code https}). When one is
 * set, the files they name are read now, so that a bad one stops startup. Without them, the
 * system roots (the JDK's trust store, {@code SSL_CERT_FILE}, {@code SSL_CERT_DIR}) wait for the
 * first TLS connection: reading some 150 roots costs a logspout without a TLS route about 200
 * classes and 2 MB.
 */
public final class LazyTlsSettings {
    private final Supplier<TlsSettings> source;
    private volatile TlsSettings settings;

    private LazyTlsSettings(Supplier<TlsSettings> source) {
        this.source = source;
    }

    public static LazyTlsSettings of(Config config) {
        if (Stream.of(TlsSettings.DISABLE_SYSTEM_ROOTS, TlsSettings.CA_CERTS, TlsSettings.CLIENT_CERT, TlsSettings.CLIENT_KEY)
                .anyMatch(name -> config.get(name).isPresent())) {
            return of(TlsSettings.from(config));
        }
        return new LazyTlsSettings(() -> TlsSettings.from(config));
    }

    static LazyTlsSettings of(TlsSettings settings) {
        return new LazyTlsSettings(() -> settings);
    }

    /** The settings, read at the first call; a problem with them fails the connection that needs them. */
    public TlsSettings get() throws IOException {
        TlsSettings current = settings;
        if (current == null) {
            synchronized (this) {
                current = settings;
                if (current == null) {
                    try {
                        current = source.get();
                    } catch (ConfigException e) {
                        throw new IOException("tls: " + e.getMessage(), e);
                    }
                    settings = current;
                }
            }
        }
        return current;
    }
}
