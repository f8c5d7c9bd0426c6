package dev.axiom.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import dev.axiom.run.TrainingJob;
import dev.axiom.run.config.SettingsLoader;
import dev.axiom.runtime.events.TrainingEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** The embedding example end to end: train, watch, pause, resume, stop, close, and no threads left. */
@Timeout(120)
class ModelTrainingServiceTest {

    private static final String SYSTEM = "model-training-host";
    private static final int EPOCHS = 100;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final BlockingQueue<TrainingEvent> events = new LinkedBlockingQueue<>();
    private final List<TrainingEvent> seen = new ArrayList<>();

    @Test
    void trainsPausesResumesStopsAndLeavesNoThreadsBehind() throws Exception {
        Config settings = SettingsLoader.load(null, List.of(
                "axiom.seed=3",
                "axiom.data.format=csv",
                "axiom.data.csv.path=\"" + table(dir) + "\"",
                "axiom.data.csv.label-column=y",
                "axiom.data.csv.label-kind=class",
                "axiom.model.architecture=mlp",
                "axiom.model.hidden=[16,8]",
                "axiom.train.epochs=" + EPOCHS,
                "axiom.train.batch-size=20",
                "axiom.train.threads=1",
                "axiom.prior.kind=gini",
                "axiom.prior.weight=0.01"));
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        RecordingSubscriber subscriber = new RecordingSubscriber();

        try (ModelTrainingService service = ModelTrainingService.start(SYSTEM, settings, dir.resolve("run"), events::add)) {
            service.eventPublisher().subscribe(subscriber);

            // One epoch's events.
            TrainingEvent.EpochCompleted epoch = await(TrainingEvent.EpochCompleted.class, e -> true);
            assertThat(seen).filteredOn(TrainingEvent.StepCompleted.class::isInstance)
                    .extracting(TrainingEvent::step).contains(epoch.step());
            assertThat(service.status().epochsCompleted()).isGreaterThanOrEqualTo(1);
            // The check at the end can see the run's threads: the system's and the training thread.
            assertThat(lingering(before)).anyMatch(name -> name.contains(SYSTEM)).anyMatch(name -> name.startsWith("axiom-run-"));

            // Paused: at most the step in flight completes.
            service.pause();
            TrainingEvent.Paused paused = await(TrainingEvent.Paused.class, e -> true);
            List<TrainingEvent> whilePaused = drain(Duration.ofMillis(500));
            assertThat(whilePaused).filteredOn(TrainingEvent.StepCompleted.class::isInstance)
                    .allMatch(e -> e.step() <= paused.step() + 1);
            assertThat(service.status().paused()).isTrue();

            // Resumed: training goes on from where it paused.
            service.resume();
            TrainingEvent.Resumed resumed = await(TrainingEvent.Resumed.class, e -> true);
            assertThat(resumed.step()).isBetween(paused.step(), paused.step() + 1);
            await(TrainingEvent.StepCompleted.class, e -> e.step() > resumed.step());

            // Stopped before the end.
            service.stop();
            TrainingEvent.Finished finished = await(TrainingEvent.Finished.class, e -> true);
            assertThat(finished.stoppedBeforeTheEnd()).isTrue();
            TrainingJob.Result result = service.result().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(result.steps()).isEqualTo(finished.step());
            assertThat(result.epochs()).isLessThan(EPOCHS);
        }

        // The Reactive Streams subscriber heard steps and the end of the stream.
        assertThat(subscriber.completed).succeedsWithin(WAIT);
        assertThat(subscriber.steps.get()).isPositive();
        assertThat(subscriber.error).isNotDone();

        assertThat(lingeringAfterWaiting(before, Duration.ofSeconds(10))).isEmpty();
    }

    /** Polls events until one of {@code type} matches {@code test}. */
    private <E extends TrainingEvent> E await(Class<E> type, Predicate<E> test) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TrainingEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(e).as("a %s within %s; saw %s", type.getSimpleName(), WAIT, seen).isNotNull();
            seen.add(e);
            if (type.isInstance(e) && test.test(type.cast(e))) {
                return type.cast(e);
            }
        }
    }

    /** The events that arrive within {@code window} (training is paused: this is the window it must stay still in). */
    private List<TrainingEvent> drain(Duration window) throws InterruptedException {
        List<TrainingEvent> out = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        for (long left = window.toNanos(); left > 0; left = deadline - System.nanoTime()) {
            TrainingEvent e = events.poll(left, TimeUnit.NANOSECONDS);
            if (e != null) {
                out.add(e);
            }
        }
        seen.addAll(out);
        return out;
    }

    /**
     * Live threads of Axiom or of the host's actor system, and any other non-daemon thread started
     * since {@code before}.
     */
    private static List<String> lingering(Set<Thread> before) {
        return offenders(before).stream().map(t -> t.getName() + (t.isDaemon() ? "" : " (non-daemon)")).toList();
    }

    private static List<Thread> offenders(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith("axiom")
                        || t.getName().contains(SYSTEM)
                        || (!t.isDaemon() && !before.contains(t)))
                .toList();
    }

    /** Joins the offending threads for up to {@code patience} in all, then lists those still alive. */
    private static List<String> lingeringAfterWaiting(Set<Thread> before, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread t : offenders(before)) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left > 0) {
                t.join(left);
            }
        }
        return lingering(before);
    }

    /** 200 rows of 6 Gaussian features {@code x0..x5} and a class label {@code y}, the sign of {@code x0 + x1}. */
    private static Path table(Path dir) throws IOException {
        Random rng = new Random(11);
        StringBuilder csv = new StringBuilder("x0,x1,x2,x3,x4,x5,y\n");
        for (int i = 0; i < 200; i++) {
            double[] x = new double[6];
            for (int j = 0; j < x.length; j++) {
                x[j] = rng.nextGaussian();
                csv.append(String.format(Locale.ROOT, "%.5f,", x[j]));
            }
            csv.append(x[0] + x[1] > 0 ? 1 : 0).append('\n');
        }
        return Files.writeString(dir.resolve("table.csv"), csv);
    }

    /** A Reactive Streams subscriber that takes everything and counts the steps. */
    private static final class RecordingSubscriber implements Subscriber<TrainingEvent> {
        final AtomicInteger steps = new AtomicInteger();
        final CompletableFuture<Void> completed = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();

        @Override
        public void onSubscribe(Subscription s) {
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(TrainingEvent e) {
            if (e instanceof TrainingEvent.StepCompleted) {
                steps.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable t) {
            error.complete(t);
        }

        @Override
        public void onComplete() {
            completed.complete(null);
        }
    }
}
