package dev.axiom.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code axiom crash-loop}: SIGKILL a training run at seeded moments, resume it, compare with an uninterrupted run. */
@Command(name = "crash-loop", mixinStandardHelpOptions = true,
        description = {
            "Trains a run to the end; trains it again in a child JVM killed with SIGKILL at --kills seeded moments",
            "(every other one as a checkpoint write begins) and resumed each time; compares the final network and",
            "optimizer files of the two byte for byte. Exit 0 if identical, 3 if not."
        })
final class CrashLoopCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "HOCON settings of the run.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--kills", defaultValue = "10", description = "SIGKILLs (default: ${DEFAULT-VALUE}).")
    int kills;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the kill moments (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the two runs and their logs (must not exist).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (java.nio.file.Files.exists(out)) {
            throw new IllegalArgumentException("--out " + out + " exists; give a new folder");
        }
        if (kills < 1) {
            throw new IllegalArgumentException("--kills must be at least 1, got " + kills);
        }
        List<String> arguments = new ArrayList<>();
        if (config != null) {
            arguments.addAll(List.of("--config", config.toAbsolutePath().toString()));
        }
        overrides.forEach(o -> arguments.addAll(List.of("--set", o)));
        CrashLoop.Result result = new CrashLoop(arguments, kills, seed, out, System.out).run();
        dev.axiom.run.Json.write(out.resolve("crash-loop.json"), java.util.Map.of(
                "kills", result.kills().size(),
                "kills_during_checkpoint_writes", result.duringCheckpointWrites(),
                "kill_steps", result.kills().stream().map(CrashLoop.Kill::afterLoggedStep).toList(),
                "steps", result.steps(),
                "final_checkpoint", result.checkpoint(),
                "identical", result.identical(),
                "seconds", result.seconds(),
                "seed", seed,
                "train_arguments", arguments));
        return result.identical() ? 0 : Axiom.FAILED;
    }
}
