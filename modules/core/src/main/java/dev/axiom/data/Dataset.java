package dev.axiom.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.axiom.tensor.Tensors;
import java.util.List;

/**
 * An immutable in-memory data set: {@code size} samples of per-sample shape {@code sampleShape}
 * (row-major float features) with labels that are either class indices or real-valued targets of
 * width {@code labelWidth}.
 */
public final class Dataset {

    /** What the labels are. */
    public enum LabelKind {
        /** Class indices 0..classes-1, one per sample. */
        CLASS_INDEX,
        /** Real-valued targets (regression, or 0/1 for binary cross-entropy). */
        REAL
    }

    private final float[] features;
    private final Shape sampleShape;
    private final float[] labels;
    private final LabelKind labelKind;
    private final int labelWidth;
    private final List<String> featureNames;
    private final int size;

    /**
     * A data set.
     *
     * @param features {@code size × sampleShape.size()} values, row-major
     * @param sampleShape per-sample shape
     * @param labels {@code size × labelWidth} values
     * @param labelKind class indices or real targets
     * @param labelWidth 1 for class indices; number of targets otherwise
     * @param featureNames one name per feature (per element of the sample shape)
     */
    public Dataset(
            float[] features,
            Shape sampleShape,
            float[] labels,
            LabelKind labelKind,
            int labelWidth,
            List<String> featureNames) {
        long p = sampleShape.size();
        if (p <= 0 || features.length % p != 0) {
            throw new IllegalArgumentException(
                    features.length + " feature values do not divide into samples of shape " + sampleShape);
        }
        this.size = Math.toIntExact(features.length / p);
        if (labels.length != (long) size * labelWidth) {
            throw new IllegalArgumentException(
                    "the data set has "
                            + size
                            + " samples but "
                            + labels.length
                            + " label values (expected "
                            + (long) size * labelWidth
                            + ")");
        }
        if (labelKind == LabelKind.CLASS_INDEX && labelWidth != 1) {
            throw new IllegalArgumentException("class-index labels have width 1, got " + labelWidth);
        }
        if (featureNames.size() != p) {
            throw new IllegalArgumentException(
                    featureNames.size() + " feature names for " + p + " features");
        }
        this.features = features;
        this.sampleShape = sampleShape;
        this.labels = labels;
        this.labelKind = labelKind;
        this.labelWidth = labelWidth;
        this.featureNames = List.copyOf(featureNames);
    }

    /** Generated feature names: {@code x0, x1, ...} or {@code c0_r3_c4} for images. */
    public static List<String> defaultNames(Shape sampleShape) {
        int p = Math.toIntExact(sampleShape.size());
        String[] names = new String[p];
        for (int i = 0; i < p; i++) {
            if (sampleShape.dimension() == 3) {
                long hw = sampleShape.get(1) * sampleShape.get(2);
                names[i] = "c" + (i / hw) + "_r" + (i % hw) / sampleShape.get(2) + "_c" + (i % sampleShape.get(2));
            } else {
                names[i] = "x" + i;
            }
        }
        return List.of(names);
    }

    /** Number of samples. */
    public int size() {
        return size;
    }

    /** Per-sample shape. */
    public Shape sampleShape() {
        return sampleShape;
    }

    /** Number of features per sample. */
    public int featureCount() {
        return Math.toIntExact(sampleShape.size());
    }

    /** What the labels are. */
    public LabelKind labelKind() {
        return labelKind;
    }

    /** Label values per sample. */
    public int labelWidth() {
        return labelWidth;
    }

    /** Feature names. */
    public List<String> featureNames() {
        return featureNames;
    }

    /** Feature {@code j} of sample {@code i}. */
    public float feature(int i, int j) {
        return features[i * featureCount() + j];
    }

    /** A copy of the features of sample {@code i}, in the order of the sample shape. */
    public float[] sample(int i) {
        int p = featureCount();
        return java.util.Arrays.copyOfRange(features, i * p, (i + 1) * p);
    }

    /** Label {@code k} of sample {@code i}. */
    public float label(int i, int k) {
        return labels[i * labelWidth + k];
    }

    /** A copy of the row-major features. */
    public float[] featureArray() {
        return features.clone();
    }

    /** A copy of the labels. */
    public float[] labelArray() {
        return labels.clone();
    }

    /** The samples at {@code indices}, in that order, as a new data set. */
    public Dataset subset(int[] indices) {
        int p = featureCount();
        float[] f = new float[indices.length * p];
        float[] l = new float[indices.length * labelWidth];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(features, indices[r] * p, f, r * p, p);
            System.arraycopy(labels, indices[r] * labelWidth, l, r * labelWidth, labelWidth);
        }
        return new Dataset(f, sampleShape, l, labelKind, labelWidth, featureNames);
    }

    /** This data set with other features of the same shape (for example standardised ones). */
    public Dataset withFeatures(float[] newFeatures) {
        return new Dataset(newFeatures, sampleShape, labels, labelKind, labelWidth, featureNames);
    }

    /** The samples at {@code indices} as a batch in {@code manager}, features of {@code type}. */
    public Batch batch(int[] indices, NDManager manager, DataType type) {
        int p = featureCount();
        float[] f = new float[indices.length * p];
        float[] l = new float[indices.length * labelWidth];
        for (int r = 0; r < indices.length; r++) {
            System.arraycopy(features, indices[r] * p, f, r * p, p);
            System.arraycopy(labels, indices[r] * labelWidth, l, r * labelWidth, labelWidth);
        }
        NDArray x = Tensors.owned(manager.create(f, new Shape(indices.length).addAll(sampleShape)));
        if (type != DataType.FLOAT32) {
            x = x.toType(type, false);
        }
        return Batch.of(x, labels(l, indices.length, manager, type));
    }

    /** All features as one array {@code (size, sampleShape...)}. */
    public NDArray features(NDManager manager) {
        return Tensors.owned(manager.create(features, new Shape(size).addAll(sampleShape)));
    }

    /** All labels as one array: {@code (size)} int64 class indices or {@code (size, width)}. */
    public NDArray labels(NDManager manager) {
        return labels(labels, size, manager, DataType.FLOAT32);
    }

    private NDArray labels(float[] values, int n, NDManager manager, DataType type) {
        if (labelKind == LabelKind.CLASS_INDEX) {
            long[] classes = new long[n];
            for (int i = 0; i < n; i++) {
                classes[i] = (long) values[i];
            }
            return Tensors.owned(manager.create(classes));
        }
        NDArray y = Tensors.owned(manager.create(values, new Shape(n, labelWidth)));
        return type == DataType.FLOAT32 ? y : y.toType(type, false);
    }
}
