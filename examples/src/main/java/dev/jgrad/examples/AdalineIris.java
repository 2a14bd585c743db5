package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.models.Adaline;
import dev.jgrad.nn.optim.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.knowm.xchart.XYChart;

/**
 * Adaline (ADAptive LInear NEuron) on the perceptron's Iris data, as in Raschka's chapter 2. The
 * model is the linear net input {@code z = w·x + b}, trained by gradient descent on
 * {@code J = ½ Σ (y - z)²}, whose gradient {@code backward()} computes; predictions are the sign
 * of z. Four runs show why the learning rate and feature scaling matter:
 *
 * <ol>
 *   <li>batch gradient descent on the raw features (cm) with η = 0.01: each step overshoots the
 *       minimum by more than it corrects, so the cost grows geometrically (divergence);
 *   <li>the same with η = 0.0001: the cost falls, but so slowly that 10 epochs are not enough;
 *   <li>standardized features ({@code (x - μ)/σ}) with η = 0.01 for 15 epochs: the cost surface
 *       becomes round, the same rate converges in a few epochs and all 100 flowers are
 *       classified correctly;
 *   <li>stochastic gradient descent (one update per flower, reshuffled every epoch) on the
 *       standardized features: the average cost per sample drops after the first epoch.
 * </ol>
 *
 * Plots: the cost of runs 1 and 2 on one log-scale chart (and run 2 alone on a linear scale), the
 * cost and decision regions of runs 3 and 4.
 */
public final class AdalineIris {
  private AdalineIris() {}

  /**
   * Costs per epoch and accuracies of the four runs.
   *
   * @param rawFast costs (½ SSE) with η = 0.01 on raw features
   * @param rawSlow costs with η = 0.0001 on raw features
   * @param standardized costs with η = 0.01 on standardized features
   * @param stochastic mean per-sample cost of SGD on standardized features
   * @param accuracyStandardized training accuracy of run 3
   * @param accuracyStochastic training accuracy of run 4
   * @param files the plots written
   */
  public record Result(double[] rawFast, double[] rawSlow, double[] standardized,
      double[] stochastic, double accuracyStandardized, double accuracyStochastic,
      List<Path> files) {}

  /**
   * Runs the four experiments.
   *
   * @param rawEpochs epochs of runs 1 and 2 (the book: 10)
   * @param stdEpochs epochs of runs 3 and 4 (the book: 15)
   * @param seed seeds the initial weights (N(0, 0.01²), as in the book) and the SGD shuffling
   */
  public static Result run(int rawEpochs, int stdEpochs, long seed, Path out) {
    Dataset data = PerceptronIris.setosaVersicolor();
    Tensor x = data.features();
    Tensor y = data.targets();

    // Batch gradient descent: one batch of all 100 flowers, one update per epoch.
    Adaline fast = bookAdaline(seed);
    double[] fastCost = fast.fit(DataLoader.of(data, data.size()),
        new SGD(fast.parameters(), 0.01), rawEpochs).losses();
    Adaline slow = bookAdaline(seed);
    double[] slowCost = slow.fit(DataLoader.of(data, data.size()),
        new SGD(slow.parameters(), 0.0001), rawEpochs).losses();

    Standardizer scaler = Standardizer.fit(x);
    Tensor xStd = scaler.transform(x);
    Dataset std = new Dataset(xStd, y, data.classNames());
    Adaline gd = bookAdaline(seed);
    double[] gdCost = gd.fit(DataLoader.of(std, std.size()), new SGD(gd.parameters(), 0.01),
        stdEpochs).losses();
    // Stochastic gradient descent: one flower per update, reshuffled every epoch.
    Adaline sgd = bookAdaline(seed);
    double[] sgdCost = sgd.fit(DataLoader.of(std, 1).shuffle(seed),
        new SGD(sgd.parameters(), 0.01), stdEpochs).losses();
    double accGd = gd.accuracy(std);
    double accSgd = sgd.accuracy(std);

    List<Path> files = new ArrayList<>();
    Map<String, double[]> raw = new LinkedHashMap<>();
    raw.put("eta = 0.01 (diverges)", fastCost);
    raw.put("eta = 0.0001 (slow)", slowCost);
    XYChart rawChart = Plots.lineChart("Adaline, raw features: cost per epoch (log scale)",
        "epoch", "cost  J = SSE / 2", true, raw);
    files.addAll(Plots.save(rawChart, out, "cost-raw-features"));
    Map<String, double[]> slowOnly = new LinkedHashMap<>();
    slowOnly.put("eta = 0.0001", slowCost);
    files.addAll(Plots.save(Plots.lineChart("Adaline, raw features, eta = 0.0001: slow progress",
        "epoch", "cost  J = SSE / 2", false, slowOnly), out, "cost-raw-features-slow"));

    Map<String, double[]> stdCost = new LinkedHashMap<>();
    stdCost.put("batch GD, eta = 0.01", gdCost);
    files.addAll(Plots.save(Plots.lineChart("Adaline, standardized features: cost per epoch",
        "epoch", "cost  J = SSE / 2", false, stdCost), out, "cost-standardized"));
    Map<String, double[]> sto = new LinkedHashMap<>();
    sto.put("SGD, eta = 0.01", sgdCost);
    files.addAll(Plots.save(Plots.lineChart("Adaline SGD: average cost per sample",
        "epoch", "mean of (y - z)^2 / 2", false, sto), out, "cost-stochastic"));

    int[] classes = PerceptronIris.classIndices(y);
    files.addAll(Plots.save(Plots.decisionRegions("Adaline (batch gradient descent)",
        "sepal length [standardized]", "petal length [standardized]", xStd, classes,
        PerceptronIris.CLASSES, grid -> gd.predict(grid).gt(0.0)), out,
        "decision-regions-batch"));
    files.addAll(Plots.save(Plots.decisionRegions("Adaline (stochastic gradient descent)",
        "sepal length [standardized]", "petal length [standardized]", xStd, classes,
        PerceptronIris.CLASSES, grid -> sgd.predict(grid).gt(0.0)), out,
        "decision-regions-stochastic"));
    return new Result(fastCost, slowCost, gdCost, sgdCost, accGd, accSgd, files);
  }

  /** Raschka's start: weights N(0, 0.01²) from the seed, bias 0 (the course starts from 0). */
  private static Adaline bookAdaline(long seed) {
    return new Adaline(2, Init.smallRandom(), new SplittableRandom(seed), DType.FLOAT64);
  }

  static String costs(double[] c) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < c.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.4g", c[i]));
    }
    return sb.append(']').toString();
  }

  /** Runs the book's settings (10 epochs raw, 15 standardized) and prints the costs. */
  public static void main(String[] args) {
    Path out = Output.dir("adaline-iris");
    System.out.println("Adaline on Iris setosa vs versicolor (sepal length, petal length); cost "
        + "J = 1/2 * sum (y - z)^2");
    Result r = run(10, 15, 1, out);
    System.out.println("1. Batch GD, raw features, eta 0.01   (diverges):  " + costs(r.rawFast()));
    System.out.println("2. Batch GD, raw features, eta 0.0001 (slow):      " + costs(r.rawSlow()));
    System.out.println("3. Batch GD, standardized, eta 0.01 (converges):   "
        + costs(r.standardized()));
    System.out.printf(Locale.ROOT, "   training accuracy %.0f%%%n", 100 * r.accuracyStandardized());
    System.out.println("4. SGD, standardized, eta 0.01 (mean cost/sample): "
        + costs(r.stochastic()));
    System.out.printf(Locale.ROOT, "   training accuracy %.0f%%%n", 100 * r.accuracyStochastic());
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}
