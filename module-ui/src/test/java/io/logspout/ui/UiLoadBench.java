package io.logspout.ui;

import io.logspout.api.Config;
import io.logspout.core.Logspout;
import io.logspout.core.http.HttpServer;
import io.logspout.httpstream.HttpStreamModule;
import io.logspout.testsupport.ContainerSpec;
import io.logspout.testsupport.DockerHost;
import io.logspout.testsupport.TestContainer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * How the log view keeps up with a busy container (run by {@code bench/ui.sh}, not a test): an
 * embedded logspout, one container printing about {@code RATE} lines a second, headless chromium
 * following the page. Prints, every 5 seconds, the lines the page has received, its frames, the
 * share of its main thread in long tasks, how often the server cut it off as a slow client, and
 * the host's load.
 */
public final class UiLoadBench {
    private UiLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Duration length = Duration.ofSeconds(args.length > 1 ? Integer.parseInt(args[1]) : 30);
        try (DockerHost docker = DockerHost.connect();
                Logspout logspout = Logspout.builder()
                        .config(Config.environment().withOverrides(Map.of("HTTP_BIND_ADDRESS", "127.0.0.1", "PORT", "0")))
                        .build()
                        .start()) {
            HttpStreamModule stream = (HttpStreamModule) logspout.plugins().httpModules().get("logs");
            ChromeOptions options = new ChromeOptions();
            options.setBinary("/usr/bin/chromium");
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                    "--window-size=1280,800");
            WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver")).build(),
                    options);
            TestContainer busy = null;
            try {
                browser.get("http://127.0.0.1:" + logspout.service(HttpServer.class).orElseThrow().address().getPort() + "/");
                JavascriptExecutor page = (JavascriptExecutor) browser;
                page.executeScript("window.bench = {longMs: 0, frames: 0};"
                        + "new PerformanceObserver(l => { for (const e of l.getEntries()) bench.longMs += e.duration; }).observe({type: 'longtask'});"
                        + "const frame = () => { bench.frames++; requestAnimationFrame(frame); }; requestAnimationFrame(frame);");
                // A tenth of the rate every 100 ms (busybox sleeps in fractions of a second).
                busy = docker.run(ContainerSpec.script("while true; do seq " + rate / 10 + "; sleep 0.1; done").namePrefix("uibench"));
                System.out.printf("%5s %12s %10s %9s %10s %5s  %s%n", "s", "page lines", "lines/s", "frames/s", "long task", "cut", "load average");
                long start = System.nanoTime();
                long lastLines = 0;
                long lastFrames = 0;
                double lastLongMs = 0;
                long lastNanos = start;
                while (System.nanoTime() - start < length.toNanos()) {
                    LockSupport.parkNanos(Duration.ofSeconds(5).toNanos());
                    @SuppressWarnings("unchecked")
                    List<Object> state = (List<Object>) page.executeScript(
                            "const c = document.querySelector('#containers .count'); return [c ? Number(c.textContent) : 0, bench.frames, bench.longMs];");
                    long now = System.nanoTime();
                    double seconds = (now - lastNanos) / 1e9;
                    long lines = ((Number) state.get(0)).longValue();
                    long frames = ((Number) state.get(1)).longValue();
                    double longMs = ((Number) state.get(2)).doubleValue();
                    System.out.printf("%5.0f %12d %10.0f %9.1f %9.0f%% %5d  %s%n", (now - start) / 1e9, lines, (lines - lastLines) / seconds,
                            (frames - lastFrames) / seconds, (longMs - lastLongMs) / 10 / seconds, stream.slowClientsDisconnected(),
                            Files.readString(Path.of("/proc/loadavg")).trim());
                    lastLines = lines;
                    lastFrames = frames;
                    lastLongMs = longMs;
                    lastNanos = now;
                }
                System.out.printf("Docker's log of the container: %d lines in %.0f s%n", busy.logs().stdout().lines().count(),
                        (System.nanoTime() - start) / 1e9);
            } finally {
                browser.quit();
                if (busy != null) {
                    busy.remove();
                }
            }
        }
    }
}
