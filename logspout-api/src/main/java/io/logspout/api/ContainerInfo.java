package io.logspout.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of a container, taken from Docker's inspect answer when logspout attaches.
 * A rename gives a new view with the new name; messages read after it carry the new view.
 *
 * @param id the full 64-character container id
 * @param name the container name as Docker reports it, with its leading {@code /}
 * @param image the image the container was created from, as given ({@code busybox:latest})
 * @param imageId the image's content id ({@code sha256:...})
 * @param hostname the container's host name ({@code Config.Hostname})
 * @param labels the container's labels ({@code Config.Labels})
 * @param env the container's environment, {@code KEY=VALUE} entries ({@code Config.Env})
 * @param pid the container's main process id on the host ({@code State.Pid})
 * @param tty whether the container has a pseudo-TTY ({@code Config.Tty})
 * @param inspect Docker's whole inspect object with Docker's own key names ({@code Id},
 *     {@code Name}, {@code Config}, {@code State}, {@code HostConfig}, ...), for templates and
 *     JSON output that need more than the fields above; nested objects are maps and lists
 */
public record ContainerInfo(
        String id,
        String name,
        String image,
        String imageId,
        String hostname,
        Map<String, String> labels,
        List<String> env,
        int pid,
        boolean tty,
        Map<String, Object> inspect) {

    /** Length of the short container id that Docker and logspout show. */
    public static final int SHORT_ID_LENGTH = 12;

    public ContainerInfo {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        image = image == null ? "" : image;
        imageId = imageId == null ? "" : imageId;
        hostname = hostname == null ? "" : hostname;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        env = env == null ? List.of() : List.copyOf(env);
        inspect = inspect == null ? Map.of() : inspect;
    }

    /** The first 12 characters of the id. */
    public String shortId() {
        return shortId(id);
    }

    /** The first {@value #SHORT_ID_LENGTH} characters of a container id, as Docker shows it. */
    public static String shortId(String id) {
        return id.length() <= SHORT_ID_LENGTH ? id : id.substring(0, SHORT_ID_LENGTH);
    }

    /** The name without Docker's leading {@code /}, as filters and syslog tags use it. */
    public String bareName() {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** The value of the first {@code key=value} entry of the container's environment. */
    public Optional<String> envValue(String key) {
        for (String entry : env) {
            int eq = entry.indexOf('=');
            if (eq == key.length() && entry.startsWith(key)) {
                return Optional.of(entry.substring(eq + 1));
            }
        }
        return Optional.empty();
    }

    /** This view with another name, for a rename. */
    public ContainerInfo withName(String newName) {
        return new ContainerInfo(id, newName, image, imageId, hostname, labels, env, pid, tty, inspect);
    }
}
