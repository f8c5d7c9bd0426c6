package dev.axiom.run;

/** Where a long job reports how far it is (a progress bar on a terminal, log lines otherwise). */
public interface Progress extends AutoCloseable {

    /** Starts a phase of {@code total} units (-1: unbounded). */
    void start(String task, long total);

    /** Sets the units done and a short status. */
    void update(long done, String status);

    /** Ends the current phase. */
    @Override
    void close();

    /** Reports nothing. */
    static Progress silent() {
        return new Progress() {
            @Override
            public void start(String task, long total) {}

            @Override
            public void update(long done, String status) {}

            @Override
            public void close() {}
        };
    }
}
