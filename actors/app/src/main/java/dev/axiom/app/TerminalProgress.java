package dev.axiom.app;

import dev.axiom.run.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress as a bar on an interactive terminal, or as a log line every 30 seconds otherwise (CI,
 * files, pipes, and JSON log lines).
 */
final class TerminalProgress implements Progress {

    private static final Logger LOG = LoggerFactory.getLogger("progress");
    private static final long LOG_EVERY_NANOS = 30_000_000_000L;

    private ProgressBar bar;
    private String task;
    private long total;
    private long lastLog;
    private final boolean terminal = System.console() != null && System.getenv("AXIOM_NO_PROGRESS_BAR") == null;

    @Override
    public void start(String task, long total) {
        this.task = task;
        this.total = total;
        this.lastLog = System.nanoTime();
        if (terminal && !LogFormat.json()) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).build();
        }
    }

    @Override
    public void update(long done, String status) {
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(status);
        } else if (System.nanoTime() - lastLog > LOG_EVERY_NANOS) {
            lastLog = System.nanoTime();
            var line = LOG.atInfo().addKeyValue("event", "progress").addKeyValue("task", task)
                    .addKeyValue(task.equals("train") ? "step" : "done", done); // fields of JSON log lines
            if (total < 0) {
                line.log("{}: {} steps {}", task, done, status);
            } else {
                line.log("{}: {} / {} ({}%) {}", task, done, total, total == 0 ? 100 : 100 * done / total, status);
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
