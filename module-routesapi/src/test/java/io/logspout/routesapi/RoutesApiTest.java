package io.logspout.routesapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Route;
import io.logspout.core.router.RouteChannel;
import io.logspout.core.store.RouteJson;
import io.logspout.core.testing.ServedLogspout;
import io.logspout.testsupport.TcpSink;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes API over real HTTP, with routes persisted in a real directory. No Docker engine: the
 * API's answers and the route store do not need one (RoutesApiIT routes real containers' logs).
 */
class RoutesApiTest {
    @TempDir
    Path temp;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : resources.reversed()) {
            resource.close();
        }
    }

    private Path routesPath() throws Exception {
        return Files.createDirectories(temp.resolve("routes"));
    }

    private ServedLogspout start(String routes, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(Map.of(
                "DOCKER_HOST", "unix://" + temp.resolve("no-engine.sock"),
                "ROUTESPATH", routesPath().toString()));
        all.putAll(settings);
        ServedLogspout logspout = ServedLogspout.start(routes, all);
        resources.add(logspout);
        return logspout;
    }

    private ServedLogspout start() throws Exception {
        return start("", Map.of());
    }

    private TcpSink sink() {
        TcpSink sink = TcpSink.start();
        resources.add(sink);
        return sink;
    }

    private List<String> storedFiles() throws Exception {
        try (Stream<Path> files = Files.list(routesPath())) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertError(HttpResponse<String> response, int status, String body) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).isEqualTo(body);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void noRoutesIsAnEmptyArray() throws Exception {
        HttpResponse<String> list = start().get("/routes");

        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(list.body()).isEqualTo("[]\n");
    }

    @Test
    void createsReadsListsAndDeletesARouteKeepingItInRoutespath() throws Exception {
        ServedLogspout logspout = start();
        TcpSink sink = sink();

        HttpResponse<String> created = logspout.post("/routes", """
                {"adapter": "tcp", "address": "%s", "filter_name": "app-*", "filter_sources": ["stdout"],
                 "options": {"append_tag": ".x"}, "unknown": "ignored"}""".formatted(sink.address()));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("content-type")).hasValue("application/json");
        String id = logspout.logspout.routes().all().getFirst().id();
        assertThat(id).matches("[0-9a-f]{12}");
        assertThat(created.body()).isEqualTo("""
                {
                  "id": "%s",
                  "filter_name": "app-*",
                  "filter_sources": [
                    "stdout"
                  ],
                  "adapter": "raw+tcp",
                  "address": "%s",
                  "options": {
                    "append_tag": ".x"
                  }
                }
                """.formatted(id, sink.address()));
        assertThat(logspout.get("/routes/" + id).body()).isEqualTo(created.body());
        assertThat(logspout.get("/routes").body()).isEqualTo("[\n  " + created.body().strip().replace("\n", "\n  ") + "\n]\n");
        Path stored = routesPath().resolve(id + ".json");
        assertThat(storedFiles()).containsExactly(id + ".json");
        assertThat(Files.readString(stored)).isEqualTo(created.body().strip());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(stored))).isEqualTo("rw-------");

        HttpResponse<String> deleted = logspout.delete("/routes/" + id);

        assertThat(deleted.statusCode()).isEqualTo(200);
        assertThat(deleted.body()).isEmpty();
        assertThat(logspout.logspout.routes().all()).isEmpty();
        assertThat(storedFiles()).isEmpty();
        assertError(logspout.get("/routes/" + id), 404, "404 page not found\n");
        assertError(logspout.delete("/routes/" + id), 404, "404 page not found\n");
    }

    @Test
    void headerOptionsAreMaskedInAnswersButStoredAsGiven() throws Exception {
        ServedLogspout logspout = start();
        TcpSink sink = sink();

        HttpResponse<String> created = logspout.post("/routes", """
                {"id": "hooked", "adapter": "tcp", "address": "%s",
                 "options": {"header.Authorization": "Bearer $HOOK_TOKEN", "append_tag": ".x"}}""".formatted(sink.address()));

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        for (String shown : List.of(created.body(), logspout.get("/routes").body(), logspout.get("/routes/hooked").body())) {
            assertThat(shown).contains("\"header.Authorization\": \"****\"", "\"append_tag\": \".x\"").doesNotContain("HOOK_TOKEN");
        }
        assertThat(Files.readString(routesPath().resolve("hooked.json"))).contains("\"header.Authorization\": \"Bearer $HOOK_TOKEN\"");
    }

    @Test
    void aPostWithAnExistingIdReplacesThatRoute() throws Exception {
        ServedLogspout logspout = start();
        TcpSink first = sink();
        TcpSink second = sink();

        assertThat(logspout.post("/routes", "{\"id\": \"mine\", \"adapter\": \"tcp\", \"address\": \"" + first.address() + "\"}").statusCode()).isEqualTo(201);
        HttpResponse<String> replaced = logspout.post("/routes", "{\"id\": \"mine\", \"adapter\": \"tcp\", \"address\": \"" + second.address() + "\"}");

        assertThat(replaced.statusCode()).isEqualTo(201);
        assertThat(logspout.logspout.routes().channels()).extracting(channel -> channel.route().address()).containsExactly(second.address());
        assertThat(logspout.get("/routes").body()).contains(second.address()).doesNotContain(first.address());
        assertThat(Files.readString(routesPath().resolve("mine.json"))).contains(second.address());
    }

    @Test
    void aBodyThatIsNotARouteIsABadRequest() throws Exception {
        ServedLogspout logspout = start();

        assertError(logspout.post("/routes", "{\"adapter\": \"tcp\", "), 400,
                "Bad request: malformed JSON at line 1, column 20: Unexpected end-of-input within/between Object entries\n");
        assertError(logspout.post("/routes", ""), 400,
                "Bad request: empty body; send a route as a JSON object, e.g. {\"adapter\":\"syslog\",\"address\":\"logs.example.com:514\"}\n");
        assertError(logspout.post("/routes", "[{\"adapter\": \"tcp\"}]"), 400, "Bad request: a route is a JSON object, not an array\n");
        assertError(logspout.post("/routes", "{\"adapter\": \"tcp\", \"address\": 514}"), 400,
                "Bad request: \"address\" must be a string, not a number (514)\n");
        assertThat(logspout.post("/routes", "{").headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(logspout.logspout.routes().all()).isEmpty();
    }

    @Test
    void aRouteThatCannotWorkIsABadRoute() throws Exception {
        ServedLogspout logspout = start();

        assertError(logspout.post("/routes", "{\"adapter\": \"nosuch\", \"address\": \"127.0.0.1:5000\"}"), 400,
                "Bad route: unknown adapter 'nosuch'; adapters: raw\n");
        assertError(logspout.post("/routes", "{\"adapter\": \"tcp\"}"), 400,
                "Bad route: no address: give the destination as host:port, e.g. raw+tcp://logs.example.com:514\n");
        // logspout's README still shows the v2 schema; its code answers it as this one does.
        assertThat(logspout.post("/routes", "{\"source\": {\"filter\": \"x\"}, \"target\": {\"type\": \"syslog\", \"addr\": \"h:514\"}}").body())
                .startsWith("Bad route: no adapter; adapters: raw");
        assertThat(logspout.logspout.routes().all()).isEmpty();
        assertThat(storedFiles()).isEmpty();
    }

    @Test
    void idsThatAreNotSafeFileNamesAreRefused() throws Exception {
        ServedLogspout logspout = start();
        String rule = "is not valid: use 1 to 128 of the characters A-Z a-z 0-9 _ . - (not '.' or '..')\n";

        for (String id : List.of("../../etc/cron.d/x", "a/b", "..", "x".repeat(129), "a b")) {
            HttpResponse<String> response = logspout.post("/routes", RouteJson.write(Route.builder().id(id).adapter("tcp").address("127.0.0.1:5000").build()));
            assertError(response, 400, "Bad route: route id '" + id + "' " + rule);
        }
        assertError(logspout.get("/routes/..%2F..%2Fetc"), 400, "Bad request: route id '../../etc' " + rule);
        assertError(logspout.delete("/routes/a%20b"), 400, "Bad request: route id 'a b' " + rule);
        assertError(logspout.get("/routes/a/b"), 404, "404 page not found\n");
        assertError(logspout.get("/routes/"), 404, "404 page not found\n");
        assertThat(storedFiles()).isEmpty();
        assertThat(Files.list(temp).map(Path::getFileName).map(Path::toString)).containsOnly("routes");
    }

    @Test
    void anOversizedBodyIs413() throws Exception {
        ServedLogspout logspout = start();
        String huge = "{\"adapter\": \"tcp\", \"address\": \"127.0.0.1:5000\", \"filter_name\": \"" + "x".repeat(1 << 20) + "\"}";

        HttpResponse<String> response = logspout.post("/routes", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("413 request too large: the body may have at most 1048576 bytes\n");
        assertThat(logspout.logspout.routes().all()).isEmpty();
    }

    @Test
    void aWrongMethodIs405WithTheAllowedOnes() throws Exception {
        ServedLogspout logspout = start();

        HttpResponse<String> put = logspout.send(logspout.request("/routes").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> postToId = logspout.post("/routes/abc", "{}");

        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(put.headers().firstValue("allow")).hasValue("GET, POST");
        assertThat(put.body()).isEqualTo("405 method not allowed: PUT /routes accepts GET, POST\n");
        assertThat(postToId.statusCode()).isEqualTo(405);
        assertThat(postToId.headers().firstValue("allow")).hasValue("GET, DELETE");
    }

    @Test
    void withRoutesTokenEveryRequestNeedsTheBearerToken() throws Exception {
        ServedLogspout logspout = start("", Map.of("ROUTES_TOKEN", "s3cret"));
        String route = "{\"adapter\": \"tcp\", \"address\": \"127.0.0.1:5000\"}";

        for (HttpRequest.Builder request : List.of(
                logspout.request("/routes"),
                logspout.request("/routes").POST(HttpRequest.BodyPublishers.ofString(route)),
                logspout.request("/routes/abc").DELETE(),
                logspout.request("/routes").header("Authorization", "Bearer wrong"),
                logspout.request("/routes").header("Authorization", "Basic czNjcmV0"))) {
            HttpResponse<String> response = logspout.send(request);
            assertError(response, 401, "401 unauthorized: send the header 'Authorization: Bearer <token>' with the token of ROUTES_TOKEN\n");
            assertThat(response.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"logspout routes\"");
        }
        assertThat(logspout.logspout.routes().all()).isEmpty();

        HttpResponse<String> created = logspout.send(logspout.request("/routes").header("Authorization", "Bearer s3cret").POST(HttpRequest.BodyPublishers.ofString(route)));
        HttpResponse<String> listed = logspout.send(logspout.request("/routes").header("authorization", "bearer s3cret"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(logspout.get("/health").statusCode()).as("only the routes API is locked").isNotEqualTo(401);
    }

    @Test
    void routesCreatedOverHttpComeBackAfterARestartAndRoutesFromUrisDoNot() throws Exception {
        TcpSink sink = sink();
        String fromUri = "tcp://" + sink.address() + "?filter.name=uri-*";
        try (ServedLogspout first = start(fromUri, Map.of())) {
            first.post("/routes", "{\"id\": \"kept\", \"adapter\": \"tcp\", \"address\": \"" + sink.address() + "\", \"filter_labels\": [\"a:b\"]}");
            first.post("/routes", "{\"id\": \"gone\", \"adapter\": \"tcp\", \"address\": \"" + sink.address() + "\"}");
            first.delete("/routes/gone");
        }
        assertThat(storedFiles()).containsExactly("kept.json");

        try (ServedLogspout second = start(fromUri, Map.of())) {
            List<Route> routes = second.logspout.routes().all();
            assertThat(routes).extracting(Route::id).contains("kept").doesNotContain("gone").hasSize(2);
            assertThat(second.get("/routes/kept").body()).contains("\"a:b\"");
            assertThat(second.logspout.routes().channels()).extracting(RouteChannel::status).doesNotContain(RouteChannel.Status.STOPPED);
        }
        assertThat(storedFiles()).containsExactly("kept.json");
    }

    @Test
    void aStoredFileThatCannotBeReadIsSkippedAndTheOthersLoad() throws Exception {
        Files.writeString(routesPath().resolve("broken.json"), "{\"adapter\": ");
        Files.writeString(routesPath().resolve("unknown.json"), "{\"adapter\": \"nosuch\", \"address\": \"127.0.0.1:1\"}");
        Files.writeString(routesPath().resolve("good.json"), "{\"adapter\": \"tcp\", \"address\": \"127.0.0.1:1\"}");

        ServedLogspout logspout = start();

        assertThat(logspout.logspout.routes().all()).extracting(Route::id).containsExactly("good");
        assertThat(logspout.get("/routes/good").statusCode()).isEqualTo(200);
    }
}
