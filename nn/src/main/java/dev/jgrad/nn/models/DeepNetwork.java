package dev.jgrad.nn.models;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Dropout;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * An L-layer fully connected network (the course's "deep network"), built from layer sizes,
 * hidden activations, an initializer and an optimizer:
 *
 * <pre>{@code
 * DeepNetwork net = DeepNetwork.builder(64, 64, 32, 10)   // n_x, hidden..., n_y
 *     .activation(Activation.RELU)
 *     .task(Task.MULTICLASS)
 *     .optimizer(params -> new Adam(params, 1e-3))
 *     .seed(0)
 *     .build();
 * History h = net.fit(DataLoader.of(train, 64).shuffle(1), 30);
 * }</pre>
 *
 * <p>Layer l (1..L) is {@code Z[l] = A[l-1]·W[l]ᵀ + b[l]} with {@code W[l] [n_l, n_(l-1)]}, named
 * {@code layers.<i>.weight}; hidden layers apply their activation, the last layer's output is
 * read by the task. Weights are drawn layer by layer from one {@code SplittableRandom(seed)}.
 */
public final class DeepNetwork extends Network {
  private final Optimizer optimizer;

  private DeepNetwork(Task task, List<Layer> layers,
      Function<List<Tensor>, Optimizer> optimizerFactory) {
    super(task, layers);
    this.optimizer = optimizerFactory.apply(parameters());
    checkArgument(optimizer != null, "deep_network: the optimizer factory returned null");
  }

  /**
   * A builder for a network with the given layer sizes {@code n_x, n_1, ..., n_L} (input
   * features, hidden units..., output units).
   */
  public static Builder builder(int... sizes) {
    return new Builder().sizes(sizes);
  }

  /** The optimizer built for this network's parameters. */
  public Optimizer optimizer() {
    return optimizer;
  }

  /** A {@link Trainer} for this network, its task's loss and its optimizer (add metrics, listeners). */
  public Trainer trainer() {
    return new Trainer(this, this::loss, optimizer);
  }

  /** Trains for {@code epochs} passes over {@code loader} with its own optimizer. */
  public History fit(DataLoader loader, int epochs) {
    return trainer().epochs(epochs).fit(loader);
  }

  /** Configures a {@link DeepNetwork}; methods return this. */
  public static final class Builder {
    private int[] sizes;
    private Activation[] activations = {Activation.RELU};
    private Task task = Task.MULTICLASS;
    private Init init;
    private double dropout;
    private Function<List<Tensor>, Optimizer> optimizer = p -> new Adam(p, 1e-3);
    private long seed;
    private DType dtype = DType.FLOAT32;

    private Builder() {}

    /**
     * Layer sizes {@code n_x, n_1, ..., n_L}.
     *
     * @throws IllegalArgumentException if fewer than 2 or one is not positive
     */
    public Builder sizes(int... sizes) {
      checkArgument(sizes.length >= 2, "deep_network: need at least input and output sizes, got "
          + "%s", Arrays.toString(sizes));
      for (int s : sizes) {
        checkArgument(s > 0, "deep_network: layer sizes must be positive, got %s",
            Arrays.toString(sizes));
      }
      this.sizes = sizes.clone();
      return this;
    }

    /** One activation for every hidden layer (default RELU). */
    public Builder activation(Activation activation) {
      this.activations = new Activation[] {activation};
      return this;
    }

    /**
     * One activation per hidden layer (as many as sizes minus 2), checked at {@link #build()}.
     */
    public Builder activations(Activation... perHiddenLayer) {
      this.activations = perHiddenLayer.clone();
      return this;
    }

    /** The task (default MULTICLASS). */
    public Builder task(Task task) {
      this.task = task;
      return this;
    }

    /**
     * The weight initializer for every layer (biases start at zero). Default: each hidden
     * layer's {@link Activation#defaultInit()} (He for ReLU, Xavier otherwise) and Xavier
     * uniform for the output layer.
     */
    public Builder init(Init init) {
      this.init = init;
      return this;
    }

    /**
     * Dropout probability after each hidden activation (default 0: none); masks come from the
     * seed's generator.
     *
     * @throws IllegalArgumentException unless in [0, 1)
     */
    public Builder dropout(double p) {
      checkArgument(p >= 0 && p < 1, "deep_network: dropout must be in [0, 1), got %s", p);
      this.dropout = p;
      return this;
    }

    /** Makes the optimizer from the parameters (default Adam with rate 1e-3). */
    public Builder optimizer(Function<List<Tensor>, Optimizer> factory) {
      this.optimizer = factory;
      return this;
    }

    /** The seed of the weights (and dropout masks); default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The parameters' dtype (default FLOAT32). */
    public Builder dtype(DType dtype) {
      this.dtype = dtype;
      return this;
    }

    /**
     * The network.
     *
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
            layers.add(new Dropout(dropout, rng.split()));
          }
        }
      }
      return new DeepNetwork(task, layers, optimizer);
    }
  }
}
