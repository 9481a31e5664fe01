package io.github.dbn4j.cli;

import io.github.dbn4j.core.TrainingControl;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C and SIGTERM into a stop request: the JVM's shutdown hook asks the trainer to stop
 * at the next batch boundary and waits (up to a minute) while the trainer writes its checkpoint
 * and the command reports it; then the JVM exits.
 */
final class StopOnSignal implements AutoCloseable {

    private static final long WAIT_SECONDS = 60;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopOnSignal(TrainingControl control) {
        hook = new Thread(() -> {
            control.requestStop();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dbn4j-stop-on-signal");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The command is done (finished, interrupted or failed): the JVM may exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running; it returns now that the latch is open
        }
    }
}
