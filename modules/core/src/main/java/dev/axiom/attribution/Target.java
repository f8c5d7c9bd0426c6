package dev.axiom.attribution;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.axiom.loss.Loss;
import dev.axiom.nn.Network;
import dev.axiom.tensor.Tensors;

/**
 * The scalar {@code S_i} of the network output that an attribution explains, for each sample.
 *
 * <p>{@link #outputGradient} is {@code ∂S_i/∂output_i}, the seed of the attribution head. For a
 * class index it is a one-hot row, constant in the parameters; for a loss it depends on the output
 * and stays in the graph.
 */
public interface Target {

    /** {@code ∂S_i/∂output_i}, shape {@code (N, outputs)}. */
    NDArray outputGradient(NDArray output, NDArray labels);

    /** The explained values {@code S_i}, shape {@code (N)}. */
    NDArray value(NDArray output, NDArray labels);

    /**
     * The target and labels to use along a path that ends at {@code x}. Targets that depend on the
     * prediction resolve it here, at the input itself, so that integrated and expected gradients
     * explain the class predicted at {@code x} at every point of the path (not whichever class
     * wins at each point). Most targets return themselves and the labels unchanged.
     */
    default Resolved resolve(Network network, NDArray x, NDArray labels) {
        return new Resolved(this, labels);
    }

    /** A target together with the labels it reads. */
    record Resolved(Target target, NDArray labels) {}

    /** Whether the target reads the labels. */
    default boolean needsLabels() {
        return false;
    }

    /** Short description for reports. */
    String describe();

    /**
     * The logit of the true class (labels are class indices); for a one-output model, the output.
     */
    static Target trueClass() {
        return new Target() {
            @Override
            public NDArray outputGradient(NDArray output, NDArray labels) {
                return selector(output, labels);
            }

            @Override
            public NDArray value(NDArray output, NDArray labels) {
                return output.mul(selector(output, labels)).sum(new int[] {1});
            }

            @Override
            public boolean needsLabels() {
                return true;
            }

            @Override
            public String describe() {
                return "true-class";
            }

            private NDArray selector(NDArray output, NDArray labels) {
                if (output.getShape().get(1) == 1) {
                    return output.onesLike().stopGradient();
                }
                if (labels == null) {
                    throw new IllegalArgumentException(
                            "the true-class target needs labels, but none were given");
                }
                int classes = Math.toIntExact(output.getShape().get(1));
                return labels.toType(DataType.INT64, false).oneHot(classes, output.getDataType());
            }
        };
    }

    /**
     * The logit of the class the model predicts for the input. Path methods (IG, EG) resolve the
     * class at the input and keep it along the path ({@link #resolve}).
     */
    static Target predictedClass() {
        return new Target() {
            @Override
            public NDArray outputGradient(NDArray output, NDArray labels) {
                return selector(output);
            }

            @Override
            public NDArray value(NDArray output, NDArray labels) {
                return output.mul(selector(output)).sum(new int[] {1});
            }

            @Override
            public Resolved resolve(Network network, NDArray x, NDArray labels) {
                NDArray predicted = network.predict(x).argMax(1);
                return new Resolved(trueClass(), predicted);
            }

            @Override
            public String describe() {
                return "predicted-class";
            }

            private NDArray selector(NDArray output) {
                int classes = Math.toIntExact(output.getShape().get(1));
                return output.stopGradient().argMax(1).oneHot(classes, output.getDataType());
            }
        };
    }

    /** Output number {@code index} (for regression, {@code index(0)}). */
    static Target index(int index) {
        return new Target() {
            @Override
            public NDArray outputGradient(NDArray output, NDArray labels) {
                long outputs = output.getShape().get(1);
                if (index < 0 || index >= outputs) {
                    throw new IllegalArgumentException(
                            "target index " + index + " is outside the " + outputs + " outputs");
                }
                float[] row = new float[Math.toIntExact(outputs)];
                row[index] = 1f;
                return Tensors.owned(output.getManager().create(row))
                        .toType(output.getDataType(), false)
                        .reshape(1, outputs)
                        .broadcast(output.getShape());
            }

            @Override
            public NDArray value(NDArray output, NDArray labels) {
                return output.get(":, {}", index);
            }

            @Override
            public String describe() {
                return "output-" + index;
            }
        };
    }

    /** The single output of a regression (or binary-logit) model. */
    static Target regressionOutput() {
        return index(0);
    }

    /** The per-sample task loss (for integrated gradients of the loss). */
    static Target loss(Loss loss) {
        return new Target() {
            @Override
            public NDArray outputGradient(NDArray output, NDArray labels) {
                return loss.outputGradient(output, labels);
            }

            @Override
            public NDArray value(NDArray output, NDArray labels) {
                return loss.perSample(output, labels);
            }

            @Override
            public boolean needsLabels() {
                return true;
            }

            @Override
            public String describe() {
                return "loss-" + loss.name();
            }
        };
    }

    /** The target named {@code true-class}, {@code predicted-class}, {@code output-K}. */
    static Target named(String name) {
        if (name.equals("true-class")) {
            return trueClass();
        }
        if (name.equals("predicted-class")) {
            return predictedClass();
        }
        if (name.startsWith("output-")) {
            return index(Integer.parseInt(name.substring("output-".length())));
        }
        if (name.equals("regression-output")) {
            return regressionOutput();
        }
        throw new IllegalArgumentException(
                "unknown target '"
                        + name
                        + "'; known: true-class, predicted-class, output-K, regression-output");
    }
}
