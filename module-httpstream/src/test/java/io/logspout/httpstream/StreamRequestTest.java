package io.logspout.httpstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.httpstream.StreamRequest.Target;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StreamRequestTest {

    private static StreamRequest parse(String uri) throws StreamRequest.BadRequest {
        return StreamRequest.parse(uri).orElseThrow(() -> new AssertionError(uri + " was not found"));
    }

    @Test
    void allContainersWithColorsByDefault() throws Exception {
        assertThat(parse("/logs")).isEqualTo(new StreamRequest(Target.ALL, "", List.of(), true, false));
        assertThat(parse("/logs").multiContainer()).isTrue();
    }

    @Test
    void eachPredicateWithItsDecodedValue() throws Exception {
        assertThat(parse("/logs/id:3631c027fb1b")).isEqualTo(new StreamRequest(Target.ID, "3631c027fb1b", List.of(), true, false));
        assertThat(parse("/logs/name:%2A_db")).isEqualTo(new StreamRequest(Target.NAME, "*_db", List.of(), true, false));
        assertThat(parse("/logs/name:a+b%20c").value()).isEqualTo("a+b c");
        assertThat(parse("/logs/filter:web").target()).isEqualTo(Target.FILTER);
    }

    @Test
    void onlyAllFilterAndNameGlobsWithAStarShowNames() throws Exception {
        assertThat(parse("/logs/filter:web").multiContainer()).isTrue();
        assertThat(parse("/logs/filter:web-?").multiContainer()).isTrue();
        assertThat(parse("/logs/name:web-*").multiContainer()).isTrue();
        assertThat(parse("/logs/name:web-1").multiContainer()).isFalse();
        assertThat(parse("/logs/name:web-?").multiContainer()).isFalse();
        assertThat(parse("/logs/id:abc").multiContainer()).isFalse();
        assertThat(parse("/logs?sources=stdout").multiContainer()).isTrue();
    }

    @Test
    void filterTakesAGlobOrAWordFoundAnywhereInTheName() throws Exception {
        assertThat(parse("/logs/filter:db").nameGlob()).isEqualTo("*db*");
        assertThat(parse("/logs/filter:web-*").nameGlob()).isEqualTo("web-*");
        assertThat(parse("/logs/filter:web-[12]").nameGlob()).isEqualTo("web-[12]");
        assertThat(parse("/logs/name:web").nameGlob()).isEqualTo("web");
        assertThat(parse("/logs/id:abc").nameGlob()).isEmpty();
    }

    @Test
    void sourcesAndSourceAreCommaListsThatAddUp() throws Exception {
        assertThat(parse("/logs?sources=stderr").sources()).containsExactly("stderr");
        assertThat(parse("/logs?source=stdout,stderr").sources()).containsExactly("stdout", "stderr");
        assertThat(parse("/logs?sources=stdout&source=stderr&source=stdout").sources()).containsExactly("stdout", "stderr");
        assertThat(parse("/logs?sources=").sources()).isEmpty();
    }

    @Test
    void anUnknownSourceIsABadRequestThatNamesIt() {
        assertThatThrownBy(() -> StreamRequest.parse("/logs?sources=stdout,syslog"))
                .isInstanceOf(StreamRequest.BadRequest.class)
                .hasMessage("sources=stdout,syslog: unknown source 'syslog'; use stdout, stderr or stdout,stderr");
    }

    @Test
    void onlyColorsOffTurnsColorsOff() throws Exception {
        assertThat(parse("/logs?colors=off").colors()).isFalse();
        assertThat(parse("/logs?colors=on").colors()).isTrue();
        assertThat(parse("/logs?colors=false").colors()).isTrue();
    }

    @Test
    void jsonCompactAsksForTheCompactLayoutAndOtherLayoutsAreBadRequests() throws Exception {
        assertThat(parse("/logs?json=compact").compactJson()).isTrue();
        assertThatThrownBy(() -> StreamRequest.parse("/logs?json=pretty"))
                .isInstanceOf(StreamRequest.BadRequest.class)
                .hasMessage("json=pretty is not a JSON layout; use json=compact, or leave it out for logspout's indented JSON");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/logs/", "/logs/foo", "/logs/id:", "/logs/id:abc/def", "/logs/nope:x", "/logsx", "/logs/:x", "/other"})
    void otherPathsAreNotFound(String uri) throws Exception {
        assertThat(StreamRequest.parse(uri)).isEqualTo(Optional.empty());
    }

    @Test
    void aMalformedEscapeIsABadRequest() {
        assertThatThrownBy(() -> StreamRequest.parse("/logs/name:%zz")).isInstanceOf(StreamRequest.BadRequest.class).hasMessageContaining("/logs/name:%zz");
    }
}
