package dev.axiom.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.joran.spi.JoranException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.axiom.run.config.RunSettings;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * The format of the process's log lines, {@code axiom.logging.format}, switched once the run's
 * settings are known. {@code text} leaves logback's configuration ({@code logback.xml}) as it is;
 * {@code json} gives every appender of the root logger an encoder that writes one JSON object per
 * line: {@code timestamp}, {@code level}, {@code logger}, {@code thread}, {@code message}, {@code
 * run_id} (the run directory's name, on every line of every thread: one run per process), the
 * key-value pairs of the log call ({@code step}, {@code epoch}, {@code event}, …) and the MDC.
 */
public final class LogFormat {

    private static volatile boolean json;

    private LogFormat() {}

    /** Applies {@code logging} for the run in {@code runDirectory}. */
    public static void apply(RunSettings.Logging logging, Path runDirectory) {
        if (logging.json()) {
            useJson(runId(runDirectory));
        }
    }

    /** The run id of log lines: the run directory's file name, e.g. {@code run-20261207-101500}. */
    public static String runId(Path runDirectory) {
        Path name = runDirectory.toAbsolutePath().normalize().getFileName();
        return name == null ? runDirectory.toString() : name.toString();
    }

    /** Whether log lines are JSON (the terminal's progress bar is then left out). */
    static boolean json() {
        return json;
    }

    /** Switches every appender of the root logger to JSON lines carrying {@code runId}. */
    static synchronized void useJson(String runId) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J backend: its own configuration decides
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
                appender.stop();
                appender.setEncoder(encoder(context, runId));
                appender.start();
            }
        }
        json = true;
    }

    /** Back to the configuration files (logback-test.xml or logback.xml), as at start. */
    static synchronized void reset() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        context.reset();
        try {
            new ContextInitializer(context).autoConfig();
        } catch (JoranException e) {
            throw new IllegalStateException("cannot reload the logging configuration", e);
        }
        json = false;
    }

    private static LogstashEncoder encoder(LoggerContext context, String runId) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        LogstashFieldNames names = encoder.getFieldNames();
        names.setTimestamp("timestamp");
        names.setLogger("logger");
        names.setThread("thread");
        names.setVersion(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
        names.setLevelValue(LogstashFieldNames.IGNORE_FIELD_INDICATOR);
        encoder.setIncludeContext(false);
        try {
            encoder.setCustomFields(new ObjectMapper().writeValueAsString(Map.of("run_id", runId)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        encoder.start();
        return encoder;
    }
}
