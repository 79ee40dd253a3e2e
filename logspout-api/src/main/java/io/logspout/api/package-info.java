/**
 * The extension points of logspout and the values they exchange. This package depends on the
 * JDK alone, so a third-party adapter, transport, job or route store builds against this jar and
 * nothing else.
 *
 * <h2>How a plugin is found</h2>
 * Each extension point has a factory interface found through {@link java.util.ServiceLoader}:
 * list the implementing class in {@code META-INF/services/<interface name>} of your jar, and
 * put the jar on the class path or in the plugin directory. Names are unique: the first
 * registration of a name wins and a duplicate is logged and ignored.
 *
 * <ul>
 *   <li>{@link io.logspout.api.AdapterFactory}: turns each {@link io.logspout.api.LogMessage}
 *       into bytes ({@code raw}, {@code syslog}, {@code multiline}).</li>
 *   <li>{@link io.logspout.api.TransportFactory}: opens {@link io.logspout.api.Connection}s to
 *       an address ({@code tcp}, {@code udp}, {@code tls}).</li>
 *   <li>{@link io.logspout.api.Job}: a long-running part of the process.</li>
 *   <li>{@link io.logspout.api.RouteStoreFactory}: where routes managed at runtime live.</li>
 * </ul>
 *
 * <h2>Who does what</h2>
 * The core owns everything between a container and a socket: it reads the Docker log streams,
 * matches messages to {@link io.logspout.api.Route}s, keeps one bounded queue and one sender
 * thread per route, batches, buffers, reconnects with backoff and re-sends what a failed
 * connection did not take. An adapter only encodes a message into the {@link
 * io.logspout.api.Output} it is handed; a transport only opens connections. A minimal adapter:
 *
 * <pre>{@code
 * public final class UpperFactory implements AdapterFactory {
 *     public String name() { return "upper"; }
 *     public Adapter create(AdapterContext context) {
 *         return (message, out) -> out.writeUtf8(message.data().toUpperCase()).writeByte('\n');
 *     }
 * }
 * }</pre>
 */
package io.logspout.api;
