package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import dev.jgrad.io.SafeTensors;
import dev.jgrad.nn.Init;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.ReLU;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.DataLoader;
import dev.jgrad.nn.data.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nn README's "Training controls" snippet with a real model: training 4 epochs in one go
 * equals 2 epochs, a checkpoint, and 2 more epochs in new objects, bit for bit.
 */
class ReadmeTrainingControlsTest {
  @TempDir Path dir;

  private static final int EPOCHS = 4;
  private static final DataLoader LOADER = DataLoader.of(Datasets.iris().to(DType.FLOAT32), 16)
      .shuffle(3);

  /** Model, optimizer and scheduler built as in the README. */
  private static final class Setup {
    final Sequential model;
    final Optimizer opt;
    final LrScheduler scheduler;

    Setup(long seed) {
      var rng = new SplittableRandom(seed);
      model = new Sequential(new Linear(4, 8, Init.heNormal(), rng, DType.FLOAT32), new ReLU(),
          new Linear(8, 3, Init.xavierUniform(), rng, DType.FLOAT32));
      List<Tensor> weights = new ArrayList<>(), biases = new ArrayList<>();
      model.namedParameters().forEach((name, p) -> (name.endsWith("bias") ? biases : weights)
          .add(p));
      opt = new AdamW(List.of(ParamGroup.of(weights), ParamGroup.of(biases).weightDecay(0)),
          1e-2);
      long total = (long) EPOCHS * LOADER.numBatches();
      scheduler = new LrScheduler(opt,
          LrSchedule.linear(0.1, 1, 20).then(20, LrSchedule.cosine(total - 20, 0)));
    }

    void train(int from, int to) {
      for (int epoch = from; epoch < to; epoch++) {
        for (Batch b : LOADER.epoch(epoch)) {
          opt.zeroGrad();
          Losses.crossEntropy(model.forward(b.features()), b.targets()).backward();
          Clip.clipGradNorm(opt.parameters(), 1.0);
          opt.step();
          scheduler.step();
        }
      }
    }

    void save(Path dir) throws IOException {
      SafeTensors.write(dir.resolve("model.safetensors"), model.namedParameters());
      SafeTensors.write(dir.resolve("optimizer.safetensors"), opt.stateDict());
      SafeTensors.write(dir.resolve("scheduler.safetensors"), scheduler.stateDict());
    }

    void load(Path dir) throws IOException {
      model.loadStateDict(SafeTensors.read(dir.resolve("model.safetensors")).tensors(), true);
      opt.loadStateDict(SafeTensors.read(dir.resolve("optimizer.safetensors")).tensors());
      scheduler.loadStateDict(SafeTensors.read(dir.resolve("scheduler.safetensors")).tensors());
    }
  }

  @Test
  void aResumedRunEqualsAnUninterruptedOne() throws IOException {
    Setup straight = new Setup(0);
    straight.train(0, EPOCHS);

    Setup first = new Setup(0);
    first.train(0, 2);
    first.save(dir);
    Setup resumed = new Setup(1);
    resumed.load(dir);
    resumed.train(2, EPOCHS);

    assertEquals(straight.model.namedParameters().keySet(),
        resumed.model.namedParameters().keySet());
    straight.model.namedParameters().forEach((name, p) -> assertArrayEquals(p.toFloatArray(),
        resumed.model.namedParameters().get(name).toFloatArray(), 0, name));
    assertEquals(straight.opt.learningRate(), resumed.opt.learningRate(), 0);
    assertEquals(EPOCHS * LOADER.numBatches(), resumed.scheduler.time());
  }
}
