package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitAndOptimizersTest {
  @TempDir static Path out;
  static InitAndOptimizers.Result r;

  @BeforeAll
  static void runOnce() {
    r = InitAndOptimizers.run(6, 11, out, false);
  }

  @Test
  void zeroInitializedHiddenUnitsStayIdentical() {
    for (InitAndOptimizers.Run zeros : new InitAndOptimizers.Run[] {r.shallowInits().get("zeros"),
        r.deepInits().get("zeros")}) {
      assertEquals(0.0, zeros.unitSpread());
      // With ReLU they do not even move, and the network only learns the class frequencies.
      assertEquals(0.0, zeros.firstLayerNorm());
      assertEquals(Math.log(10), zeros.finalLoss(), 0.01);
    }
    // With sigmoid they move (all by the same amount) and still stay copies of each other.
    InitAndOptimizers.Run sigmoid = r.zeroSigmoid();
    assertTrue(sigmoid.firstLayerNorm() > 1e-3, "W1 must have learned: " + sigmoid);
    assertEquals(0.0, sigmoid.unitSpread());
  }

  @Test
  void randomInitializationsBreakTheSymmetry() {
    for (String k : new String[] {"small random (x0.01)", "Xavier uniform", "He normal"}) {
      assertTrue(r.shallowInits().get(k).unitSpread() > 1e-3, k);
      assertTrue(r.deepInits().get(k).unitSpread() > 1e-3, k);
    }
    assertTrue(r.shallowInits().get("Xavier uniform").testAccuracy() > 0.85);
    assertTrue(r.shallowInits().get("He normal").testAccuracy() > 0.85);
    assertTrue(r.deepInits().get("Xavier uniform").testAccuracy() > 0.85);
    assertTrue(r.deepInits().get("He normal").testAccuracy() > 0.85);
  }

  @Test
  void smallRandomWeightsStallOnlyTheDeepNetwork() {
    // One hidden layer: ×0.01 trains. Three layers: the signal shrinks at every layer and
    // training has barely started.
    double shallow = r.shallowInits().get("small random (x0.01)").finalLoss();
    double deep = r.deepInits().get("small random (x0.01)").finalLoss();
    double he = r.deepInits().get("He normal").finalLoss();
    assertTrue(shallow < 0.5 * Math.log(10), "shallow, small random trains: " + shallow);
    assertTrue(deep > 0.9 * Math.log(10), "deep, small random still near chance: " + deep);
    assertTrue(he < 0.3, "deep, He initialization trains at once: " + he);
  }

  @Test
  void optimizersRankAsExpected() {
    Map<String, InitAndOptimizers.Run> o = r.optimizers();
    assertEquals(4, o.size());
    double batchGd = o.get("batch GD (lr 0.1)").finalLoss();
    double sgd = o.get("mini-batch SGD (lr 0.01)").finalLoss();
    double momentum = o.get("momentum 0.9 (lr 0.01)").finalLoss();
    double adam = o.get("Adam (lr 0.001)").finalLoss();
    assertTrue(sgd < batchGd, "mini-batches take more steps per epoch: " + o);
    assertTrue(momentum < sgd, "momentum speeds SGD up: " + o);
    assertTrue(adam < sgd, "Adam beats plain SGD: " + o);
    assertTrue(o.get("Adam (lr 0.001)").testAccuracy() > 0.9, o.toString());
    for (InitAndOptimizers.Run run : o.values()) {
      assertEquals(6, run.history().size());
    }
  }

  @Test
  void writesTheLearningCurves() throws Exception {
    PlotFiles.assertWritten(r.files(), out, "init-learning-curves-shallow.png",
        "init-learning-curves-deep.svg",
        "optimizer-learning-curves.svg", "optimizer-test-accuracy.png");
  }
}
