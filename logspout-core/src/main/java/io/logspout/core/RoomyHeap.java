package io.logspout.core;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * What the {@code logspout} command does about a heap sized from the host's memory, as plain
 * {@code java -jar logspout.jar} gets it (G1, a 64th of the host's memory at start and up to a
 * quarter): the JVM keeps every region startup touched, some 45 MB, and gives back little after
 * a burst. A JVM cannot choose its own start options, but these are manageable at run time: the
 * heap is let shrink to what it holds (free ratios of 10 to 30 % instead of 40 to 70 %), one
 * collection after start drops start's garbage, and G1 collects once a minute when idle, so
 * that the heap shrinks again after a burst. Options set on the command line are left as they are;
 * a bounded heap (scripts/run.sh, the image) is left alone.
 */
final class RoomyHeap {
    /** Start is over by then (the engine attached, its containers' streams opened). */
    static final Duration SETTLED = Duration.ofSeconds(5);
    /** In this order: the JVM refuses a maximum free ratio below the minimum in force. */
    static final List<Map.Entry<String, String>> SHRINKING = List.of(
            Map.entry("MinHeapFreeRatio", "10"),
            Map.entry("MaxHeapFreeRatio", "30"),
            Map.entry("G1PeriodicGCInterval", "60000"));

    private RoomyHeap() {
    }

    /**
     * Sets {@link #SHRINKING} and collects once {@link #SETTLED} from now, when the heap's bound
     * ({@link Runtime#maxMemory()}) is roomy; says whether it was.
     */
    static boolean shrinkAfterStart(Logger log, long maxHeapBytes) {
        if (maxHeapBytes <= Banner.ROOMY_HEAP_BYTES) {
            return false;
        }
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        for (Map.Entry<String, String> setting : SHRINKING) {
            try {
                if (vm.getVMOption(setting.getKey()).getOrigin() == VMOption.Origin.DEFAULT) {
                    vm.setVMOption(setting.getKey(), setting.getValue());
                }
            } catch (IllegalArgumentException e) {
                // a JVM without the option, or a maximum free ratio set below 10 on the command line
                log.debug("heap: {} left as it is: {}", setting.getKey(), e.getMessage());
            }
        }
        Thread.ofVirtual().name("heap-shrink").start(() -> {
            try {
                Thread.sleep(SETTLED);
                System.gc();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return true;
    }
}
