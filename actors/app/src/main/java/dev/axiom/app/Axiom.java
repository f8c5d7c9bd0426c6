package dev.axiom.app;

import dev.axiom.data.DataFormatException;
import dev.axiom.run.TrainingFailedException;
import dev.axiom.run.config.SettingsException;
import dev.axiom.tensor.NonFiniteValueException;
import dev.axiom.train.CheckpointException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code axiom} command. User errors (bad configuration, bad data, a failed run) are printed as
 * one clear message without a stack trace and end with a non-zero exit code: 2 for bad input, 3
 * for a training run that failed.
 */
@Command(
        name = "axiom",
        mixinStandardHelpOptions = true,
        versionProvider = Axiom.Version.class,
        description = "Trains neural networks with attribution priors computed by expected gradients.",
        subcommands = {
            TrainCommand.class,
            EvaluateCommand.class,
            PredictCommand.class,
            ExplainCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            SoakCommand.class,
            CrashLoopCommand.class,
            NodeCommand.class,
            ExperimentCommand.class,
            ExportCommand.class,
            ServeCheckCommand.class,
            DashboardCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Axiom implements Runnable {

    /** Exit code for bad input: configuration, data, arguments. */
    public static final int BAD_INPUT = 2;
    /** Exit code for a training run that failed (for example a NaN loss). */
    public static final int FAILED = 3;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Entry point. */
    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Axiom());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            int code = exitCode(e);
            if (code == 1) {
                throw e;
            }
            PrintWriter err = commandLine.getErr();
            err.println("axiom: error: " + oneLine(message(e)));
            err.flush();
            return code;
        });
        return cli.execute(args);
    }

    /** The message of a user error, with the reason of a failed file operation. */
    private static String message(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            message += " (" + reason(u.getCause()) + ")";
        }
        return message;
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory: " + e.getMessage();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied: " + e.getMessage();
        }
        if (e instanceof FileAlreadyExistsException) {
            return e.getMessage() + " exists and is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + ": " + f.getFile();
        }
        return String.valueOf(e.getMessage());
    }

    /** Messages are printed on one line (some libraries' messages span several). */
    private static String oneLine(String message) {
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static int exitCode(Throwable e) {
        if (e instanceof TrainingFailedException || e instanceof NonFiniteValueException) {
            return FAILED;
        }
        if (e instanceof SettingsException
                || e instanceof DataFormatException
                || e instanceof CheckpointException
                || e instanceof IllegalArgumentException
                || e instanceof UncheckedIOException) {
            return BAD_INPUT;
        }
        return 1;
    }

    /** The version, from the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Axiom.class.getPackage().getImplementationVersion();
            return new String[] {"axiom " + (v == null ? "(development build)" : v)};
        }
    }
}
