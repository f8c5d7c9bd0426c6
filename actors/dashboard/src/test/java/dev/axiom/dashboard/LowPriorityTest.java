package dev.axiom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class LowPriorityTest {

    private static int niceness() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void raisesTheNicenessOfTheCallingThreadOnly() throws Exception {
        int mine = niceness();
        AtomicIntegerArray seen = new AtomicIntegerArray(3);
        Thread t = new Thread(() -> {
            try {
                seen.set(0, niceness());
                seen.set(1, LowPriority.apply(5) ? 1 : 0);
                seen.set(2, niceness());
            } catch (Exception e) {
                seen.set(1, -1);
            }
        });
        t.start();
        t.join();

        assertThat(seen.get(1)).as("renice worked").isEqualTo(1);
        assertThat(seen.get(2)).isEqualTo(Math.min(19, seen.get(0) + 5));
        assertThat(niceness()).as("the test thread is untouched").isEqualTo(mine);
    }
}
