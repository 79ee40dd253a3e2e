package io.logspout.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.testsupport.Await;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.LiveFixture;
import io.logspout.testsupport.TcpSink;
import io.logspout.testsupport.TestContainer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;

/**
 * The log view end to end: a real logspout (pump, router, HTTP server with the httpstream, routes
 * API and ui modules) on the test engine, real containers, and a real browser (Debian's headless
 * chromium through its chromedriver) that loads the page and is driven as a reader would. Each
 * test opens the page afresh; its containers have names with the test's own prefix and write
 * markers no other test writes, and assertions look at those lines only.
 */
class UiIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @RegisterExtension
    static final LiveFixture live = new LiveFixture();
    private static Logspout logspout;
    private static URI server;
    private static WebDriver browser;

    private final String prefix = "ui" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void start() {
        logspout = Logspout.builder()
                .config(Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0")))
                .build()
                .start();
        server = URI.create("http://127.0.0.1:" + logspout.service(HttpServer.class).orElseThrow().address().getPort() + "/");
        browser = browser();
    }

    /** Headless chromium: the test fails, naming the packages, when they are missing. */
    private static WebDriver browser() {
        for (String program : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(new File(program).canExecute()).as(program + " must be there (apt-get install chromium chromium-driver; scripts/test.sh does)").isTrue();
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (logspout != null) {
            logspout.close();
        }
    }

    /** A running container named {@code <prefix>-<part>-<random>} that writes only when {@link #say} tells it to. */
    private TestContainer idle(String part, String before) {
        TestContainer container = live.docker().run(ContainerSpec.script(before + "exec sleep 600").namePrefix(prefix + "-" + part));
        live.closingLast(container::remove);
        Await.until(WAIT, () -> logspout.router().containers().stream().anyMatch(c -> c.id().equals(container.id())),
                () -> container + " to be attached");
        return container;
    }

    /** Writes {@code line} to the container's stdout (1) or stderr (2) log, through its process 1. */
    private static void say(TestContainer container, String line, int fd) {
        container.exec("echo '" + line + "' > /proc/1/fd/" + fd);
    }

    /** Opens the page and waits until it has loaded the containers' last lines and follows the stream. */
    private static void openPage() {
        browser.get(server.toString());
        Await.until(WAIT, () -> text("status").equals("live"), () -> "the page to be live; its status: " + text("status"));
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The lines shown, as {@code name|source|data}, for the lines whose data contains {@code marker}. */
    @SuppressWarnings("unchecked")
    private static List<String> shown(String marker) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#log .line')]"
                        + ".filter(r => r.querySelector('.d').textContent.includes(arguments[0]))"
                        + ".map(r => r.querySelector('.n').textContent + '|' + (r.classList.contains('err') ? 'stderr' : 'stdout')"
                        + " + '|' + r.querySelector('.d').textContent)", marker);
    }

    private static void awaitShown(String marker, List<String> expected) {
        Await.until(WAIT, () -> shown(marker).equals(expected), () -> "the page to show " + expected + ", it shows " + shown(marker));
    }

    private static void type(String id, String value) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    @Test
    void showsTheLastLinesOnOpenThenNewLinesLiveWithStderrMarked() {
        TestContainer web = idle("web", "echo " + prefix + "-before; ");
        openPage();
        awaitShown(prefix, List.of(web.name() + "|stdout|" + prefix + "-before"));

        say(web, prefix + "-out", 1);
        say(web, prefix + "-err", 2);

        awaitShown(prefix, List.of(web.name() + "|stdout|" + prefix + "-before", web.name() + "|stdout|" + prefix + "-out",
                web.name() + "|stderr|" + prefix + "-err"));
        awaitCount(web, 3);
    }

    /** Waits until the container list counts {@code lines} lines of {@code container}. */
    private static void awaitCount(TestContainer container, int lines) {
        Await.until(WAIT, () -> String.valueOf(lines).equals(count(container)),
                () -> lines + " lines counted for " + container.name() + ", the list says " + count(container));
    }

    /** Ticks the container in the list (redrawn as lines come, so found and clicked in one script). */
    private static void pick(TestContainer container) {
        ((JavascriptExecutor) browser).executeScript(
                "[...document.querySelectorAll('#containers li')].find(li => li.dataset.name === arguments[0]).querySelector('input').click();",
                container.name());
    }

    /** The container's count in the list (redrawn as lines come, so read in one script), or null. */
    private static Object count(TestContainer container) {
        return ((JavascriptExecutor) browser).executeScript(
                "const item = [...document.querySelectorAll('#containers li')].find(li => li.dataset.name === arguments[0]);"
                        + " return item ? item.querySelector('.count').textContent : null;", container.name());
    }

    @Test
    void theContainerListPicksOneOrSeveral() {
        TestContainer web = idle("web", "");
        TestContainer db = idle("db", "");
        openPage();
        say(web, prefix + " from web", 1);
        say(db, prefix + " from db", 1);
        List<String> both = List.of(web.name() + "|stdout|" + prefix + " from web", db.name() + "|stdout|" + prefix + " from db");
        awaitShown(prefix, both);

        Await.until(WAIT, () -> count(web) != null, () -> web.name() + " in the container list");
        pick(web);
        assertThat(shown(prefix)).containsExactly(web.name() + "|stdout|" + prefix + " from web");
        say(db, prefix + " more from db", 1);
        say(web, prefix + " more from web", 1);
        awaitShown(prefix, List.of(web.name() + "|stdout|" + prefix + " from web", web.name() + "|stdout|" + prefix + " more from web"));

        pick(db);
        assertThat(shown(prefix)).hasSize(4);
        browser.findElement(By.id("all-containers")).click();
        assertThat(shown(prefix)).hasSize(4);
    }

    @Test
    void theFilterHidesAndShowsLinesAlreadyShownAndNewOnes() {
        TestContainer app = idle("app", "");
        openPage();
        say(app, prefix + " apple 1", 1);
        say(app, prefix + " banana 2", 1);
        awaitShown(prefix, List.of(app.name() + "|stdout|" + prefix + " apple 1", app.name() + "|stdout|" + prefix + " banana 2"));

        type("filter", "BANANA");
        assertThat(shown(prefix)).containsExactly(app.name() + "|stdout|" + prefix + " banana 2");

        say(app, prefix + " apple 3", 1);
        say(app, prefix + " banana 4", 1);
        awaitShown(prefix, List.of(app.name() + "|stdout|" + prefix + " banana 2", app.name() + "|stdout|" + prefix + " banana 4"));

        browser.findElement(By.id("regex")).click();
        type("filter", "apple [13]$");
        assertThat(shown(prefix)).containsExactly(app.name() + "|stdout|" + prefix + " apple 1", app.name() + "|stdout|" + prefix + " apple 3");

        type("filter", "apple [");
        assertThat(browser.findElement(By.id("filter")).getAttribute("class")).contains("invalid");

        browser.findElement(By.id("filter")).clear();
        browser.findElement(By.id("filter")).sendKeys(" ");
        browser.findElement(By.id("filter")).clear();
        Await.until(WAIT, () -> shown(prefix).size() == 4, () -> "every line again, shown: " + shown(prefix));

        browser.findElement(By.id("stdout")).click();
        say(app, prefix + " on stderr", 2);
        awaitShown(prefix, List.of(app.name() + "|stderr|" + prefix + " on stderr"));
    }

    @Test
    void pauseHoldsLinesAndResumeReleasesThem() {
        TestContainer app = idle("pause", "");
        openPage();
        say(app, prefix + " shown", 1);
        awaitShown(prefix, List.of(app.name() + "|stdout|" + prefix + " shown"));

        browser.findElement(By.id("pause")).click();
        say(app, prefix + " held 1", 1);
        say(app, prefix + " held 2", 1);
        // The container's count proves both lines reached the page; they are not shown while paused.
        awaitCount(app, 3);
        assertThat(shown(prefix)).containsExactly(app.name() + "|stdout|" + prefix + " shown");
        assertThat(text("held")).matches("[0-9]+ held");
        assertThat(Integer.parseInt(text("held").split(" ")[0])).isGreaterThanOrEqualTo(2);

        browser.findElement(By.id("pause")).click();
        awaitShown(prefix, List.of(app.name() + "|stdout|" + prefix + " shown", app.name() + "|stdout|" + prefix + " held 1",
                app.name() + "|stdout|" + prefix + " held 2"));
        assertThat(text("held")).isEmpty();
    }

    @Test
    void aRouteCreatedOnThePageRoutesToATcpSinkAndIsDeletedThere() {
        TcpSink sink = live.sink();
        TestContainer app = idle("routed", "");
        openPage();
        Await.until(WAIT, () -> browser.findElement(By.id("route-form")).isDisplayed(), () -> "the new route form");

        type("route-adapter", "nosuch+tcp");
        type("route-address", sink.address());
        browser.findElement(By.id("route-create")).click();
        Await.until(WAIT, () -> text("route-error").contains("unknown adapter 'nosuch'"), () -> "the 400's reason, the page says '"
                + text("route-error") + "'");

        type("route-adapter", "raw+tcp");
        type("route-filter-name", app.name());
        browser.findElement(By.id("route-create")).click();
        By row = By.cssSelector("#routes tbody tr");
        Await.until(WAIT, () -> browser.findElements(row).size() == 1 && browser.findElement(row).getText().contains(sink.address()),
                () -> "the route in the routes table");
        assertThat(text("route-error")).isEmpty();

        say(app, prefix + " routed", 1);
        assertThat(sink.awaitLine(line -> line.contains(prefix + " routed"), WAIT)).isEqualTo(prefix + " routed");
        Await.until(WAIT, () -> browser.findElement(row).getText().contains("connected"), () -> "the route connected");

        WebElement delete = browser.findElement(By.cssSelector("#routes tbody tr button.delete"));
        delete.click();
        delete.click();
        Await.until(WAIT, () -> browser.findElements(row).isEmpty(), () -> "the route gone from the table");
        assertThat(logspout.routes().channels()).isEmpty();
    }

    @Test
    void theRoutesPanelShowsARouteLaggingBehindAStalledDestinationThenCaughtUp() {
        TcpSink stalled = live.closing(TcpSink.start(4096));
        stalled.stall();
        int lines = 8_000;
        String padding = "x".repeat(1190);
        // A small queue and stall timeout: the route falls behind at once and catches up from Docker's log.
        try (Logspout lagging = Logspout.builder()
                .config(Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0",
                        "ROUTE_QUEUE_SIZE", "100", "ROUTE_STALL_TIMEOUT", "1s")))
                .routes("tcp://" + stalled.address() + "?filter.name=" + prefix + "-*")
                .build()
                .start()) {
            // 9.6 MB: beyond the queue and the socket buffers (the sender's grows to 4 MB) of the destination that reads nothing.
            TestContainer app = idle("lagging", "seq 1 " + lines + " | sed 's/$/ " + padding + "/'; echo done; ");
            browser.get("http://127.0.0.1:" + lagging.service(HttpServer.class).orElseThrow().address().getPort() + "/");
            Await.until(WAIT, () -> routeCell(5).matches("[1-9][0-9]* s|[0-9]+ min") && routeCell(0).contains("behind on 1 container"),
                    () -> "the route lagging and behind, the panel says '" + routeCell(0) + "', lag '" + routeCell(5) + "'");
            assertThat(routeCell(0)).startsWith("raw+tcp://" + stalled.address());

            stalled.resume();
            stalled.awaitLine("done"::equals, WAIT);
            say(app, "rejoined", 1); // the next live line hands the route back to the live reader
            stalled.awaitLine("rejoined"::equals, WAIT);
            Await.until(WAIT, () -> routeCell(5).equals("0 s") && routeCell(0).equals("raw+tcp://" + stalled.address()),
                    () -> "the route caught up, the panel says '" + routeCell(0) + "', lag '" + routeCell(5) + "'");
            assertThat(stalled.lines()).hasSize(lines + 2);
            assertThat(routeCell(4)).isEqualTo("0");
        }
    }

    /** The text of a cell of the routes panel's only row (0 the route, 5 its lag), read in one script as the panel is redrawn. */
    private static String routeCell(int index) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const row = document.querySelector('#routes tbody tr'); return row ? row.cells[arguments[0]].innerText.trim() : '';", index));
    }

    @Test
    void followStopsWhenTheReaderScrollsUpAndJsonLinesArePrettyOnDemand() {
        TestContainer app = idle("follow", "i=0; while [ $i -lt 200 ]; do i=$((i+1)); echo filler $i; done; ");
        openPage();
        JavascriptExecutor page = (JavascriptExecutor) browser;
        String atBottom = "const p = document.getElementById('log-pane'); return p.scrollTop + p.clientHeight >= p.scrollHeight - 4;";
        Await.until(WAIT, () -> Boolean.TRUE.equals(page.executeScript(atBottom)), () -> "the view at the newest line");

        new Actions(browser).scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(browser.findElement(By.id("log-pane"))), 0, -2000).perform();
        Await.until(WAIT, () -> browser.findElement(By.id("follow")).isDisplayed(), () -> "the follow button once scrolled up");
        say(app, "{\"level\":\"info\",\"msg\":\"" + prefix + "\"}", 1);
        awaitShown(prefix, List.of(app.name() + "|stdout|{\"level\":\"info\",\"msg\":\"" + prefix + "\"}"));
        assertThat(page.executeScript(atBottom)).as("the view stays where the reader scrolled").isEqualTo(false);

        browser.findElement(By.id("pretty")).click();
        assertThat(shown(prefix)).containsExactly(app.name() + "|stdout|{\n  \"level\": \"info\",\n  \"msg\": \"" + prefix + "\"\n}");

        browser.findElement(By.id("follow")).click();
        Await.until(WAIT, () -> Boolean.TRUE.equals(page.executeScript(atBottom)), () -> "the view back at the newest line: " + page.executeScript(
                "const p = document.getElementById('log-pane'); return [p.scrollTop, p.clientHeight, p.scrollHeight, document.getElementById('follow').hidden];"));
        assertThat(browser.findElement(By.id("follow")).isDisplayed()).isFalse();
    }

    @Test
    void withARoutesTokenThePageAsksForItBeforeItChangesRoutes() {
        TcpSink sink = live.sink();
        try (Logspout locked = Logspout.builder()
                .config(Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0", "ROUTES_TOKEN", "s3cret")))
                .build()
                .start()) {
            browser.get("http://127.0.0.1:" + locked.service(HttpServer.class).orElseThrow().address().getPort() + "/");
            Await.until(WAIT, () -> browser.findElement(By.id("token-form")).isDisplayed(), () -> "the token form");
            assertThat(text("routes-note")).contains("ROUTES_TOKEN");
            assertThat(browser.findElement(By.id("route-form")).isDisplayed()).isFalse();

            type("route-token", "s3cret");
            browser.findElement(By.cssSelector("#token-form button")).click();
            Await.until(WAIT, () -> browser.findElement(By.id("route-form")).isDisplayed(), () -> "the new route form once the token is given");
            type("route-address", sink.address());
            browser.findElement(By.id("route-create")).click();
            Await.until(WAIT, () -> locked.routes().channels().size() == 1, () -> "the route created with the token");
            assertThat(locked.routes().channels().getFirst().route().address()).isEqualTo(sink.address());
        }
    }

    @Test
    void recentLinesAndTheFilesAnswerBadRequestsWithTheirReason() throws Exception {
        // A second between the lines: stdout and stderr are separate pipes, and lines written at once
        // may reach Docker's log in another order than they were written.
        TestContainer app = idle("recent", "echo " + prefix + "-1; sleep 1; echo " + prefix + "-2 >&2; sleep 1; echo " + prefix + "-3; ");
        // The container's lines are in Docker's log once it has written them all.
        Await.until(WAIT, () -> get("/ui/recent?lines=2").body().contains(prefix + "-3"), () -> "the container's last line in /ui/recent");
        HttpResponse<String> recent = get("/ui/recent?lines=2");
        assertThat(recent.statusCode()).isEqualTo(200);
        assertThat(recent.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(recent.body()).doesNotContain(prefix + "-1\"")
                .contains("\"id\":\"" + app.shortId() + "\",\"name\":\"" + app.name() + "\",\"source\":\"stderr\",\"data\":\"" + prefix + "-2\"",
                        "\"source\":\"stdout\",\"data\":\"" + prefix + "-3\"");

        HttpResponse<String> bad = get("/ui/recent?lines=1001");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("Bad request: lines=1001 is not a number of lines from 1 to 1000\n");
        assertThat(get("/ui/nosuch").statusCode()).isEqualTo(404);
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(server.resolve("/ui/app.js")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The modules the server's name lists, as the banner shows it: {@code http[logs,ui,health]:8000}. */
    private static List<String> modules(HttpServer http) {
        String name = http.name();
        return List.of(name.substring(name.indexOf('[') + 1, name.indexOf(']')).split(","));
    }

    @Test
    void uiFalseServesNothingAndTheBannerDoesNotListIt() throws Exception {
        try (Logspout off = Logspout.builder()
                .config(Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0", "UI", "false")))
                .build()
                .start()) {
            HttpServer http = off.service(HttpServer.class).orElseThrow();
            int port = http.address().getPort();
            // The banner's jobs line names the server's modules: the log view is not among them.
            assertThat(modules(http)).contains("health").doesNotContain("ui");
            assertThat(modules(logspout.service(HttpServer.class).orElseThrow())).contains("ui", "health");
            for (String path : List.of("/", "/ui/", "/ui/app.js")) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
            }
        }
    }
}
