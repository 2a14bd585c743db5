package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Mini-batches over a dataset, epoch after epoch: each {@link #iterator()} (each {@code for}
 * loop over the loader) is the next epoch.
 *
 * <pre>{@code
 * DataLoader loader = DataLoader.of(train, 64).shuffle(42).dropLast(true);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : loader) { ... }
 * }
 * }</pre>
 *
 * <p>Without shuffling, batches take rows in order. With {@link #shuffle(long)}, epoch {@code e}
 * uses a Fisher-Yates permutation from a generator seeded by {@code (seed, e)} alone, so a run is
 * reproducible and {@link #epoch(int)} can replay any epoch. The last batch is smaller when the
 * batch size does not divide n, unless {@link #dropLast(boolean)} drops it. The configuration
 * methods return new loaders; only the epoch counter of {@code iterator()} is state.
 */
public final class DataLoader implements Iterable<Batch> {
  private final Dataset data;
  private final int batchSize;
  private final boolean shuffle;
  private final long seed;
  private final boolean dropLast;
  private int nextEpoch;

  private DataLoader(Dataset data, int batchSize, boolean shuffle, long seed, boolean dropLast) {
    this.data = data;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    this.dropLast = dropLast;
    checkArgument(numBatches() > 0, "data_loader: drop-last with batch size %s leaves no batch "
        + "of %s samples", batchSize, data.size());
  }

  /**
   * In-order batches of {@code batchSize} rows (the last may be smaller).
   *
   * @param data the dataset to batch (not copied)
   * @param batchSize rows per batch, {@code >= 1}
   * @return a loader over {@code data}
   * @throws IllegalArgumentException if the dataset is null or the batch size is not positive
   */
  public static DataLoader of(Dataset data, int batchSize) {
    checkArgument(data != null, "data_loader: dataset is null");
    checkArgument(batchSize > 0, "data_loader: batch size must be positive, got %s", batchSize);
    return new DataLoader(data, batchSize, false, 0, false);
  }

  /**
   * A loader like this one that reshuffles every epoch from {@code seed}.
   *
   * @param seed the seed of epoch 0's permutation (each epoch draws its own)
   * @return the shuffling loader
   */
  public DataLoader shuffle(long seed) {
    return new DataLoader(data, batchSize, true, seed, dropLast);
  }

  /**
   * A loader like this one that drops (or keeps) an incomplete last batch.
   *
   * @param drop whether to drop a last batch smaller than the batch size
   * @return the loader
   * @throws IllegalArgumentException if dropping would leave no batch at all
   */
  public DataLoader dropLast(boolean drop) {
    return new DataLoader(data, batchSize, shuffle, seed, drop);
  }

  /** {@return the dataset} */
  public Dataset dataset() {
    return data;
  }

  /** {@return the batch size} */
  public int batchSize() {
    return batchSize;
  }

  /** {@return batches per epoch: {@code floor(n/b)} with drop-last, else {@code ceil(n/b)}} */
  public int numBatches() {
    int n = data.size();
    return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
  }

  /**
   * The row order of an epoch (identity without shuffling).
   *
   * @param epoch the epoch, from 0
   * @return a permutation of {@code [0, n)}
   * @throws IllegalArgumentException if the epoch is negative
   */
  public int[] order(int epoch) {
    checkArgument(epoch >= 0, "data_loader: epoch must be >= 0, got %s", epoch);
    int n = data.size();
    if (!shuffle) {
      int[] p = new int[n];
      for (int i = 0; i < n; i++) {
        p[i] = i;
      }
      return p;
    }
    // Independent stream per epoch: SplittableRandom mixes the seed, so nearby seeds are fine.
    return Split.permutation(n, new SplittableRandom(seed + 0x9E3779B97F4A7C15L * (epoch + 1L)));
  }

  /**
   * The batches of an epoch, materialized.
   *
   * @param epoch the epoch, from 0
   * @return the epoch's batches in order
   * @throws IllegalArgumentException if the epoch is negative
   */
  public List<Batch> epoch(int epoch) {
    int[] order = order(epoch);
    List<Batch> out = new ArrayList<>();
    for (int b = 0; b < numBatches(); b++) {
      int from = b * batchSize;
      int to = Math.min(from + batchSize, order.length);
      int[] idx = java.util.Arrays.copyOfRange(order, from, to);
      out.add(new Batch(data.features().indexSelect(0, idx), data.targets().indexSelect(0, idx),
          idx));
    }
    return out;
  }

  /** {@return the batches of the next epoch (0 on the first call, then 1, 2, ...)} */
  @Override
  public Iterator<Batch> iterator() {
    return epoch(nextEpoch++).iterator();
  }

  /** {@return the epoch the next {@link #iterator()} call will produce} */
  public int nextEpoch() {
    return nextEpoch;
  }
}
