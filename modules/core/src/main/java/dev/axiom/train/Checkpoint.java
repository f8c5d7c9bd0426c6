package dev.axiom.train;

import dev.axiom.nn.Network;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything needed to continue training exactly: the network's named arrays, the optimiser's
 * slots, and where the loop was (epoch, batch, step, step-generator state), with the network's
 * architecture for checking.
 *
 * <p>A checkpoint is a directory of two checksummed files, {@code network.bin} and
 * {@code optimizer.bin}. {@link #write} writes into a temporary directory and renames it into
 * place, so a crash while saving never damages the previous checkpoint.
 *
 * @param architecture the network's {@code Architecture.describe()}
 * @param network the network's named arrays
 * @param loop the loop's state (with the optimiser state)
 */
public record Checkpoint(String architecture, Map<String, float[]> network, LoopState loop) {

    private static final String NETWORK = "network.bin";
    private static final String OPTIMIZER = "optimizer.bin";

    /** A checkpoint of {@code net} trained by {@code loop}. */
    public static Checkpoint of(Network net, TrainingLoop loop) {
        return new Checkpoint(net.architecture().describe(), net.exportState(), loop.state());
    }

    /** Writes into {@code dir} atomically (the directory must not exist yet). */
    public void write(Path dir) {
        Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
        try {
            deleteRecursively(tmp);
            Files.createDirectories(tmp);
            LoopState s = loop;
            String header = String.join(
                    "\n",
                    "architecture=" + architecture,
                    "epoch=" + s.epoch(),
                    "batchInEpoch=" + s.batchInEpoch(),
                    "step=" + s.step(),
                    "rng=" + Arrays.toString(s.rng()).replaceAll("[\\[\\] ]", ""));
            ArrayFile.write(tmp.resolve(NETWORK), header, network);
            OptimizerState o = s.optimizer();
            ArrayFile.write(tmp.resolve(OPTIMIZER), o.kind() + "\n" + o.updates(), o.slots());
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            syncDirectory(dir.getParent());
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CheckpointException("cannot write checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a checkpoint directory.
     *
     * @throws CheckpointException naming the file if it is missing, truncated or corrupt
     */
    public static Checkpoint read(Path dir) {
        try {
            ArrayFile.Content net = ArrayFile.read(dir.resolve(NETWORK));
            ArrayFile.Content opt = ArrayFile.read(dir.resolve(OPTIMIZER));
            Path netFile = dir.resolve(NETWORK);
            Map<String, String> header = new LinkedHashMap<>();
            for (String line : net.header().split("\n")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    throw corruptHeader(netFile, "line '" + abbreviate(line) + "' is not key=value");
                }
                header.put(line.substring(0, eq), line.substring(eq + 1));
            }
            long[] rng;
            try {
                rng = Arrays.stream(field(header, "rng", netFile).split(",")).mapToLong(Long::parseLong).toArray();
            } catch (NumberFormatException e) {
                throw corruptHeader(netFile, "rng is '" + abbreviate(header.get("rng")) + "'");
            }
            String[] optHeader = opt.header().split("\n");
            if (optHeader.length != 2) {
                throw corruptHeader(dir.resolve(OPTIMIZER), "expected the optimiser's kind and update count on two lines");
            }
            LoopState loop = new LoopState(
                    (int) number(header, "epoch", netFile),
                    (int) number(header, "batchInEpoch", netFile),
                    number(header, "step", netFile),
                    rng,
                    new OptimizerState(optHeader[0], number(Map.of("updates", optHeader[1]), "updates",
                            dir.resolve(OPTIMIZER)), opt.arrays()));
            field(header, "architecture", netFile);
            return new Checkpoint(header.get("architecture"), net.arrays(), loop);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CheckpointException ce) {
                throw ce;
            }
            throw new CheckpointException("cannot read checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String field(Map<String, String> header, String key, Path file) {
        String value = header.get(key);
        if (value == null) {
            throw corruptHeader(file, "no " + key);
        }
        return value;
    }

    private static long number(Map<String, String> header, String key, Path file) {
        String value = field(header, key, file);
        try {
            long n = Long.parseLong(value);
            if (n < 0 || (!key.equals("step") && !key.equals("updates") && n > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw corruptHeader(file, key + " is '" + abbreviate(value) + "', not a count");
        }
    }

    private static CheckpointException corruptHeader(Path file, String what) {
        return new CheckpointException(file + ": corrupt header (" + what + ")");
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /**
     * Loads the network arrays into {@code net} and the loop state into {@code loop}.
     *
     * @throws CheckpointException if the checkpoint is of another architecture
     */
    public void restore(Network net, TrainingLoop loop) {
        if (!net.architecture().describe().equals(architecture)) {
            throw new CheckpointException(
                    "the checkpoint is of architecture '" + architecture + "' but the network is '"
                            + net.architecture().describe() + "'");
        }
        net.loadState(network);
        if (loop != null) {
            loop.restore(this.loop);
        }
    }

    /** Makes the rename durable (a no-op where directories cannot be opened, as on Windows). */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the files themselves were forced
        }
    }

    /** Removes a half-written temporary directory (on a full disk, so that it frees the space). */
    private static void deleteQuietly(Path tmp) {
        try {
            deleteRecursively(tmp);
        } catch (IOException ignored) {
            // left for the next write, which deletes it first
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
