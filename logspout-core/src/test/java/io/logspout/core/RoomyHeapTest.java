package io.logspout.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RoomyHeapTest {
    private static final HotSpotDiagnosticMXBean VM = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);

    @Test
    void aBoundedHeapKeepsTheJvmsOptions() {
        String before = VM.getVMOption("MaxHeapFreeRatio").getValue();

        assertThat(RoomyHeap.shrinkAfterStart(LoggerFactory.getLogger(RoomyHeapTest.class), Banner.ROOMY_HEAP_BYTES)).isFalse();

        assertThat(VM.getVMOption("MaxHeapFreeRatio").getValue()).isEqualTo(before);
    }

    @Test
    void aRoomyHeapIsLetShrinkThroughTheManageableOptions() {
        assertThat(RoomyHeap.shrinkAfterStart(LoggerFactory.getLogger(RoomyHeapTest.class), 4L << 30)).isTrue();

        for (Map.Entry<String, String> setting : RoomyHeap.SHRINKING) {
            assertThat(VM.getVMOption(setting.getKey()).getValue()).as(setting.getKey()).isEqualTo(setting.getValue());
        }
    }
}
