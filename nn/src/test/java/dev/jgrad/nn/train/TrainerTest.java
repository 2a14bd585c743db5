package dev.jgrad.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Datasets;
import dev.jgrad.nn.data.Standardizer;
import dev.jgrad.nn.metrics.Metric;
import dev.jgrad.nn.optim.LrSchedule;
import dev.jgrad.nn.optim.SGD;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private static Dataset iris() {
    Dataset d = Datasets.iris();
    return Standardizer.fit(d).transform(d);
  }

  private static Sequential model() {
    SplittableRandom rng = new SplittableRandom(3);
    return new Sequential(new Linear(4, 8, Init.heNormal(), rng, DType.FLOAT64), new ReLU(),
        new Linear(8, 3, Init.xavierUniform(), rng, DType.FLOAT64));
  }

  @Test
  void fitIsExactlyThePlainLoopPlusBookkeeping() {
    Dataset data = iris();
    Sequential a = model();
    SGD optA = new SGD(a.parameters(), 0.1).momentum(0.9);
    History h = new Trainer(a, Losses::crossEntropy, optA).epochs(4)
        .fit(DataLoader.of(data, 32).shuffle(7));

    Sequential b = model();
    SGD optB = new SGD(b.parameters(), 0.1).momentum(0.9);
    DataLoader loader = DataLoader.of(data, 32).shuffle(7);
    double[] losses = new double[4];
    for (int epoch = 0; epoch < 4; epoch++) {
      double sum = 0;
      for (Batch batch : loader) {
        optB.zeroGrad();
        Tensor loss = Losses.crossEntropy(b.forward(batch.features()), batch.targets());
        loss.backward();
        optB.step();
        sum += loss.item() * batch.size();
      }
      losses[epoch] = sum / data.size();
    }
    for (String name : a.namedParameters().keySet()) {
      assertArrayEquals(b.namedParameters().get(name).toDoubleArray(),
          a.namedParameters().get(name).toDoubleArray(), 0, name);
    }
    assertArrayEquals(losses, h.losses(), 1e-12);
  }

  @Test
  void recordsMetricsValidationAndLearningRates() {
    Dataset data = iris();
    Sequential m = model();
    SGD opt = new SGD(m.parameters(), 0.4);
    History h = new Trainer(m, Losses::crossEntropy, opt).epochs(6)
        .metric("accuracy", Metric.accuracyFromLogits())
        .validation(data)
        .schedule(LrSchedule.step(2, 0.5))
        .fit(DataLoader.of(data, 50));
    assertEquals(6, h.size());
    assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"),
        List.copyOf(h.epochs().get(0).values().keySet()));
    assertArrayEquals(new double[] {0.4, 0.4, 0.2, 0.2, 0.1, 0.1},
        h.epochs().stream().mapToDouble(EpochResult::learningRate).toArray(), 1e-15);
    // The training-set metric and the validation metric on the same data agree.
    assertArrayEquals(h.values("accuracy"), h.values("val_accuracy"), 0);
    assertTrue(h.last("val_accuracy") > 0.7, "accuracy " + h.last("val_accuracy"));
    assertTrue(h.losses()[5] < h.losses()[0]);
    assertTrue(m.isTraining(), "left in training mode");
    assertThrows(IllegalArgumentException.class, () -> h.values("precision"));
  }

  @Test
  void listenersSeeEveryBatchAndEpochAndCanStopEarly() {
    Dataset data = iris();
    Sequential m = model();
    List<String> events = new ArrayList<>();
    Trainer trainer = new Trainer(m, Losses::crossEntropy, new SGD(m.parameters(), 0.1))
        .epochs(10);
    trainer.listener(new TrainingListener() {
      @Override
      public void onTrainStart(int epochs, int batchesPerEpoch) {
        events.add("start " + epochs + " " + batchesPerEpoch);
      }

      @Override
      public void onBatchEnd(int epoch, int batch, int batchesPerEpoch, double loss) {
        events.add("batch " + epoch + "." + batch);
      }

      @Override
      public void onEpochEnd(EpochResult result) {
        events.add("epoch " + result.epoch());
        if (result.epoch() == 1) {
          trainer.stop();
        }
      }

      @Override
      public void onTrainEnd(History history) {
        events.add("end " + history.size());
      }
    });
    trainer.fit(DataLoader.of(data, 64));
    assertEquals(List.of("start 10 3", "batch 0.0", "batch 0.1", "batch 0.2", "epoch 0",
        "batch 1.0", "batch 1.1", "batch 1.2", "epoch 1", "end 2"), events);
  }

  @Test
  void divergenceAndNonScalarLossesAreReported() {
    Dataset data = Datasets.iris(); // unscaled features and a huge rate make SGD blow up
    Sequential m = model();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Trainer(m, Losses::mse, new SGD(m.parameters(), 1e6))
            .epochs(50).fit(DataLoader.of(data.withTargets(Tensor.zeros(DType.FLOAT64, 150, 3)),
                150)));
    assertTrue(e.getMessage().startsWith("trainer: loss is "), e.getMessage());
    Sequential m2 = model();
    IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
        () -> new Trainer(m2, (o, t) -> Losses.crossEntropy(o, t, dev.jgrad.nn.Reduction.NONE),
            new SGD(m2.parameters(), 0.1)).epochs(1).fit(DataLoader.of(iris(), 10)));
    assertEquals("trainer: the loss has shape [10]; it must be one value (use Reduction.MEAN or "
        + "SUM)", e2.getMessage());
  }
}
