package io.logspout.core;

import io.logspout.api.AdapterFactory;
import io.logspout.api.Config;
import io.logspout.api.Job;
import io.logspout.api.Route;
import io.logspout.core.store.FileRouteStoreFactory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;

/** logspout's startup banner (to the log, stderr) and routes table (to stdout), in its style. */
final class Banner {
    private static final int TAB_WIDTH = 8;
    /** A heap bound above this is far more than logspout needs (bench/footprint.sh: about 8 MB in use when idle). */
    static final long ROOMY_HEAP_BYTES = 512L << 20;
    /** scripts/run.sh's and the image's JVM options, which say why. */
    static final String SMALL_HOST_OPTIONS = "-XX:+UseSerialGC -Xms8m -Xmx128m -XX:TieredStopAtLevel=1";

    private Banner() {
    }

    static void log(Logger log, Logspout logspout) {
        Config config = logspout.config();
        TreeSet<String> adapters = new TreeSet<>(logspout.plugins().adapters().keySet());
        boolean bareAlias = logspout.plugins().adapters().values().stream().anyMatch(AdapterFactory::standsForBareTransport);
        if (bareAlias) {
            adapters.addAll(logspout.plugins().transports().keySet()); // tcp:// and friends work as adapters too
        }
        // What runs, and the logspout release whose behaviour it keeps (this is not gliderlabs' build).
        log.info("# logspout-jvm {}, compatible with logspout {}", Version.get(), Version.COMPATIBLE_LOGSPOUT);
        log.info("# adapters: {}", String.join(" ", adapters));
        log.info("# transports: {}", String.join(" ", new TreeSet<>(logspout.plugins().transports().keySet())));
        List<String> jars = logspout.plugins().jarNames();
        if (!jars.isEmpty()) {
            log.info("# plugins : {}", String.join(" ", jars));
        }
        StringBuilder options = new StringBuilder("# options : ");
        config.get("DEBUG").ifPresent(value -> options.append("debug:").append(value).append(' '));
        config.get("BACKLOG").ifPresent(value -> options.append("backlog:").append(value).append(' '));
        String store = logspout.routeStoreName();
        options.append("persist:").append(switch (store) {
            case "" -> "none";
            case "file" -> config.get(FileRouteStoreFactory.SETTING, FileRouteStoreFactory.DEFAULT_PATH);
            default -> store;
        });
        log.info("{}", options);
        heapAdvice(Runtime.getRuntime().maxMemory()).ifPresent(advice -> log.info("# memory  : {}", advice));
    }

    /**
     * What to say about a heap far larger than logspout needs: the JVM's default (a quarter of the
     * host's memory) lets the heap, and so the process, grow far past what it uses, on a host
     * whose memory belongs to its containers.
     */
    static Optional<String> heapAdvice(long maxHeapBytes) {
        if (maxHeapBytes <= ROOMY_HEAP_BYTES) {
            return Optional.empty();
        }
        return Optional.of("the heap may grow to " + (maxHeapBytes >> 20) + " MB, far more than logspout needs; it is let shrink after start"
                + " and when idle (MinHeapFreeRatio, MaxHeapFreeRatio, G1PeriodicGCInterval), but scripts/run.sh and the image start java with "
                + SMALL_HOST_OPTIONS + ", which takes less memory still (about 75 MB in all when idle)");
    }

    /** The jobs line, once they are set up: a job's name may say what it set up ({@code http[logs,routes,health]:80}). */
    static void jobs(Logger log, Logspout logspout) {
        List<String> jobs = new ArrayList<>(List.of("routes"));
        logspout.jobs().stream().map(Job::name).filter(name -> !name.isEmpty()).forEach(jobs::add);
        log.info("# jobs    : {}", String.join(" ", jobs));
    }

    static void routes(Logger log, PrintStream out, List<Route> routes) {
        if (routes.isEmpty()) {
            log.info("# routes  : none");
            return;
        }
        log.info("# routes  :");
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"#   ADAPTER", "ADDRESS", "CONTAINERS", "SOURCES", "OPTIONS"});
        for (Route given : routes) {
            Route route = given.masked();
            rows.add(new String[] {
                "#   " + route.adapter(),
                route.address(),
                route.filterId() + route.filterName() + String.join(",", route.filterLabels()),
                String.join(",", route.filterSources()),
                goMap(route.options())});
        }
        out.print(tabulate(rows));
        out.flush();
    }

    /** Go's {@code fmt} form of a map: {@code map[a:1 b:2]}, keys sorted. */
    private static String goMap(Map<String, String> options) {
        StringBuilder text = new StringBuilder("map[");
        options.forEach((key, value) -> text.append(text.length() > 4 ? " " : "").append(key).append(':').append(value));
        return text.append(']').toString();
    }

    /** Columns padded with tabs to a multiple of the tab width, as Go's tabwriter does with padchar '\t'. */
    static String tabulate(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < columns - 1; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < columns; c++) {
                text.append(row[c]);
                if (c < columns - 1) {
                    int cell = (widths[c] + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
                    int tabs = (cell - row[c].length() + TAB_WIDTH - 1) / TAB_WIDTH;
                    text.append("\t".repeat(Math.max(1, tabs))); // Go writes none when a cell fills its column exactly
                }
            }
            text.append('\n');
        }
        return text.toString();
    }
}
