package dev.jgrad.nn.train;

/**
 * Callbacks from {@link Trainer#fit}, e.g. for progress bars, logging, plots or early stopping
 * ({@link Trainer#stop()}). All methods do nothing by default; they run on the training thread.
 */
public interface TrainingListener {
  /** Before the first epoch. */
  default void onTrainStart(int epochs, int batchesPerEpoch) {}

  /** After each optimizer step, with that batch's loss. */
  default void onBatchEnd(int epoch, int batch, int batchesPerEpoch, double loss) {}

  /** After each epoch, with what it recorded. */
  default void onEpochEnd(EpochResult result) {}

  /** After the last epoch (or a stop). */
  default void onTrainEnd(History history) {}
}
