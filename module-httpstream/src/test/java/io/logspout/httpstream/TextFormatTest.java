package io.logspout.httpstream;

import static io.logspout.httpstream.Messages.container;
import static io.logspout.httpstream.Messages.line;
import static io.logspout.httpstream.Messages.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.ContainerInfo;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TextFormatTest {
    private static final String RESET = "\u001b[0m";
    private final ContainerInfo web = container("web");
    private final ContainerInfo db = container("db");

    @Test
    void colorsFollowLogspoutsTableAndRepeatAfterFourteen() {
        assertThat(IntStream.range(0, 15).mapToObj(TextFormat::color).toList()).containsExactly(
                "\u001b[1;37m", "\u001b[1;36m", "\u001b[1;35m", "\u001b[1;34m", "\u001b[1;33m", "\u001b[1;32m", "\u001b[1;31m",
                "\u001b[37m", "\u001b[36m", "\u001b[35m", "\u001b[34m", "\u001b[33m", "\u001b[32m", "\u001b[31m",
                "\u001b[1;37m");
    }

    @Test
    void severalContainersGetARightAlignedNameColumnAndAColorPerName() {
        String text = render(new TextFormat(true, true), line(web, "one"), line(db, "two"), line(web, "three"));

        assertThat(text).isEqualTo(
                "\u001b[1;37m             web|one" + RESET + "\n"
                + "\u001b[1;36m              db|two" + RESET + "\n"
                + "\u001b[1;37m             web|three" + RESET + "\n");
    }

    @Test
    void theColumnGrowsToTheLongestNameAndNeverShrinks() {
        ContainerInfo longName = container("a-container-name-of-25-ch");
        String text = render(new TextFormat(true, false), line(web, "before"), line(longName, "long"), line(web, "after"));

        assertThat(text).isEqualTo(
                "             web|before\n"
                + "a-container-name-of-25-ch|long\n"
                + "                      web|after\n");
    }

    @Test
    void withoutColorsLinesHaveNoEscapes() {
        assertThat(render(new TextFormat(true, false), line(web, "plain"))).isEqualTo("             web|plain\n");
    }

    @Test
    void aSingleContainersLinesAreBareWithOrWithoutColors() {
        assertThat(render(new TextFormat(false, true), line(web, "bare"), line(web, "ünïcode"))).isEqualTo("bare\nünïcode\n");
        assertThat(render(new TextFormat(false, false), line(web, "bare"))).isEqualTo("bare\n");
    }

    @Test
    void eachConnectionStartsItsOwnColorCycle() {
        render(new TextFormat(true, true), line(web, "x"));

        assertThat(render(new TextFormat(true, true), line(db, "y"))).startsWith("\u001b[1;37m");
    }
}
