package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Sequential;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Vanishing and exploding gradients in a deep chain of L fully connected layers of n units,
 * {@code z[l] = a[l-1]·W[l]ᵀ + b[l]}, {@code a[l] = g(z[l])}, with the loss {@code J = Σ a[L]}
 * over a batch of random inputs. Backpropagation multiplies the error by every layer on its
 * way back,
 *
 * <pre>
 *   δ[l] = dJ/dz[l] = (δ[l+1] · W[l+1]) ⊙ g'(z[l])        (and dJ/db[l] = Σ_batch δ[l])
 * </pre>
 *
 * so with the course's {@code W[l] = 0.5·I} or {@code 1.5·I} and the identity as g, the
 * gradient reaching layer l is exactly {@code 0.5^(L-l)} or {@code 1.5^(L-l)} times the one at
 * the output: geometric vanishing or explosion (and the output itself is {@code 0.5^L x} or
 * {@code 1.5^L x}). With sigmoid activations, {@code σ' <= 1/4} shrinks it at every layer even
 * with well-scaled (Xavier) weights; ReLU with He initialization keeps it roughly level.
 *
 * <p>Plots the norm of {@code dJ/db[l]} (the backpropagated error) and of {@code dJ/dW[l]} per
 * layer, log scale, one line per chain. (For the linear chains every {@code dJ/dW[l]} has the
 * same norm: the error shrinks going back exactly as the activations grow going forward.)
 */
public final class VanishingGradients {
  private VanishingGradients() {}

  /**
   * The gradient norms of one chain.
   *
   * @param name e.g. {@code linear, W = 0.5 I}
   * @param biasGradNorms {@code ||dJ/db[l]||} for l = 1 (input side) .. L (output)
   * @param weightGradNorms {@code ||dJ/dW[l]||} (Frobenius) for l = 1 .. L
   * @param outputNorm {@code ||a[L]||} of the batch
   */
  public record Chain(String name, double[] biasGradNorms, double[] weightGradNorms,
      double outputNorm) {
    /** {@code ||dJ/db[1]|| / ||dJ/db[L]||}: how much smaller (or larger) layer 1's gradient is. */
    public double firstToLast() {
      return biasGradNorms[0] / biasGradNorms[biasGradNorms.length - 1];
    }
  }

  /**
   * The chains and the plots.
   *
   * @param chains linear 0.5·I, linear 1.5·I, sigmoid with Xavier weights, ReLU with He weights
   * @param files the plots written
   */
  public record Result(List<Chain> chains, List<Path> files) {}

  /**
   * Builds the four chains, differentiates {@code J} once each and plots the norms.
   *
   * @param layers L
   * @param width n, the units of every layer
   * @param batch rows of the random input
   * @param seed seeds the input and the random weights
   */
  public static Result run(int layers, int width, int batch, long seed, Path out) {
    SplittableRandom rng = new SplittableRandom(seed);
    Tensor x = Tensor.normal(rng, DType.FLOAT64, 0, 1, batch, width);
    List<Chain> chains = new ArrayList<>();
    chains.add(chain("linear, W = 0.5 I", scaledIdentity(0.5), Activation.IDENTITY, layers,
        width, x, rng));
    chains.add(chain("linear, W = 1.5 I", scaledIdentity(1.5), Activation.IDENTITY, layers,
        width, x, rng));
    chains.add(chain("sigmoid, Xavier normal W", Init.xavierNormal(), Activation.SIGMOID,
        layers, width, x, rng));
    chains.add(chain("ReLU, He normal W", Init.heNormal(), Activation.RELU, layers, width, x,
        rng));

    Map<String, double[]> bias = new LinkedHashMap<>();
    Map<String, double[]> weight = new LinkedHashMap<>();
    for (Chain c : chains) {
      bias.put(c.name(), c.biasGradNorms());
      weight.put(c.name(), c.weightGradNorms());
    }
    List<Path> files = new ArrayList<>();
    files.addAll(Plots.save(Plots.lineChart("Backpropagated error per layer, " + layers
        + " layers of " + width + " units", "layer l (1 = input side)", "||dJ/db[l]||", true,
        bias), out, "gradient-norms-per-layer"));
    files.addAll(Plots.save(Plots.lineChart("Weight gradient per layer, " + layers
        + " layers of " + width + " units", "layer l (1 = input side)", "||dJ/dW[l]||", true,
        weight), out, "weight-gradient-norms-per-layer"));
    return new Result(chains, files);
  }

  /** The initializer {@code c·I} for a square weight. */
  static Init scaledIdentity(double c) {
    return (rng, dtype, shape) -> Tensor.eye(dtype, shape[0]).mul(c);
  }

  /** Builds the chain, runs forward and backward once, and reads every layer's gradients. */
  static Chain chain(String name, Init init, Activation g, int layers, int width, Tensor x,
      SplittableRandom rng) {
    List<Layer> modules = new ArrayList<>();
    List<Linear> linears = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      Linear layer = new Linear(width, width, init, rng, DType.FLOAT64);
      linears.add(layer);
      modules.add(layer);
      if (g != Activation.IDENTITY) {
        modules.add(g.layer());
      }
    }
    Sequential net = new Sequential(modules);
    Tensor output = net.forward(x);
    output.sum().backward(); // J = Σ a[L]
    double[] db = new double[layers];
    double[] dw = new double[layers];
    for (int l = 0; l < layers; l++) {
      db[l] = norm(linears.get(l).bias().grad());
      dw[l] = norm(linears.get(l).weight().grad());
    }
    return new Chain(name, db, dw, norm(output));
  }

  static double norm(Tensor t) {
    return t.square().sum().sqrt().item();
  }

  /** Runs 30 layers of 16 units on a batch of 8 and prints the norms. */
  public static void main(String[] args) {
    Path out = Output.dir("vanishing-gradients");
    int layers = 30;
    Result r = run(layers, 16, 8, 3, out);
    System.out.println("A chain of 30 layers of 16 units, J = sum of the last layer's outputs over "
        + "a batch of 8 random inputs");
    System.out.println("||dJ/db[l]|| (the error backpropagated to layer l):");
    System.out.printf(Locale.ROOT, "  %-27s", "chain");
    int[] shown = {1, 5, 10, 15, 20, 25, 30};
    for (int l : shown) {
      System.out.printf(Locale.ROOT, "  l=%-7d", l);
    }
    System.out.println("   layer 1 / layer 30");
    for (Chain c : r.chains()) {
      System.out.printf(Locale.ROOT, "  %-27s", c.name());
      for (int l : shown) {
        System.out.printf(Locale.ROOT, "  %-9.3g", c.biasGradNorms()[l - 1]);
      }
      System.out.printf(Locale.ROOT, "   %.3g%n", c.firstToLast());
    }
    System.out.printf(Locale.ROOT, "Per layer the linear chains change by exactly 0.5x and 1.5x: "
        + "0.5^29 = %.3g, 1.5^29 = %.3g.%n", Math.pow(0.5, layers - 1),
        Math.pow(1.5, layers - 1));
    System.out.println("||dJ/dW[l]|| at layers 1 and 30, and the output's norm ||a[L]||:");
    for (Chain c : r.chains()) {
      System.out.printf(Locale.ROOT, "  %-27s  %-9.3g  %-9.3g  output %.3g%n", c.name(),
          c.weightGradNorms()[0], c.weightGradNorms()[layers - 1], c.outputNorm());
    }
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}
