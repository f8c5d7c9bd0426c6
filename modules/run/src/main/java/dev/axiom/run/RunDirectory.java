package dev.axiom.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The layout of a run directory:
 *
 * <pre>
 * config.conf          the resolved configuration (HOCON)
 * provenance.json      seeds, data file hashes, library versions, git commit, command
 * preprocessing.json   feature means and scales fitted on the training split
 * metrics.jsonl        one JSON object per logged step and per evaluation
 * checkpoints/step-N/  network, optimiser and loop state (see dev.axiom.train.Checkpoint)
 * model.onnx           a copy of the imported model (axiom.model.architecture = onnx)
 * report.md, figures/  the report
 * </pre>
 *
 * @param root the directory
 */
public record RunDirectory(Path root) {

    /** The directory, created if needed. */
    public static RunDirectory create(Path root) {
        try {
            Files.createDirectories(root.resolve("checkpoints"));
            return new RunDirectory(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create run directory " + root, e);
        }
    }

    /**
     * An existing run directory.
     *
     * @throws IllegalArgumentException if it is not one (no config.conf)
     */
    public static RunDirectory existing(Path root) {
        if (!Files.isRegularFile(root.resolve("config.conf"))) {
            throw new IllegalArgumentException(root + " is not a run directory (it has no config.conf)");
        }
        return new RunDirectory(root);
    }

    /** The resolved configuration. */
    public Path config() {
        return root.resolve("config.conf");
    }

    /**
     * The run's settings, as {@code config.conf} says, with the imported model read from the run's
     * own copy ({@link #importedModel()}), wherever the directory has moved.
     */
    public dev.axiom.run.config.RunSettings settings() {
        return settings(List.of());
    }

    /** {@link #settings()} with {@code overrides} ({@code KEY=VALUE}) applied on top of {@code config.conf}. */
    public dev.axiom.run.config.RunSettings settings(List<String> overrides) {
        com.typesafe.config.Config config = dev.axiom.run.config.SettingsLoader.load(config(), overrides);
        return dev.axiom.run.config.RunSettings.from(withOwnModel(config));
    }

    /** {@code config} with a relative {@code axiom.model.onnx.file} resolved against this directory. */
    com.typesafe.config.Config withOwnModel(com.typesafe.config.Config config) {
        String key = "axiom.model.onnx.file";
        if (config.getIsNull(key) || Path.of(config.getString(key)).isAbsolute()) {
            return config;
        }
        return config.withValue(key, com.typesafe.config.ConfigValueFactory.fromAnyRef(root.resolve(config.getString(key)).toString()));
    }

    /** The run's copy of its imported model. */
    public Path importedModel() {
        return root.resolve("model.onnx");
    }

    /** Provenance. */
    public Path provenance() {
        return root.resolve("provenance.json");
    }

    /** Preprocessing fitted on the training split. */
    public Path preprocessing() {
        return root.resolve("preprocessing.json");
    }

    /** The metrics log. */
    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    /** The report. */
    public Path report() {
        return root.resolve("report.md");
    }

    /** Where figures go. */
    public Path figures() {
        return root.resolve("figures");
    }

    /** Checkpoint directory for {@code step}. */
    public Path checkpoint(long step) {
        return root.resolve("checkpoints").resolve(String.format("step-%09d", step));
    }

    /** Checkpoints, oldest first. */
    public List<Path> checkpoints() {
        Path dir = root.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d+") && Files.isDirectory(p))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The newest checkpoint, if any. */
    public Optional<Path> latestCheckpoint() {
        List<Path> all = checkpoints();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * Moves {@code checkpoint} out of the run's checkpoints into {@code checkpoints/set-aside/}
     * (kept, never loaded again); returns where it went.
     */
    public Path setAside(Path checkpoint) {
        Path folder = root.resolve("checkpoints").resolve("set-aside");
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(checkpoint.getFileName());
            for (int n = 2; Files.exists(target); n++) {
                target = folder.resolve(checkpoint.getFileName() + "-" + n);
            }
            return Files.move(checkpoint, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a checkpoint directory. */
    public static void delete(Path checkpoint) {
        try (Stream<Path> walk = Files.walk(checkpoint)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + checkpoint, e);
        }
    }
}
