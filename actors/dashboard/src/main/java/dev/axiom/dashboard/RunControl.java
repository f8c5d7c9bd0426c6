package dev.axiom.dashboard;

/** What a dashboard with control enabled may do to a live run. */
public interface RunControl {

    /**
     * Pauses after the current step.
     *
     * @throws UnsupportedOperationException with the reason if this run cannot pause (answered 409)
     */
    void pause();

    /** Continues a paused run. */
    void resume();

    /** Stops after the current step (with a checkpoint). */
    void stop();
}
