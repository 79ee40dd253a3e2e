package io.logspout.distribution;

import io.logspout.api.Adapter;
import io.logspout.api.AdapterContext;
import io.logspout.api.AdapterFactory;
import io.logspout.api.ConfigException;

/**
 * A third-party adapter as small as one can be: {@link DockerImageIT} drops it, in a jar of its
 * own, into the image's plugin directory to see the image load it. Not registered as a service
 * here, so no other test sees it.
 */
public final class PluginProbe implements AdapterFactory {
    /** The adapter name the banner shows once the plugin is loaded. */
    public static final String NAME = "plugin-probe";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Adapter create(AdapterContext context) {
        throw new ConfigException(NAME + " only shows that drop-in plugins load; it routes nothing");
    }
}
