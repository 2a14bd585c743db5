package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.LinearActivation;
import dev.jgrad.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Layers applied in order: {@code forward(x) = layers[n-1](... layers[1](layers[0](x)))}.
 *
 * <p>Layer {@code i} is registered as {@code layers.i}, so parameters are named
 * {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.2.weight}, ... (activations have
 * no parameters but keep their index). The list of layers is fixed at construction.
 *
 * <p>{@link #forward(Tensor)} is the one-tensor case; {@link #forward(Tensor...)} passes every
 * layer's outputs on as the next layer's inputs, for stacks holding {@link MultiIoLayer}s.
 */
public class Sequential extends Layer {
  private final List<Layer> layers;

  /**
   * A container of the given layers, in order.
   *
   * @param layers the layers
   * @throws IllegalArgumentException if there are no layers or one is null (naming its index)
   */
  public Sequential(Layer... layers) {
    this(layers == null ? null : Arrays.asList(layers));
  }

  /**
   * A container of the given layers, in order; see {@link #Sequential(Layer...)}.
   *
   * @param layers the layers
   * @throws IllegalArgumentException if there are no layers or one is null (naming its index)
   */
  public Sequential(List<? extends Layer> layers) {
    checkArgument(layers != null, "sequential: the list of layers is null");
    checkArgument(!layers.isEmpty(), "sequential: no layers given");
    for (int i = 0; i < layers.size(); i++) {
      checkArgument(layers.get(i) != null, "sequential: layer %s of %s is null", i,
          layers.size());
    }
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) {
      registerLayer("layers." + i, this.layers.get(i));
    }
  }

  /**
   * Applies each layer's {@link Layer#forward(Tensor)} to the previous one's output. A {@link
   * Linear} directly followed by a {@link ReLU}, {@link Tanh} or {@link Sigmoid} runs as one fused
   * primitive ({@link Tensor#linear}), with the same values and gradients.
   *
   * @param input the first layer's input
   * @return the last layer's output
   * @throws IllegalArgumentException if a layer rejects its input
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (int i = 0; i < layers.size(); i++) {
      Layer m = layers.get(i);
      LinearActivation f = m instanceof Linear && i + 1 < layers.size()
          ? fusable(layers.get(i + 1)) : null;
      if (f != null) {
        x = ((Linear) m).forward(x, f);
        i++; // the activation layer ran inside the fused op
      } else {
        x = m.forward(x);
      }
    }
    return x;
  }

  /** The fused form of an activation layer, or null if it has none. */
  private static LinearActivation fusable(Layer next) {
    if (next instanceof ReLU) {
      return LinearActivation.RELU;
    } else if (next instanceof Tanh) {
      return LinearActivation.TANH;
    } else if (next instanceof Sigmoid) {
      return LinearActivation.SIGMOID;
    }
    return null;
  }

  /**
   * Applies each layer's {@link Layer#forward(Tensor...)} to the previous one's outputs.
   *
   * @param inputs the first layer's inputs
   * @return the last layer's outputs
   * @throws IllegalArgumentException if a layer rejects its inputs
   */
  @Override
  public Tensor[] forward(Tensor... inputs) {
    Tensor[] x = inputs;
    for (Layer m : layers) {
      x = m.forward(x);
    }
    return x;
  }

  /**
   * The layers, in order.
   *
   * @return an unmodifiable list
   */
  public final List<Layer> layers() {
    return layers;
  }

  /**
   * Layer {@code i}.
   *
   * @param i the index, from 0
   * @return the layer
   * @throws IllegalArgumentException if i is out of range
   */
  public final Layer get(int i) {
    checkArgument(i >= 0 && i < layers.size(), "sequential: layer %s is out of range for %s "
        + "layers", i, layers.size());
    return layers.get(i);
  }

  /**
   * Number of layers.
   *
   * @return the count
   */
  public final int size() {
    return layers.size();
  }
}
