package dev.jgrad.spark;

import dev.jgrad.Tensor;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * The optimizer configuration: builds an nn optimizer over the given parameters, e.g.
 * {@code params -> new Adam(params, 1e-3)} or {@code params -> new SGD(params, 0.1).momentum(0.9)}.
 * Synchronous training calls it once, on the driver (the optimizer and its state stay there);
 * local-steps training also calls it on the executors for their local steps.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /**
   * A fresh optimizer.
   *
   * @param parameters the model's parameters, in {@code namedParameters()} order
   * @return an optimizer over exactly these parameters
   */
  Optimizer create(List<Tensor> parameters);
}
