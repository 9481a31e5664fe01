/**
 * Whole training runs: {@link io.github.dbn4j.core.pipeline.DbnClassifier}, a DBN classifier
 * from arrays in one call, and {@link io.github.dbn4j.core.pipeline.DbnTraining}, the pipeline it
 * runs (greedy pretraining, up-down, back-propagation) with checkpoints and resume. Above the
 * algorithm packages ({@code rbm}, {@code dbn}) and the model files ({@code io}) it joins.
 */
package io.github.dbn4j.core.pipeline;
