package io.logspout.core.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logspout.api.Config;
import io.logspout.api.ConfigException;
import io.logspout.api.Route;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteUrisTest {
    private static final Config NO_ENV = Config.of(Map.of());

    /** The routes without their ids, which aRouteGivenAsAUriHasAnIdThatIsTheSameOnEveryStart checks. */
    private static List<Route> parse(String uris, Config env) {
        return RouteUris.parse(uris, env).stream().map(route -> route.withId("")).toList();
    }

    private static Route one(String uri) {
        List<Route> routes = parse(uri, NO_ENV);
        assertThat(routes).hasSize(1);
        return routes.get(0);
    }

    // The README's examples.

    @Test
    void filterName() {
        assertThat(one("raw://192.168.10.10:5000?filter.name=*_db")).isEqualTo(
                Route.builder().adapter("raw").address("192.168.10.10:5000").filterName("*_db").build());
    }

    @Test
    void filterId() {
        assertThat(one("raw://192.168.10.10:5000?filter.id=3b6ba57db54a")).isEqualTo(
                Route.builder().adapter("raw").address("192.168.10.10:5000").filterId("3b6ba57db54a").build());
    }

    @Test
    void filterSourcesIsACommaListWrittenWithEscapedCommas() {
        assertThat(one("raw://192.168.10.10:5000?filter.sources=stdout%2Cstderr").filterSources())
                .containsExactly("stdout", "stderr");
    }

    @Test
    void filterLabelsIsACommaListWrittenWithEscapedCommas() {
        assertThat(one("raw://192.168.10.10:5000?filter.labels=a:x*%2Cb:*y").filterLabels())
                .containsExactly("a:x*", "b:*y");
    }

    @Test
    void severalRoutesAreSeparatedByCommas() {
        assertThat(parse("raw://192.168.10.10:5000?filter.name=*_db,syslog+tls://logs.papertrailapp.com:55555?filter.name=*_app", NO_ENV))
                .containsExactly(
                        Route.builder().adapter("raw").address("192.168.10.10:5000").filterName("*_db").build(),
                        Route.builder().adapter("syslog+tls").address("logs.papertrailapp.com:55555").filterName("*_app").build());
    }

    @Test
    void adapterChainsKeepTheirPlusSigns() {
        assertThat(one("multiline+raw+tcp://logs.example.com:5000").adapter()).isEqualTo("multiline+raw+tcp");
    }

    @Test
    void otherKeysAreOptions() {
        assertThat(one("syslog://logs.example.com:514?append_tag=.db&structured_data=x@1 a=\"b\"")).isEqualTo(
                Route.builder().adapter("syslog").address("logs.example.com:514")
                        .option("append_tag", ".db").option("structured_data", "x@1 a=\"b\"").build());
    }

    @Test
    void variablesAreExpandedInEachRoute() {
        Config env = Config.of(Map.of("LOG_HOST", "logs.example.com", "PORT", "514", "TAG", ".db"));

        assertThat(parse("syslog+tcp://$LOG_HOST:${PORT}?append_tag=$TAG,raw://${LOG_HOST}:5000", env))
                .containsExactly(
                        Route.builder().adapter("syslog+tcp").address("logs.example.com:514").option("append_tag", ".db").build(),
                        Route.builder().adapter("raw").address("logs.example.com:5000").build());
    }

    @Test
    void expansionComesAfterTheCommaSplit() {
        Config env = Config.of(Map.of("LABELS", "a:1,b:2"));

        assertThat(parse("raw://h:1?filter.labels=$LABELS", env))
                .singleElement()
                .satisfies(route -> assertThat(route.filterLabels()).containsExactly("a:1", "b:2"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "$A|a",
        "${A}|a",
        "x$A.y|xa.y",
        "$AB|ab",
        "${A}B|aB",
        "$UNSET|\"\"",
        "${UNSET}x|x",
        "$A_1|\"\"",
        "$1x|onex",
        "${1}x|onex",
        "$$|\"\"",
        "$-x|x",
        "${-}x|x",
        "$/x|$/x",
        "$ x|$ x",
        "a$|a$",
        "${|\"\"",
        "${x|x",
        "${}x|x",
        "${A|A",
        "${A}}|a}",
        "%24A|%24A",
    })
    void expandsVariablesAsGoOsExpandEnv(String input, String expanded) {
        Config env = Config.of(Map.of("A", "a", "AB", "ab", "1", "one"));

        assertThat(env.expand(input)).isEqualTo(expanded);
    }

    @Test
    void theSchemeIsLowercasedUserInfoAndFragmentAreDroppedAndThePathIsAnOption() {
        assertThat(one("SysLog+TCP://user:secret@Logs.Example.com:514/some/p%20th?append_tag=x#fragment")).isEqualTo(
                Route.builder().adapter("syslog+tcp").address("Logs.Example.com:514").option("append_tag", "x").option("path", "/some/p th").build());
        assertThat(one("json+http://h:80/").options()).isEmpty();
    }

    @Test
    void secretsInABadRouteAreMaskedInTheError() {
        assertThatThrownBy(() -> RouteUris.parse("json+http://h:x?header.Authorization=Bearer%20s3cr3t&x=1", Config.of(Map.of())))
                .hasMessageContaining("'json+http://h:x?header.Authorization=****&x=1'")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void theAddressMayLeaveItsPortToTheAdapterOrTransport() {
        assertThat(one("otlp://collector").address()).isEqualTo("collector");
        assertThat(one("json+https://[::1]/ingest").address()).isEqualTo("[::1]");
    }

    @Test
    void ipv6AddressesKeepTheirBrackets() {
        assertThat(one("syslog://[::1]:514").address()).isEqualTo("[::1]:514");
        assertThat(one("syslog://[fe80::1%25eth0]:514").address()).isEqualTo("[fe80::1%eth0]:514");
    }

    @Test
    void queryAcceptsAmpersandAndSemicolonAndDecodesLikeGo() {
        Route route = one("raw://h:1?a=1;b=x+y&c=%C3%A9%20z&&d&filter.name=web%2A&e=a%3Db");

        assertThat(route.options()).containsExactlyInAnyOrderEntriesOf(
                Map.of("a", "1", "b", "x y", "c", "é z", "d", "", "e", "a=b"));
        assertThat(route.filterName()).isEqualTo("web*");
    }

    @Test
    void theFirstValueOfAKeyWins() {
        Route route = one("raw://h:1?filter.name=first&filter.name=second&tag=1&tag=2");

        assertThat(route.filterName()).isEqualTo("first");
        assertThat(route.options()).containsExactly(Map.entry("tag", "1"));
    }

    @Test
    void anEmptyQueryIsNoQuery() {
        assertThat(one("raw://h:1?")).isEqualTo(Route.builder().adapter("raw").address("h:1").build());
    }

    @Test
    void anEmptyCommaListIsOneEmptyEntryAsInLogspout() {
        Route route = one("raw://h:1?filter.sources=&filter.labels=");

        assertThat(route.filterSources()).containsExactly("");
        assertThat(route.filterLabels()).containsExactly("");
    }

    @Test
    void aBlankListHasNoRoutes() {
        assertThat(parse("", NO_ENV)).isEmpty();
        assertThat(parse(null, NO_ENV)).isEmpty();
        assertThat(parse("  ", NO_ENV)).isEmpty();
    }

    @Test
    void blanksAroundRoutesAreIgnored() {
        assertThat(parse(" raw://a:1 ,\n  tcp://b:2\n", NO_ENV))
                .extracting(Route::address).containsExactly("a:1", "b:2");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "raw://a:1,,raw://b:2|route list 'raw://a:1,,raw://b:2' has an empty route between commas",
        "raw://a:1,|route list 'raw://a:1,' has an empty route between commas",
        ",raw://a:1|has an empty route between commas",
        "192.168.10.10:514|route '192.168.10.10:514': no adapter",
        "://h:1|route '://h:1': no adapter",
        "raw_x://h:1|route 'raw_x://h:1': no adapter",
        "logs.example.com:514|route 'logs.example.com:514': no //host:port after 'logs.example.com:'",
        "raw:h:1|route 'raw:h:1': no //host:port after 'raw:'",
        "raw:/h:1|no //host:port after 'raw:'",
        "raw://|route 'raw://': no host:port after 'raw://'",
        "raw:///path|no host:port after 'raw://'",
        "raw://?filter.name=x|no host:port after 'raw://'",
        "raw://h:port|address 'h:port': the port 'port' is not a number from 1 to 65535",
        "raw://::1:514|address '::1:514': an IPv6 address needs brackets, [::1]:514",
        "raw://h:1?filter.name=100%|route 'raw://h:1?filter.name=100%': bad escape '%' in the query: % starts two hex digits, a literal % is written %25",
        "raw://h:1?a=%zz|bad escape '%zz' in the query",
        "raw://h:1?%2=a|bad escape '%2' in the query",
        "raw://h:1/%zz|bad escape '%zz' in the path",
        "raw://u%zz@h:1|bad escape '%zz' in the user info",
        "raw://h:1#%zz|bad escape '%zz' in the fragment",
        "raw://h%zz:1|bad escape '%zz' in the address",
    })
    void badRoutesNameTheRouteAndTheProblem(String list, String message) {
        assertThatThrownBy(() -> parse(list, NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message);
    }

    @Test
    void errorsShowTheRouteBeforeAndAfterExpansion() {
        assertThatThrownBy(() -> parse("raw://$HOST:514", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("route 'raw://$HOST:514' (after expanding variables: 'raw://:514'): address ':514': no host before the :port")
                .hasMessageContaining("write host:port, e.g. logs.example.com:514");
    }

    @Test
    void errorsSayWhatIsAccepted() {
        assertThatThrownBy(() -> parse("logs.example.com", NO_ENV))
                .hasMessageContaining("write adapter[+transport]://host:port[?key=value&...], e.g. syslog+tcp://logs.example.com:514?filter.name=*_app");
    }

    @Test
    void controlCharactersAreRejected() {
        assertThatThrownBy(() -> parse("raw://h:1?a=x\ty", NO_ENV))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("control character (code 9)");
    }

    @Test
    void aRouteGivenAsAUriHasAnIdThatIsTheSameOnEveryStart() {
        List<Route> first = RouteUris.parse("tcp://a:1,tcp://b:2,tcp://a:1", NO_ENV);
        List<Route> again = RouteUris.parse("tcp://a:1,tcp://b:2,tcp://a:1", NO_ENV);

        assertThat(first).extracting(Route::id).doesNotHaveDuplicates().allMatch(id -> id.matches("[0-9a-f]{12}"));
        assertThat(again).extracting(Route::id).isEqualTo(first.stream().map(Route::id).toList());
        assertThat(RouteUris.parse("tcp://b:2", NO_ENV).getFirst().id()).isEqualTo(first.get(1).id());
    }
}
