package io.logspout.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import io.logspout.core.pump.DockerJavaHttpClient;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * The floors under logspout's memory, for bench/footprint.sh: {@code jvm} is a JVM that opens a
 * port and sleeps; {@code docker-java} also does what logspout's control plane must, with
 * docker-java on logspout's HTTP client as logspout does (ping, list the containers, follow the
 * events) and nothing else. Both open the port in PORT and print "floor ready" when done, as
 * logspout's log says "reachable".
 */
public final class Floor {
    public static void main(String[] args) throws Exception {
        try (var port = new ServerSocket(Integer.parseInt(System.getenv("PORT")), 50, InetAddress.getLoopbackAddress())) {
            if (args[0].equals("docker-java")) {
                var config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
                var http = new DockerJavaHttpClient(config.getDockerHost(), null);
                DockerClient client = DockerClientImpl.getInstance(config, http);
                client.pingCmd().exec();
                client.listContainersCmd().withShowAll(true).exec();
                client.eventsCmd().exec(new ResultCallback.Adapter<Event>());
            }
            System.out.println("floor ready");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
