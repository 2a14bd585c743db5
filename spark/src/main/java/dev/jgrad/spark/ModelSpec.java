package dev.jgrad.spark;

import dev.jgrad.io.TensorFileException;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.io.ModelFiles;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/**
 * How the executors rebuild the model: from its {@code ModelFiles} architecture JSON (for a
 * {@link Sequential} of the layers that format describes), or from a {@link LayerFactory}. Only
 * the structure travels in the task closure; parameter values travel as safetensors broadcasts.
 */
final class ModelSpec implements Serializable {
  private static final long serialVersionUID = 1L;
  private final byte[] architecture;
  private final LayerFactory factory;
  private final long parameters;

  private ModelSpec(byte[] architecture, LayerFactory factory, long parameters) {
    this.architecture = architecture;
    this.factory = factory;
    this.parameters = parameters;
  }

  /**
   * The architecture of {@code model}.
   *
   * @throws IllegalArgumentException if the model holds a layer the format cannot describe
   */
  static ModelSpec of(Sequential model) {
    return new ModelSpec(ModelFiles.architectureJson(model).getBytes(StandardCharsets.UTF_8),
        null, model.numParameters());
  }

  /** A model built by {@code factory}; {@code parameters} is the driver's model's count. */
  static ModelSpec of(LayerFactory factory, long parameters) {
    return new ModelSpec(null, factory, parameters);
  }

  /**
   * A new model of this structure (zero parameters when built from the architecture).
   *
   * @throws IllegalStateException if the architecture no longer parses or the factory fails
   */
  Layer build() {
    if (factory != null) {
      return factory.create();
    }
    try {
      return ModelFiles.fromArchitecture(architecture, "architecture", parameters);
    } catch (TensorFileException e) {
      throw new IllegalStateException("spark_trainer: the model's own architecture does not "
          + "read back: " + e.getMessage(), e);
    }
  }

  /**
   * The number of input features the model takes, if its first layer is {@link Linear}, else
   * -1 (then the data decides).
   */
  static int inputFeatures(Layer model) {
    if (model instanceof Sequential && ((Sequential) model).get(0) instanceof Linear) {
      return ((Linear) ((Sequential) model).get(0)).inFeatures();
    }
    return -1;
  }
}
