package io.logspout.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpResponsesTest {

    @ParameterizedTest
    @CsvSource({
        "/routes, /routes",
        "/routes/a%2Fb?x=1, /routes/a%2Fb",
        "/logs#frag, /logs",
        "'', /",
        "?x, /",
        "http://host:80/health?x, /health",
        "http://host:80, /",
        "*, *",
    })
    void pathOfIsTheRawPathWithoutQuery(String uri, String path) {
        assertThat(HttpResponses.pathOf(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri))).isEqualTo(path);
    }

    @ParameterizedTest
    @CsvSource({
        "/routes, true",
        "/routes/, true",
        "/routes/abc, true",
        "/routesx, false",
        "/route, false",
        "/, false",
    })
    void aMountServesItsPathAndWhatIsUnderIt(String path, boolean served) {
        assertThat(new Dispatcher.Mount("/routes", "routes", (context, request) -> { }).serves(path)).isEqualTo(served);
    }
}
