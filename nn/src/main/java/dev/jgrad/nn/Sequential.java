package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;
import java.util.List;

/**
 * Layers applied in order: {@code forward(x) = layers[n-1](... layers[1](layers[0](x)))}.
 *
 * <p>Layer {@code i} is registered as {@code layers.i}, so parameters are named
 * {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.2.weight}, ... (activations have
 * no parameters but keep their index). The list of layers is fixed at construction.
 */
public class Sequential extends Layer {
  private final List<Layer> layers;

  /**
   * A container of the given layers, in order.
   *
   * @throws IllegalArgumentException if there are no layers or one is null
   */
  public Sequential(Layer... layers) {
    this(List.of(layers));
  }

  /** A container of the given layers, in order; see {@link #Sequential(Layer...)}. */
  public Sequential(List<? extends Layer> layers) {
    checkArgument(!layers.isEmpty(), "sequential: no layers given");
    this.layers = List.copyOf(layers);
    for (int i = 0; i < this.layers.size(); i++) {
      registerLayer("layers." + i, this.layers.get(i));
    }
  }

  /** Applies each layer to the previous one's output. */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Layer m : layers) {
      x = m.forward(x);
    }
    return x;
  }

  /** The layers, in order (unmodifiable). */
  public final List<Layer> layers() {
    return layers;
  }

  /**
   * Layer {@code i}.
   *
   * @throws IllegalArgumentException if i is out of range
   */
  public final Layer get(int i) {
    checkArgument(i >= 0 && i < layers.size(), "sequential: layer %s is out of range for %s "
        + "layers", i, layers.size());
    return layers.get(i);
  }

  /** Number of layers. */
  public final int size() {
    return layers.size();
  }
}
