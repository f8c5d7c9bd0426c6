package dev.axiom.run.data;

import dev.axiom.data.CsvOptions;
import dev.axiom.data.CsvReader;
import dev.axiom.data.DataFormatException;
import dev.axiom.data.DataSource;
import dev.axiom.data.Dataset;
import dev.axiom.data.EdgeListReader;
import dev.axiom.data.IdxReader;
import dev.axiom.data.Preprocessing;
import dev.axiom.data.Splits;
import dev.axiom.data.TableEncoding;
import dev.axiom.prior.graph.FeatureGraph;
import dev.axiom.run.config.RunSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a run's data as its settings say: IDX images (with their own test files; validation held
 * out of the training files) or a CSV table (split into training, validation and test), stratified
 * by class and seeded; preprocessing fitted on the training split only; the feature graph matched
 * to the feature names.
 */
public final class DataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DataLoader.class);

    private DataLoader() {}

    /**
     * Loads the data.
     *
     * @throws DataFormatException naming the file and the problem
     */
    public static RunData load(RunSettings settings) {
        RunSettings.Data d = settings.data();
        Map<String, String> files = new LinkedHashMap<>();
        if (d.format().equals("idx")) {
            RunSettings.Idx idx = d.idx();
            Dataset trainAll = IdxReader.read(source(idx.trainImages(), files), source(idx.trainLabels(), files));
            Dataset test = IdxReader.read(source(idx.testImages(), files), source(idx.testLabels(), files));
            Splits.Split split = Splits.split(trainAll, d.validationFraction(), 0, settings.seed());
            Preprocessing identity = Preprocessing.identity(trainAll.featureCount());
            List<String> names = ClassNames.of(idx, trainAll, files);
            return new RunData(split.train(), split.validation(), test, identity, null, names, files, true, null);
        }
        if (d.format().equals("image-folder")) {
            return ImageFolders.load(settings, files);
        }
        return table(settings, files);
    }

    /**
     * A CSV table: labelled rows split (stratified, seeded), the columns' encoding fitted on the
     * training split, standardisation fitted on its encoded numbers.
     */
    private static RunData table(RunSettings settings, Map<String, String> files) {
        RunSettings.Data d = settings.data();
        RunSettings.Csv c = d.csv();
        CsvOptions options = c.options();
        CsvReader.Table table = CsvReader.table(source(c.path(), files));
        CsvReader.Table labels = c.labelPath() == null ? null : CsvReader.table(source(c.labelPath(), files));
        CsvReader.Labelled labelled = CsvReader.labelled(table, options, labels);
        Splits.Parts parts = Splits.parts(
                labelled.kind(), labelled.labels(), d.validationFraction(), d.testFraction(), settings.seed());
        TableEncoding encoding = TableEncoding.fit(
                table, CsvReader.featureColumns(table, options), labelled.tableRows(parts.train()), options);
        Dataset train = labelled.dataset(encoding, parts.train());
        Preprocessing pre = Preprocessing.fit(train, d.standardize(), encoding.measured());
        FeatureGraph graph = null;
        if (d.graph().path() != null) {
            List<String> nodes = settings.prior().groupCategorical() ? encoding.columnNames() : encoding.featureNames();
            EdgeListReader.Result result = EdgeListReader.read(
                    source(d.graph().path(), files), nodes, d.graph().dropUnmatched(), LOG::warn);
            List<String> isolated = result.isolatedFeatures();
            if (!isolated.isEmpty()) {
                LOG.info("{} of {} features have no edge in the graph {}: {}", isolated.size(), nodes.size(),
                        d.graph().path(), isolated.size() <= 10 ? isolated : isolated.subList(0, 10) + " and "
                                + (isolated.size() - 10) + " more");
            }
            graph = result.graph();
        }
        if (!encoding.oneFeaturePerColumn()) {
            LOG.info("{}: {} columns encoded as {} features ({})", table.location(), encoding.columns().size(),
                    encoding.featureNames().size(), encoding.columns().stream()
                            .filter(col -> col instanceof TableEncoding.Categorical)
                            .map(col -> col.name() + ": " + col.featureNames().size() + " categories")
                            .toList());
        }
        return new RunData(
                pre.apply(train),
                pre.apply(labelled.dataset(encoding, parts.validation())),
                pre.apply(labelled.dataset(encoding, parts.test())),
                pre,
                graph,
                labelled.labelValues(),
                files,
                false,
                encoding);
    }

    /**
     * Reads another data file in the run's format for {@code predict} and {@code explain}: IDX
     * images (labels from the matching labels file when given) or a CSV table with the run's
     * columns, preprocessed like the run's training data.
     */
    public static Dataset loadOther(RunSettings settings, RunData run, String path, String labelsPath) {
        Map<String, String> ignored = new LinkedHashMap<>();
        if (settings.data().format().equals("image-folder")) {
            return ImageFolders.readOther(settings, run, path);
        }
        if (settings.data().format().equals("idx")) {
            if (labelsPath == null) {
                throw new DataFormatException(path + ": IDX images need their labels file too (--labels)");
            }
            return IdxReader.read(source(path, ignored), source(labelsPath, ignored));
        }
        CsvOptions options = settings.data().csv().options()
                .withFeatures(run.encoding().columnNames())
                .withLabelValues(run.classNames());
        CsvReader.Table table = CsvReader.table(source(path, ignored));
        CsvReader.Labelled labelled = CsvReader.labelled(table, options, null);
        return run.preprocessing().apply(labelled.dataset(run.encoding()));
    }

    private static DataSource source(String location, Map<String, String> files) {
        DataSource s = new DataSource(location);
        files.put(location, s.sha256());
        return s;
    }
}
