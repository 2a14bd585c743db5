package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A train/test split of a dataset, made by {@link #of} (random) or {@link #stratified} (random
 * within each class, keeping class proportions). The same seed always gives the same split.
 *
 * @param train the training samples
 * @param test the held-out samples
 */
public record Split(Dataset train, Dataset test) {

  /**
   * A random split: the samples are shuffled by a Fisher-Yates shuffle driven by
   * {@code new SplittableRandom(seed)} and the first {@code round(n·testFraction)} go to the test
   * set, the rest (in shuffled order) to the training set.
   *
   * @param data the samples to split ({@code n} of them); not modified
   * @param testFraction the share of samples held out, in (0, 1); the test set gets
   *     {@code round(n·testFraction)} samples
   * @param seed the shuffle's seed: the same seed and data give the same split
   * @return the split: {@code test} with {@code round(n·testFraction)} samples, {@code train} with
   *     the other {@code n - round(n·testFraction)}, both new datasets and together every sample
   *     exactly once
   * @throws IllegalArgumentException if {@code testFraction} is not in (0, 1) or leaves either
   *     part empty
   */
  public static Split of(Dataset data, double testFraction, long seed) {
    int n = data.size();
    int nTest = testCount("split", n, testFraction);
    int[] perm = permutation(n, new SplittableRandom(seed));
    int[] test = new int[nTest];
    int[] train = new int[n - nTest];
    System.arraycopy(perm, 0, test, 0, nTest);
    System.arraycopy(perm, nTest, train, 0, n - nTest);
    return new Split(data.subset(train), data.subset(test));
  }

  /**
   * A stratified split for class labels: within each class (in label order), the class's samples
   * are shuffled and {@code round(count·testFraction)} go to the test set, so both parts keep the
   * class proportions. Each part is then shuffled once more (same generator) so classes are
   * interleaved.
   *
   * @param data the samples to split, with class-label targets; not modified
   * @param testFraction the share of each class held out, in (0, 1); class {@code c} with
   *     {@code n_c} samples puts {@code round(n_c·testFraction)} into the test set
   * @param seed the seed of the one generator used for every shuffle: the same seed and data give
   *     the same split
   * @return the split: {@code test} with {@code sum_c round(n_c·testFraction)} samples,
   *     {@code train} with the rest, both new datasets and together every sample exactly once
   * @throws IllegalArgumentException if targets are not class labels, {@code testFraction} is
   *     not in (0, 1), or a part would be empty
   */
  public static Split stratified(Dataset data, double testFraction, long seed) {
    int[] labels = data.labels();
    testCount("stratified_split", data.size(), testFraction);
    TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
    for (int i = 0; i < labels.length; i++) {
      byClass.computeIfAbsent(labels[i], k -> new ArrayList<>()).add(i);
    }
    SplittableRandom rng = new SplittableRandom(seed);
    List<Integer> train = new ArrayList<>();
    List<Integer> test = new ArrayList<>();
    for (List<Integer> rows : byClass.values()) {
      int[] perm = permutation(rows.size(), rng);
      int k = (int) Math.round(rows.size() * testFraction);
      for (int j = 0; j < perm.length; j++) {
        (j < k ? test : train).add(rows.get(perm[j]));
      }
    }
    checkArgument(!test.isEmpty() && !train.isEmpty(), "stratified_split: test fraction %s of "
        + "%s samples leaves an empty %s set", testFraction, data.size(),
        test.isEmpty() ? "test" : "training");
    return new Split(data.subset(shuffled(train, rng)), data.subset(shuffled(test, rng)));
  }

  private static int testCount(String op, int n, double fraction) {
    checkArgument(fraction > 0 && fraction < 1, "%s: test fraction must be in (0, 1), got %s", op,
        fraction);
    int nTest = (int) Math.round(n * fraction);
    checkArgument(nTest >= 1 && nTest <= n - 1, "%s: test fraction %s of %s samples leaves an "
        + "empty %s set", op, fraction, n, nTest < 1 ? "test" : "training");
    return nTest;
  }

  private static int[] shuffled(List<Integer> rows, SplittableRandom rng) {
    int[] perm = permutation(rows.size(), rng);
    int[] out = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      out[i] = rows.get(perm[i]);
    }
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
  static int[] permutation(int n, SplittableRandom rng) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
