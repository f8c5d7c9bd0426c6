package dev.axiom.runtime;

import dev.axiom.run.TrainingJob;
import dev.axiom.runtime.events.TrainingEvent;
import dev.axiom.train.StepReport;
import java.util.function.Consumer;

/**
 * The runtime's events for a run the plain loop drives ({@code axiom.runtime.driver = plain}), so
 * that the dashboard, the metrics and the probes see it as they see a runtime run: each update as
 * a {@link TrainingEvent.StepCompleted}, and its end as {@link TrainingEvent.Finished} or
 * {@link TrainingEvent.Failed}.
 */
public final class PlainLoopEvents implements TrainingJob.Observer {

    private final Consumer<TrainingEvent> events;
    private volatile long step;

    private PlainLoopEvents(Consumer<TrainingEvent> events) {
        this.events = events;
    }

    /** Events for {@code events}, to be given to the job as (part of) its observer. */
    public static PlainLoopEvents to(Consumer<TrainingEvent> events) {
        return new PlainLoopEvents(events);
    }

    @Override
    public void stepped(StepReport r) {
        step = r.step();
        events.accept(new TrainingEvent.StepCompleted(r.step(), r.epoch(), r.losses().loss(), r.losses().taskLoss(),
                r.losses().priorLoss(), r.learningRate(), r.samplesPerSecond(), 0));
    }

    /** The run ended with {@code result}, of the {@code plannedEpochs} it was set to train. */
    public void finished(TrainingJob.Result result, int plannedEpochs) {
        events.accept(new TrainingEvent.Finished(result.steps(), result.epochs(),
                result.stoppedEarly() || result.epochs() < plannedEpochs, result.steps(), result.steps()));
    }

    /** The run failed with {@code message}. */
    public void failed(String message) {
        events.accept(new TrainingEvent.Failed(step, message));
    }
}
