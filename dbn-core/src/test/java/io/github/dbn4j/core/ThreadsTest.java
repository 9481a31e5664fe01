package io.github.dbn4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Injector;
import io.github.dbn4j.api.Backend;
import io.github.dbn4j.api.Matrix;
import io.github.dbn4j.api.Precision;
import io.github.dbn4j.core.rbm.Rbm;
import io.github.dbn4j.core.rbm.RbmConfig;
import io.github.dbn4j.core.rbm.RbmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Training from several threads: through one injector every thread gets its own backend and the
 * model a sequential run gives, bit for bit; one backend shared by two threads refuses the second
 * thread at its first call instead of training a wrong model.
 */
class ThreadsTest {

    private static final RbmConfig CONFIG = RbmConfig.defaults(16).withBatchSize(10).withEpochs(20)
            .withLearningRate(0.1).withSeed(3);

    static List<String> backends() {
        return TestBackends.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void twoThreadsThroughOneInjectorEachTrainTheSequentialModel(String name) throws Exception {
        Injector injector = TestBackends.injector(name, Precision.FLOAT64);
        Matrix data = data(injector);
        double[] sequential = train(injector.getInstance(Backend.class), data).weights();

        List<Future<Rbm>> runs = startTogether(2, () -> train(injector.getInstance(Backend.class), data));
        for (Future<Rbm> run : runs) {
            assertThat(run.get().weights()).as("a model trained beside another").containsExactly(sequential);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void oneBackendSharedByTwoThreadsRefusesTheSecondThread(String name) throws Exception {
        Injector injector = TestBackends.injector(name, Precision.FLOAT64);
        Matrix data = data(injector);
        double[] sequential = train(injector.getInstance(Backend.class), data).weights();

        Backend shared = injector.getInstance(Backend.class);
        int refused = 0;
        int trained = 0;
        for (Future<Rbm> run : startTogether(2, () -> train(shared, data))) {
            try {
                assertThat(run.get().weights()).as("the thread that owns the backend").containsExactly(sequential);
                trained++;
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("not thread-safe").hasMessageContaining("which used it first");
                refused++;
            }
        }
        assertThat(trained).as("models trained").isEqualTo(1);
        assertThat(refused).as("threads refused").isEqualTo(1);
    }

    /** Bars and stripes, made by a backend of this thread that the trainings only read from. */
    private static Matrix data(Injector injector) {
        return injector.getInstance(Backend.class).fromArray(210, 16, Patterns.barsAndStripes(7));
    }

    private static Rbm train(Backend backend, Matrix data) {
        return new RbmTrainer(backend).train(CONFIG, data, TrainingOptions.defaults());
    }

    /** Runs the task on {@code threads} threads released at the same moment. */
    private static <T> List<Future<T>> startTogether(int threads, Supplier<T> task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.get();
            }));
        }
        start.countDown();
        pool.shutdown();
        return futures;
    }
}
