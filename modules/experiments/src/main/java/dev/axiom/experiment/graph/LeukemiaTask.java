package dev.axiom.experiment.graph;

import dev.axiom.data.CsvOptions;
import dev.axiom.data.CsvReader;
import dev.axiom.data.DataSource;
import dev.axiom.data.Dataset;
import dev.axiom.data.EdgeListReader;
import dev.axiom.prior.graph.FeatureGraph;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The ALL leukemia expression table (3,000 genes) with one binary phenotype as the label (samples
 * without it dropped), and the GO biological-process gene graph over the same genes.
 *
 * @param data expression (unscaled RMA log2) and 0/1 labels
 * @param graph the gene graph, indexed like the features
 * @param location where the files were read from
 */
record LeukemiaTask(Dataset data, FeatureGraph graph, String location) {

    static final String EXPRESSION = "all_expression.csv";
    static final String PHENOTYPE = "all_phenotype.csv";
    static final String GRAPH = "all_graph_go_bp.csv";
    private static final String RESOURCE = "datasets/all-leukemia/";

    /**
     * The folder to read: {@code folder} if given (every file must exist there), else the copy
     * embedded on the class path, else {@code ../shared/data/all-leukemia}.
     *
     * @throws IllegalArgumentException naming the missing file
     */
    static String locate(Path folder) {
        if (folder == null && LeukemiaTask.class.getClassLoader().getResource(RESOURCE + EXPRESSION) != null) {
            return "classpath:" + RESOURCE;
        }
        Path dir = folder != null ? folder : Path.of("..", "shared", "data", "all-leukemia");
        for (String file : List.of(EXPRESSION, PHENOTYPE, GRAPH)) {
            Path p = dir.resolve(file);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("the ALL leukemia data is incomplete: " + p.toAbsolutePath()
                        + " does not exist (give the folder with --data all-leukemia=PATH)");
            }
        }
        return dir.toString() + "/";
    }

    /** Reads the task for phenotype column {@code target} (binary, e.g. {@code bcr_abl}) from {@code location}. */
    static LeukemiaTask load(String location, String target) {
        CsvOptions options = new CsvOptions(target, "binary", List.of(), List.of(), "sample_id", "error", true);
        Dataset data = CsvReader.read(new DataSource(location + EXPRESSION), new DataSource(location + PHENOTYPE), options);
        EdgeListReader.Result edges = EdgeListReader.read(new DataSource(location + GRAPH), data.featureNames(), false, w -> {});
        return new LeukemiaTask(data, edges.graph(), location);
    }

    /** Number of samples with label 1. */
    int positives() {
        int n = 0;
        for (float y : data.labelArray()) {
            n += y > 0.5f ? 1 : 0;
        }
        return n;
    }
}
