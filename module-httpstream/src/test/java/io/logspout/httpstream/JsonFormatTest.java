package io.logspout.httpstream;

import static io.logspout.httpstream.Messages.container;
import static io.logspout.httpstream.Messages.line;
import static io.logspout.httpstream.Messages.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import io.logspout.api.LogMessage;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class JsonFormatTest {
    private final ContainerInfo web = container("web");

    @Test
    void aMessageIsGoMarshalIndentWithLogspoutsKeysAndANewline() {
        String json = render(new JsonFormat(ZoneOffset.UTC, false), line(web, "hello"));

        assertThat(json).isEqualTo("""
                {
                  "Container": {
                    "Id": "%s",
                    "Name": "/web",
                    "Config": {
                      "Labels": {}
                    },
                    "Args": []
                  },
                  "Source": "stdout",
                  "Data": "hello",
                  "Time": "2023-11-14T22:13:20.123Z"
                }
                """.formatted(web.id()));
    }

    @Test
    void theCompactLayoutIsOneLineWithTheContainersIdAndNameOnly() {
        String json = render(new JsonFormat(ZoneOffset.UTC, true), line(web.withName("/web-2"), "<hello>"));

        assertThat(json).isEqualTo("{\"Container\":{\"Id\":\"%s\",\"Name\":\"/web-2\"},\"Source\":\"stdout\",\"Data\":\"\\u003chello\\u003e\","
                .formatted(web.id()) + "\"Time\":\"2023-11-14T22:13:20.123Z\"}\n");
    }

    @Test
    void stringsAreEscapedAsGoEscapesThem() {
        String json = render(new JsonFormat(ZoneOffset.UTC, false), line(web, "<a href=\"x\">&</a>\t\u001b[1m\b\f\u2028 é\\"));

        assertThat(json).contains("\"Data\": \"\\u003ca href=\\\"x\\\"\\u003e\\u0026\\u003c/a\\u003e\\t\\u001b[1m\\u0008\\u000c\\u2028 é\\\\\"");
    }

    @Test
    void aRenamedContainerShowsItsNewName() {
        LogMessage renamed = line(web.withName("/web-2"), "after");

        assertThat(render(new JsonFormat(ZoneOffset.UTC, false), renamed)).contains("\"Name\": \"/web-2\"").doesNotContain("\"/web\"");
    }
}
