package dev.axiom.run.data;

import dev.axiom.data.Dataset;
import dev.axiom.data.ImageFolderReader;
import dev.axiom.data.Preprocessing;
import dev.axiom.data.Splits;
import dev.axiom.run.config.RunSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of a run from image folders ({@code axiom.data.format = image-folder}): the training
 * root's class folders name the classes; the test root, or else {@code test-fraction} of the
 * training images, is the test split.
 */
final class ImageFolders {

    private static final Logger LOG = LoggerFactory.getLogger(ImageFolders.class);

    private ImageFolders() {}

    static RunData load(RunSettings settings, Map<String, String> files) {
        RunSettings.Data d = settings.data();
        RunSettings.ImageFolder f = d.imageFolder();
        ImageFolderReader.Options options = options(f);
        Path trainRoot = Path.of(f.train());
        ImageFolderReader.Result train = read(trainRoot, ImageFolderReader.classes(trainRoot), options, files);
        Dataset test;
        Splits.Split split;
        if (f.test() == null) {
            split = Splits.split(train.data(), d.validationFraction(), d.testFraction(), settings.seed());
            test = split.test();
        } else {
            test = read(Path.of(f.test()), train.classNames(), options, files).data();
            split = Splits.split(train.data(), d.validationFraction(), 0, settings.seed());
        }
        Preprocessing identity = Preprocessing.identity(train.data().featureCount());
        return new RunData(split.train(), split.validation(), test, identity, null, train.classNames(), files, true, null);
    }

    /** The images of another folder with the run's classes, for {@code predict} and {@code explain}. */
    static Dataset readOther(RunSettings settings, RunData run, String folder) {
        return ImageFolderReader.read(Path.of(folder), run.classNames(), options(settings.data().imageFolder()),
                LOG::warn, n -> LOG.info("{}: {} images read", folder, n)).data();
    }

    private static ImageFolderReader.Options options(RunSettings.ImageFolder f) {
        return new ImageFolderReader.Options(f.height(), f.width(), f.channels(), f.skipUnreadable());
    }

    private static ImageFolderReader.Result read(
            Path root, List<String> classes, ImageFolderReader.Options options, Map<String, String> files) {
        ImageFolderReader.Result r = ImageFolderReader.read(root, classes, options, LOG::warn,
                n -> LOG.info("{}: {} images read", root, n));
        files.put(root.toString(), r.sha256());
        LOG.info("{}: {} images of {} classes ({} × {}, {} channel{}){}", root, r.data().size(), classes.size(),
                options.height(), options.width(), options.channels(), options.channels() == 1 ? "" : "s",
                r.skipped() > 0 ? ", " + r.skipped() + " unreadable files skipped" : "");
        return r;
    }
}
