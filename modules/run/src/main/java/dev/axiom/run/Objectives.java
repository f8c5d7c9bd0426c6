package dev.axiom.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.axiom.attack.LinfBall;
import dev.axiom.attack.ProjectedAscent;
import dev.axiom.attribution.AttributionMethod;
import dev.axiom.attribution.Attributions;
import dev.axiom.attribution.Baseline;
import dev.axiom.attribution.Quadrature;
import dev.axiom.attribution.ReferenceSource;
import dev.axiom.attribution.Target;
import dev.axiom.data.Dataset;
import dev.axiom.loss.Loss;
import dev.axiom.prior.ParameterNorm;
import dev.axiom.prior.PixelSmoothness;
import dev.axiom.prior.Prior;
import dev.axiom.prior.Priors;
import dev.axiom.robust.RobustMode;
import dev.axiom.robust.RobustTraining;
import dev.axiom.run.config.RunSettings;
import dev.axiom.run.config.SettingsException;
import dev.axiom.run.data.RunData;
import dev.axiom.train.LearningRateSchedule;
import dev.axiom.train.Objective;
import dev.axiom.train.Optimizer;
import dev.axiom.train.Penalty;
import java.util.Locale;

/** The objective, attribution method, optimiser and schedule a run's settings describe. */
public final class Objectives {

    private Objectives() {}

    /** The task loss: as configured, or chosen by the label kind. */
    public static Loss loss(RunSettings settings, Dataset train) {
        String name = settings.train().loss();
        if (!name.equals("auto")) {
            return Loss.named(name);
        }
        if (train.labelKind() == Dataset.LabelKind.CLASS_INDEX) {
            return Loss.crossEntropy();
        }
        return settings.data().format().equals("csv") && settings.data().csv().labelKind().equals("binary")
                ? Loss.binaryCrossEntropy()
                : Loss.meanSquaredError();
    }

    /**
     * The objective {@code L + λΩ(Φ)}.
     *
     * @param pool the training features, as the pool of {@code training-set} references and the
     *     source of the {@code mean} baseline (must stay open during training)
     */
    public static Objective objective(RunSettings settings, RunData data, NDArray pool, NDArray mean) {
        Objective objective = Objective.of(loss(settings, data.train()))
                .withAttributionDropout(settings.attribution().dropout())
                .withRobust(robust(settings.robust()));
        RunSettings.Prior p = settings.prior();
        if (p.kind().equals("none") || p.weight() == 0) {
            return objective;
        }
        Prior prior = prior(p, data);
        if (!prior.needsAttributions()) {
            return objective.with(Penalty.onParameters(p.kind(), p.weight(), prior));
        }
        return objective.with(Penalty.onAttributions(
                p.kind(), p.weight(), prior, method(settings.attribution(), pool, mean), target(settings)));
    }

    /** Robust training as configured ({@code axiom.robust}). */
    public static RobustTraining robust(RunSettings.Robust r) {
        LinfBall ball = new LinfBall(r.epsilon(), r.inputMin(), r.inputMax());
        return new RobustTraining(
                RobustMode.ofLabel(r.mode()),
                new ProjectedAscent(ball, r.steps(), r.stepSize(), r.randomStart()),
                r.igSteps(), r.attackIgSteps(), r.lambda(), r.beta());
    }

    /** The explained scalar. */
    public static Target target(RunSettings settings) {
        return Target.named(settings.attribution().target());
    }

    /** The attribution method used inside training. */
    public static AttributionMethod method(RunSettings.Attribution a, NDArray pool, NDArray mean) {
        return switch (a.method()) {
            case "eg" -> Attributions.expectedGradients(a.references(), referenceSource(a, pool));
            case "ig" -> Attributions.integratedGradients(baseline(a, mean), a.steps(), rule(a));
            case "grad" -> Attributions.gradients();
            default -> Attributions.gradientTimesInput();
        };
    }

    /** Where EG references come from. */
    public static ReferenceSource referenceSource(RunSettings.Attribution a, NDArray pool) {
        return a.referenceSource().equals("training-set") ? ReferenceSource.sampled(pool) : ReferenceSource.shiftedBatch();
    }

    /** The IG baseline. */
    public static Baseline baseline(RunSettings.Attribution a, NDArray mean) {
        return a.baseline().equals("mean") ? Baseline.constant(mean, "mean") : Baseline.zeros();
    }

    /** The IG quadrature rule. */
    public static Quadrature rule(RunSettings.Attribution a) {
        return Quadrature.valueOf(a.rule().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private static Prior prior(RunSettings.Prior p, RunData data) {
        Prior prior = ungrouped(p, data);
        if (!p.groupCategorical()) {
            return prior;
        }
        if (data.encoding() == null) {
            throw new SettingsException("axiom.prior.group-categorical = true needs a CSV table, but the data are images");
        }
        if (!java.util.List.of("gini", "graph", "attribution-l1", "attribution-l2").contains(p.kind())) {
            throw new SettingsException("axiom.prior.group-categorical = true applies to the gini, graph, attribution-l1 and "
                    + "attribution-l2 priors, not to " + p.kind());
        }
        return Priors.perColumn(prior, data.encoding().columnOfFeature());
    }

    private static Prior ungrouped(RunSettings.Prior p, RunData data) {
        ParameterNorm.Scope scope =
                p.scope().equals("first-layer") ? ParameterNorm.Scope.FIRST_LAYER : ParameterNorm.Scope.ALL_LAYERS;
        PixelSmoothness.Channels channels =
                p.channels().equals("mean") ? PixelSmoothness.Channels.MEAN : PixelSmoothness.Channels.SUM;
        return switch (p.kind()) {
            case "pixel-smoothness" -> {
                Shape sample = data.train().sampleShape();
                if (sample.dimension() != 3) {
                    throw new SettingsException(
                            "axiom.prior.kind = pixel-smoothness needs image data, but the samples have shape " + sample);
                }
                yield new PixelSmoothness(channels, 1e-8, null);
            }
            case "graph" -> Priors.graph(data.graph());
            case "gini" -> Priors.gini();
            case "attribution-l1" -> Priors.attributionL1();
            case "attribution-l2" -> Priors.attributionL2();
            case "weight-l1" -> Priors.weightL1(scope);
            case "weight-l2" -> Priors.weightL2(scope);
            default -> Priors.sparseGroupLasso(p.alpha());
        };
    }

    /** The optimiser. */
    public static Optimizer optimizer(RunSettings.Optimizer o) {
        if (o.name().equals("adam")) {
            return new dev.axiom.train.Adam(o.beta1(), o.beta2(), o.epsilon(), o.weightDecay());
        }
        return new dev.axiom.train.Sgd(o.momentum(), o.nesterov(), o.weightDecay());
    }

    /** The learning-rate schedule. */
    public static LearningRateSchedule schedule(RunSettings.Train t) {
        double rate = t.optimizer().learningRate();
        return switch (t.schedule().kind()) {
            case "constant" -> LearningRateSchedule.constant(rate);
            case "exponential" -> LearningRateSchedule.exponentialPerEpoch(rate, t.schedule().gamma());
            default -> LearningRateSchedule.stepDecay(rate, t.schedule().every(), t.schedule().gamma());
        };
    }
}
