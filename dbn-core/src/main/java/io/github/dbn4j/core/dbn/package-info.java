/**
 * Deep Belief Networks: the immutable {@link io.github.dbn4j.core.dbn.Dbn} and
 * {@link io.github.dbn4j.core.dbn.Classifier}; greedy pretraining
 * ({@link io.github.dbn4j.core.dbn.DbnTrainer}), up-down fine-tuning
 * ({@link io.github.dbn4j.core.dbn.WakeSleepTrainer}), back-propagation fine-tuning
 * ({@link io.github.dbn4j.core.dbn.FineTuner}); and, on a backend, generative classification and
 * generation ({@link io.github.dbn4j.core.dbn.DbnEngine}) and prediction
 * ({@link io.github.dbn4j.core.dbn.ClassifierEngine}).
 */
package io.github.dbn4j.core.dbn;
