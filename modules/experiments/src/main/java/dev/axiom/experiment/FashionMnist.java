package dev.axiom.experiment;

import java.nio.file.Path;
import java.util.List;

/** The full Fashion-MNIST of the image experiments: its four IDX files in a folder, and its class names. */
public final class FashionMnist {

    /** The ten classes, in label order. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The four IDX files of the set. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

    /**
     * Checks that {@code folder} holds the four files.
     *
     * @throws IllegalArgumentException naming the first missing one and how to give the folder
     */
    public static void requireFiles(Path folder) {
        for (String f : FILES) {
            if (!java.nio.file.Files.isRegularFile(folder.resolve(f))) {
                throw new IllegalArgumentException("the full Fashion-MNIST file " + folder.resolve(f)
                        + " is missing; give the folder with --data fashion-mnist=PATH or use --quick (the embedded subset)");
            }
        }
    }

    /** Run settings that read the data set from {@code folder} and name its classes. */
    public static List<String> settings(Path folder) {
        StringBuilder names = new StringBuilder();
        for (String name : CLASS_NAMES) {
            names.append(names.length() == 0 ? "" : ", ").append('"').append(name).append('"');
        }
        return List.of(
                "axiom.data.idx.train-images=\"" + folder.resolve("train-images-idx3-ubyte.gz") + "\"",
                "axiom.data.idx.train-labels=\"" + folder.resolve("train-labels-idx1-ubyte.gz") + "\"",
                "axiom.data.idx.test-images=\"" + folder.resolve("t10k-images-idx3-ubyte.gz") + "\"",
                "axiom.data.idx.test-labels=\"" + folder.resolve("t10k-labels-idx1-ubyte.gz") + "\"",
                "axiom.data.idx.class-names=[" + names + "]");
    }
}
