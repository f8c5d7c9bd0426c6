package dev.axiom.run.data;

import dev.axiom.data.DataFormatException;
import dev.axiom.data.DataSource;
import dev.axiom.data.Dataset;
import dev.axiom.run.config.RunSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names of an image data set's classes: those the settings give
 * ({@code axiom.data.idx.class-names}), else those the data carry (a {@value #FILE} beside the
 * training images, one name per line), else none, and reports use the class indices.
 */
final class ClassNames {

    /** The file of class names a data set may carry beside its training images. */
    static final String FILE = "class-names.txt";

    private ClassNames() {}

    /**
     * The class names for {@code train}, read from the settings or the data ({@code files} gains
     * the names file and its checksum when one is read).
     *
     * @throws DataFormatException if there are fewer names than classes in the labels
     */
    static List<String> of(RunSettings.Idx idx, Dataset train, Map<String, String> files) {
        int classes = classes(train);
        if (!idx.classNames().isEmpty()) {
            return checked(idx.classNames(), classes, "axiom.data.idx.class-names");
        }
        DataSource carried = new DataSource(idx.trainImages()).sibling(FILE);
        if (!carried.exists()) {
            return List.of();
        }
        files.put(carried.location(), carried.sha256());
        return checked(read(carried), classes, carried.location());
    }

    private static List<String> checked(List<String> names, int classes, String where) {
        if (names.size() < classes) {
            throw new DataFormatException(where + " names " + names.size() + " classes, but the training labels go up to "
                    + (classes - 1) + " (" + classes + " classes)");
        }
        return List.copyOf(names);
    }

    private static int classes(Dataset train) {
        int max = -1;
        for (float label : train.labelArray()) {
            max = Math.max(max, (int) label);
        }
        return max + 1;
    }

    private static List<String> read(DataSource source) {
        List<String> names = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(source.open(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    names.add(line.strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(source.location() + ": cannot be read", e);
        }
        return names;
    }
}
