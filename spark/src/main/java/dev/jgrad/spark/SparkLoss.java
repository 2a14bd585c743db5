package dev.jgrad.spark;

import dev.jgrad.nn.Loss;
import java.io.Serializable;

/**
 * A {@link Loss} that Spark can ship to its executors. A method reference or lambda given where a
 * {@code SparkLoss} is expected is serializable by itself: {@code Losses::crossEntropy}, or
 * {@code (out, y) -> Losses.mse(out, y.reshape(-1, 1))}.
 *
 * <p>The loss must be the <b>mean</b> of per-example terms over the rows it is given (nn's
 * default {@code Reduction.MEAN}): each partition scales it by its row count to get the sum of
 * its examples' gradients, and the driver divides the total by the global batch size.
 */
@FunctionalInterface
public interface SparkLoss extends Loss, Serializable {}
