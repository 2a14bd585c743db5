package dev.jgrad.spark;

import dev.jgrad.nn.Layer;
import java.io.Serializable;

/**
 * Builds the model on the driver and on every executor, for models that the {@code ModelFiles}
 * architecture format cannot describe. Each call must return a model with the same parameter
 * names and shapes; the driver's first model gives the initial values, which are sent to the
 * executors, so the factory's own initialization need not be deterministic.
 */
@FunctionalInterface
public interface LayerFactory extends Serializable {
  /**
   * A new model.
   *
   * @return a model with the same parameter names and shapes on every call
   */
  Layer create();
}
