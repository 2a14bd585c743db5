package dev.jgrad.examples;

import dev.jgrad.Tensor;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.models.Perceptron;
import dev.jgrad.nn.optim.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * Rosenblatt's perceptron on Iris, as in Raschka's <i>Python Machine Learning</i>, chapter 2: the
 * first 100 flowers (setosa → -1, versicolor → +1), two features (sepal length and petal length,
 * in cm), learning rate η = 0.1, 10 epochs, weights starting at zero. Each misclassified sample
 * moves the weights by {@code Δw = η(y - ŷ)x}; the two classes are linearly separable, so the
 * number of updates per epoch falls to zero and stays there.
 *
 * <p>Prints the misclassifications per epoch and the final weights; plots both the errors per
 * epoch and the decision regions.
 */
public final class PerceptronIris {
  private PerceptronIris() {}

  /** The class names of {@link #setosaVersicolor()}: index 0 is -1, index 1 is +1. */
  public static final List<String> CLASSES = List.of("setosa", "versicolor");

  /**
   * What the perceptron learned.
   *
   * @param weight {@code w} for (sepal length, petal length)
   * @param bias {@code b}
   * @param errorsPerEpoch misclassified samples (= updates) in each epoch
   * @param accuracy fraction of the 100 flowers classified correctly after training
   * @param files the plots written
   */
  public record Result(double[] weight, double bias, int[] errorsPerEpoch, double accuracy,
      List<Path> files) {}

  /**
   * Iris setosa and versicolor (the first 100 flowers) with sepal length and petal length as
   * features, targets -1 (setosa) and +1 (versicolor).
   */
  public static Dataset setosaVersicolor() {
    int[] first100 = new int[100];
    Arrays.setAll(first100, i -> i);
    Dataset two = Datasets.iris().subset(first100).selectFeatures(0, 2);
    Tensor plusMinusOne = two.targets().mul(2).sub(1); // labels 0, 1 → -1, +1
    return new Dataset(two.features(), plusMinusOne, CLASSES);
  }

  /** Class indices 0/1 of ±1 targets (for plotting). */
  static int[] classIndices(Tensor plusMinusOne) {
    return Arrays.stream(plusMinusOne.toDoubleArray()).mapToInt(v -> v > 0 ? 1 : 0).toArray();
  }

  /** Trains with rate {@code eta} for {@code epochs}; writes the plots into {@code out}. */
  public static Result run(double eta, int epochs, Path out) {
    Dataset data = setosaVersicolor();
    Perceptron p = new Perceptron(2); // w = 0, b = 0
    // SGD on the perceptron's loss, one flower at a time in order, is the perceptron rule; the
    // loss of an epoch is the fraction misclassified, i.e. updated.
    double[] misclassified = p.fit(DataLoader.of(data, 1), new SGD(p.parameters(), eta), epochs)
        .losses();
    int[] errors = Arrays.stream(misclassified).mapToInt(f -> (int) Math.round(f * data.size()))
        .toArray();
    double accuracy = p.accuracy(data);

    List<Path> files = new ArrayList<>();
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("updates", Arrays.stream(errors).asDoubleStream().toArray());
    XYChart errorChart = Plots.lineChart("Perceptron: misclassifications per epoch (eta = " + eta
        + ")", "epoch", "number of updates", false, series);
    errorChart.getStyler().setyAxisTickLabelsFormattingFunction(
        v -> v == Math.rint(v) ? Integer.toString((int) Math.rint(v)) : ""); // counts: integers
    files.addAll(Plots.save(errorChart, out, "errors-per-epoch"));
    files.addAll(Plots.save(Plots.decisionRegions("Perceptron decision regions",
        "sepal length [cm]", "petal length [cm]", data.features(),
        classIndices(data.targets()), CLASSES, grid -> p.predict(grid).gt(0.0)), out,
        "decision-regions"));
    return new Result(p.weight().toDoubleArray(), p.bias().item(), errors, accuracy, files);
  }

  /** Runs the book's setting (η = 0.1, 10 epochs) and prints the results. */
  public static void main(String[] args) {
    Path out = Output.dir("perceptron-iris");
    System.out.println("Perceptron on Iris setosa (-1) vs versicolor (+1), features sepal length "
        + "and petal length; eta 0.1, 10 epochs, weights start at 0");
    Result r = run(0.1, 10, out);
    System.out.println("Misclassifications per epoch: " + Arrays.toString(r.errorsPerEpoch()));
    System.out.printf(Locale.ROOT, "Final weights: w = [%.2f, %.2f] (sepal, petal), b = %.2f%n",
        r.weight()[0], r.weight()[1], r.bias());
    System.out.printf(Locale.ROOT, "Decision boundary: %.2f*sepal %+.2f*petal %+.2f = 0%n",
        r.weight()[0], r.weight()[1], r.bias());
    System.out.printf(Locale.ROOT, "Training accuracy: %.0f%%%n", 100 * r.accuracy());
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}
