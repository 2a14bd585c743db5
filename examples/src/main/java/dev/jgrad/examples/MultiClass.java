package dev.jgrad.examples;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Split;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.ConfusionMatrix;
import dev.jgrad.nn.models.MultiLabelClassifier;
import dev.jgrad.nn.models.Network;
import dev.jgrad.nn.models.SoftmaxRegression;
import dev.jgrad.nn.optim.SGD;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Two ways to classify C > 2 classes with one layer of C neurons, {@code Z = X·Wᵀ + b}:
 *
 * <ul>
 *   <li><b>softmax regression</b>: {@code P(c | x) = softmax(z)_c}, trained on the softmax
 *       cross-entropy; the C probabilities compete and sum to 1;
 *   <li><b>C independent sigmoid neurons</b> (one-vs-rest): unit c is a logistic regression for
 *       "is it class c?", trained on the sum of C binary cross-entropies against one-hot
 *       targets; each {@code σ(z_c)} is on its own, so a flower can get several "yes" or none.
 * </ul>
 *
 * Both predict the class with the largest output. On Iris (4 features) and Wine (13 features),
 * standardized, 30% held out, trained by full-batch gradient descent, the program prints each
 * model's test accuracy and confusion matrix and how far the sigmoid outputs are from summing to
 * 1. Plots: the four confusion matrices, and both models' decision regions on Iris' two petal
 * features (versicolor, in the middle, cannot be cut from the other two by one line, so its
 * sigmoid unit is weak and the one-vs-rest regions are worse there).
 */
public final class MultiClass {
  private MultiClass() {}

  /**
   * One model on one dataset.
   *
   * @param dataset iris or wine
   * @param model softmax or sigmoid
   * @param testAccuracy fraction of held-out samples classified correctly
   * @param confusion the held-out confusion matrix
   * @param classNames the dataset's class names
   * @param meanProbabilitySum mean over test rows of the sum of the C output probabilities
   *     (exactly 1 for softmax)
   * @param maxProbabilityGap largest |sum − 1| over test rows
   */
  public record Evaluation(String dataset, String model, double testAccuracy,
      ConfusionMatrix confusion, List<String> classNames, double meanProbabilitySum,
      double maxProbabilityGap) {}

  /**
   * All evaluations and the plots.
   *
   * @param evaluations iris softmax, iris sigmoid, wine softmax, wine sigmoid
   * @param files the plots written
   */
  public record Result(List<Evaluation> evaluations, List<Path> files) {}

  /**
   * Trains both models on Iris and Wine.
   *
   * @param epochs full-batch gradient steps per model
   * @param lr the gradient-descent step size
   * @param seed seeds the splits
   */
  public static Result run(int epochs, double lr, long seed, Path out) {
    List<Evaluation> evals = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    Map<String, Dataset> datasets = new LinkedHashMap<>();
    datasets.put("iris", Datasets.iris());
    datasets.put("wine", Datasets.wine());
    for (Map.Entry<String, Dataset> e : datasets.entrySet()) {
      Split split = Split.stratified(e.getValue(), 0.3, seed);
      Standardizer scaler = Standardizer.fit(split.train());
      Dataset train = scaler.transform(split.train());
      Dataset test = scaler.transform(split.test());
      int c = e.getValue().numClasses();
      Network softmax = trainSoftmax(train, epochs, lr);
      Network sigmoids = trainSigmoids(train, epochs, lr);
      for (Network model : List.of(softmax, sigmoids)) {
        String name = model == softmax ? "softmax regression"
            : c + " independent sigmoid neurons";
        Evaluation ev = evaluate(e.getKey(), name, model, test);
        evals.add(ev);
        files.addAll(Plots.save(Plots.confusionMatrix(e.getKey() + ": " + name + " (test set)",
            ev.confusion(), ev.classNames()), out, "confusion-" + e.getKey() + "-"
            + (model == softmax ? "softmax" : "sigmoid")));
      }
    }

    // Decision regions need two features: retrain both models on Iris' petal length and width.
    Dataset iris = Datasets.iris().selectFeatures(2, 3);
    Dataset petals = Standardizer.fit(iris).transform(iris);
    Network softmax2 = trainSoftmax(petals, epochs, lr);
    Network sigmoids2 = trainSigmoids(petals, epochs, lr);
    int[] labels = petals.labels();
    files.addAll(Plots.save(Plots.decisionRegions("Iris: softmax regression",
        "petal length [standardized]", "petal width [standardized]", petals.features(), labels,
        petals.classNames(), grid -> softmax2.predictProbabilities(grid).argmax(1)), out,
        "decision-regions-softmax"));
    files.addAll(Plots.save(Plots.decisionRegions("Iris: 3 independent sigmoid neurons",
        "petal length [standardized]", "petal width [standardized]", petals.features(), labels,
        petals.classNames(), grid -> sigmoids2.predictProbabilities(grid).argmax(1)), out,
        "decision-regions-sigmoid"));
    return new Result(evals, files);
  }

  /** Softmax regression from zero weights, full-batch gradient descent. */
  static Network trainSoftmax(Dataset train, int epochs, double lr) {
    SoftmaxRegression model = new SoftmaxRegression(train.numFeatures(), train.numClasses(),
        DType.FLOAT64);
    model.fit(DataLoader.of(train, train.size()), new SGD(model.parameters(), lr), epochs);
    return model;
  }

  /** C sigmoid units from zero weights on one-hot targets, full-batch gradient descent. */
  static Network trainSigmoids(Dataset train, int epochs, double lr) {
    int c = train.numClasses();
    MultiLabelClassifier model = new MultiLabelClassifier(train.numFeatures(), c, DType.FLOAT64);
    Dataset oneHot = train.withTargets(OneHot.encode(train.targets(), c, train.dtype()));
    model.fit(DataLoader.of(oneHot, train.size()), new SGD(model.parameters(), lr), epochs);
    return model;
  }

  static Evaluation evaluate(String dataset, String name, Network model, Dataset test) {
    int c = test.numClasses();
    Tensor p = model.predictProbabilities(test.features()); // [n, C]
    Tensor predicted = p.argmax(1);
    ConfusionMatrix cm = ConfusionMatrix.of(predicted, test.targets(), c);
    Tensor sums = p.sum(1);
    return new Evaluation(dataset, name, cm.accuracy(), cm, test.classNames(),
        sums.mean().item(), sums.sub(1.0).abs().max().item());
  }

  /** Trains with 300 full-batch steps of size 0.1 and prints accuracies and confusion matrices. */
  public static void main(String[] args) {
    Path out = Output.dir("multi-class");
    System.out.println("Softmax regression vs one independent sigmoid neuron per class; 70/30 "
        + "stratified split, standardized, 300 full-batch gradient steps (lr 0.1) from zero");
    Result r = run(300, 0.1, 5, out);
    for (Evaluation ev : r.evaluations()) {
      System.out.printf(Locale.ROOT, "%n%s, %s: test accuracy %.1f%% (%d samples)%n",
          ev.dataset(), ev.model(), 100 * ev.testAccuracy(), ev.confusion().total());
      System.out.printf(Locale.ROOT, "  output probabilities per sample sum to %.3f on average "
          + "(largest |sum - 1| = %.3f)%n", ev.meanProbabilitySum(), ev.maxProbabilityGap());
      System.out.println("  confusion matrix (rows actual, columns predicted):");
      System.out.println("  " + ev.confusion().format(ev.classNames()).replace("\n", "\n  "));
    }
    System.out.println();
    System.out.println("Plots written to " + out + ":");
    r.files().forEach(f -> System.out.println("  " + f.getFileName()));
  }
}
