package dev.jgrad.nn.train;

/**
 * Callbacks from {@link Trainer#fit}, e.g. for progress bars, logging, plots or early stopping
 * ({@link Trainer#stop()}). All methods do nothing by default; they run on the training thread.
 */
public interface TrainingListener {
  /**
   * Before the first epoch.
   *
   * @param epochs the epochs planned
   * @param batchesPerEpoch the loader's batches per epoch
   */
  default void onTrainStart(int epochs, int batchesPerEpoch) {}

  /**
   * After each optimizer step, with that batch's loss.
   *
   * @param epoch the epoch, from 0
   * @param batch the batch within the epoch, from 0
   * @param batchesPerEpoch the loader's batches per epoch
   * @param loss the batch's loss value
   */
  default void onBatchEnd(int epoch, int batch, int batchesPerEpoch, double loss) {}

  /**
   * After each epoch, with what it recorded.
   *
   * @param result the epoch's values
   */
  default void onEpochEnd(EpochResult result) {}

  /**
   * After the last epoch (or a stop).
   *
   * @param history every epoch's values
   */
  default void onTrainEnd(History history) {}
}
