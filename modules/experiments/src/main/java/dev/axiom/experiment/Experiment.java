package dev.axiom.experiment;

/**
 * One of the paper's experiments, reproduced by {@code ./axiom experiment NAME}: it trains and
 * measures what it needs, records every number in {@link ExperimentContext#results()}, and writes
 * its part of {@code report.md} through {@link ExperimentContext#report()}.
 */
public interface Experiment {

    /** The name on the command line, e.g. {@code benchmark}. */
    String name();

    /** One line saying what it reproduces. */
    String title();

    /** The names of the scale parameters it accepts ({@code --param KEY=VALUE}); none by default. */
    default java.util.List<String> parameters() {
        return java.util.List.of();
    }

    /** Runs the experiment; units of work already in {@link ExperimentContext#work()} are not redone. */
    void run(ExperimentContext context) throws Exception;
}
