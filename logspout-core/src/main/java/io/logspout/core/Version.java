package io.logspout.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, from the Maven project version. */
public final class Version {
    /** The release of gliderlabs/logspout whose routes, settings and output formats this one keeps. */
    public static final String COMPATIBLE_LOGSPOUT = "v3.2.14";

    private Version() {
    }

    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return "v" + properties.getProperty("version", "dev");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
