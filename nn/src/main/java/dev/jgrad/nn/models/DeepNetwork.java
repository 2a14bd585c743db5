package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Linear;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An L-layer fully connected network (the course's "deep network"), built from layer sizes,
 * hidden activations and an initializer, and trained like every classic model:
 *
 * <pre>{@code
 * DeepNetwork net = DeepNetwork.builder(64, 64, 32, 10)   // n_x, hidden..., n_y
 *     .activation(Activation.RELU).task(Task.MULTICLASS).seed(0).build();
 * History h = net.fit(DataLoader.of(train, 64).shuffle(1), new Adam(net.parameters(), 1e-3), 30);
 * }</pre>
 *
 * <p>Layer l (1..L) is {@code Z[l] = A[l-1]·W[l]ᵀ + b[l]} with {@code W[l] [n_l, n_(l-1)]}, named
 * {@code layers.<i>.weight}; hidden layers apply their activation, the last layer's output is
 * read by the task. Weights are drawn layer by layer from one {@code SplittableRandom(seed)}.
 *
 * <p><b>Defaults</b> (a modern setup, not the course's): FLOAT32 parameters; ReLU hidden units;
 * task MULTICLASS; each hidden layer's weights from its activation's
 * {@link Activation#defaultInit()} (He normal {@code N(0, 2/n_(l-1))} for ReLU and leaky ReLU,
 * Xavier uniform with the activation's gain otherwise) and the output layer's from Xavier
 * uniform; zero biases; seed 0; no dropout. The optimizer is the caller's (the examples use
 * Adam).
 *
 * <p><b>The course's model</b> (ReLU hidden layers, a sigmoid output, weights
 * {@code randn(n_l, n_(l-1)) / sqrt(n_(l-1))} in every layer, float64, plain full-batch
 * gradient descent):
 *
 * <pre>{@code
 * DeepNetwork net = DeepNetwork.builder(12288, 20, 7, 5, 1).task(Task.BINARY)
 *     .init(Init.lecunNormal()).dtype(DType.FLOAT64).build();
 * net.fit(DataLoader.of(train, train.size()), new SGD(net.parameters(), 0.0075), 2500);
 * }</pre>
 */
public final class DeepNetwork extends Network {
  private DeepNetwork(Task task, List<Layer> layers) {
    super(task, layers);
  }

  /**
   * A builder for a network with the given layer sizes.
   *
   * @param sizes {@code n_x, n_1, ..., n_L}: input features, hidden units..., output units
   * @return the builder
   * @throws IllegalArgumentException if fewer than 2 sizes or one is not positive
   */
  public static Builder builder(int... sizes) {
    return new Builder().sizes(sizes);
  }

  /** Configures a {@link DeepNetwork}; methods return this. */
  public static final class Builder {
    private int[] sizes;
    private Activation[] activations = {Activation.RELU};
    private Task task = Task.MULTICLASS;
    private Init init;
    private double dropout;
    private long seed;
    private DType dtype = DType.FLOAT32;

    private Builder() {}

    /**
     * Layer sizes {@code n_x, n_1, ..., n_L}.
     *
     * @param sizes the sizes
     * @return this
     * @throws IllegalArgumentException if fewer than 2 or one is not positive
     */
    public Builder sizes(int... sizes) {
      checkArgument(sizes != null && sizes.length >= 2, "deep_network: need at least input and "
          + "output sizes, got %s", Arrays.toString(sizes));
      for (int s : sizes) {
        checkArgument(s > 0, "deep_network: layer sizes must be positive, got %s",
            Arrays.toString(sizes));
      }
      this.sizes = sizes.clone();
      return this;
    }

    /**
     * One activation for every hidden layer (default RELU).
     *
     * @param activation the hidden activation
     * @return this
     */
    public Builder activation(Activation activation) {
      this.activations = new Activation[] {activation};
      return this;
    }

    /**
     * One activation per hidden layer (as many as sizes minus 2), checked at {@link #build()}.
     *
     * @param perHiddenLayer the activations, in order
     * @return this
     */
    public Builder activations(Activation... perHiddenLayer) {
      this.activations = perHiddenLayer.clone();
      return this;
    }

    /**
     * The task (default MULTICLASS).
     *
     * @param task what the output means
     * @return this
     */
    public Builder task(Task task) {
      this.task = task;
      return this;
    }

    /**
     * The weight initializer for every layer, output included (biases start at zero); e.g.
     * {@link Init#lecunNormal()} for the course's {@code randn / sqrt(n_(l-1))}. Default: each
     * hidden layer's {@link Activation#defaultInit()} and Xavier uniform for the output layer.
     *
     * @param init the initializer
     * @return this
     */
    public Builder init(Init init) {
      this.init = init;
      return this;
    }

    /**
     * Dropout probability after each hidden activation (default 0: none); each layer's mask seed
     * is drawn from the seed's generator.
     *
     * @param p the drop probability
     * @return this
     * @throws IllegalArgumentException unless in [0, 1)
     */
    public Builder dropout(double p) {
      checkArgument(p >= 0 && p < 1, "deep_network: dropout must be in [0, 1), got %s", p);
      this.dropout = p;
      return this;
    }

    /**
     * The seed of the weights (and dropout masks); default 0.
     *
     * @param seed the seed
     * @return this
     */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * The parameters' dtype (default FLOAT32).
     *
     * @param dtype FLOAT32 or FLOAT64
     * @return this
     */
    public Builder dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    /**
     * The network.
     *
     * @return a new network
     * @throws IllegalArgumentException if sizes are missing, the number of activations does not
     *     match the hidden layers, or the output size does not fit the task
     */
    public DeepNetwork build() {
      checkArgument(sizes != null, "deep_network: sizes not set");
      int hidden = sizes.length - 2;
      checkArgument(activations.length == 1 || activations.length == hidden, "deep_network: %s "
          + "activations for %s hidden layers (sizes %s)", activations.length, hidden,
          Arrays.toString(sizes));
      SplittableRandom rng = new SplittableRandom(seed);
      List<Layer> layers = new ArrayList<>();
      for (int l = 1; l < sizes.length; l++) {
        boolean output = l == sizes.length - 1;
        Activation g = output ? null : activations[activations.length == 1 ? 0 : l - 1];
        Init w = init != null ? init : output ? Init.xavierUniform() : g.defaultInit();
        layers.add(new Linear(sizes[l - 1], sizes[l], w, rng, dtype));
        if (!output) {
          layers.add(g.layer());
          if (dropout > 0) {
            layers.add(new Dropout(dropout, rng.nextLong()));
          }
        }
      }
      return new DeepNetwork(task, layers);
    }
  }
}
