package dev.jgrad.spark;

import dev.jgrad.nn.Layer;
import dev.jgrad.nn.train.History;

/**
 * What {@link SparkTrainer#fit} returns.
 *
 * @param model the trained model (the one given to the trainer, or the factory's driver-side
 *     model), with the final parameters
 * @param history one {@code EpochResult} per epoch, each with {@code loss} (the example-weighted
 *     mean training loss of the epoch's steps, each measured before its update), the metric if
 *     one was given (likewise), {@code examples} (rows used, each counted once) and
 *     {@code seconds_per_step} (wall time per driver update, Spark job included)
 * @param updates driver updates done in total (synchronous steps or local-steps rounds),
 *     including those before a resumed checkpoint
 */
public record TrainingResult(Layer model, History history, long updates) {}
