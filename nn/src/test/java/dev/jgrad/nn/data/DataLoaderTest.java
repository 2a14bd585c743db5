package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Shape;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
  private static Dataset indexed(int n) {
    double[] x = new double[n * 2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i;
    }
    return new Dataset(Tensor.of(x, n, 2), Tensor.of(y));
  }

  private static int[] concat(List<Batch> batches) {
    return batches.stream().flatMapToInt(b -> Arrays.stream(b.indices())).toArray();
  }

  @Test
  void inOrderBatchesWithASmallerLastOne() {
    DataLoader l = DataLoader.of(indexed(10), 4);
    assertEquals(3, l.numBatches());
    List<Batch> b = l.epoch(0);
    assertEquals(List.of(4, 4, 2), b.stream().map(Batch::size).toList());
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, concat(b));
    Batch last = b.get(2);
    assertEquals(Shape.of(2, 2), last.features().shape());
    assertArrayEquals(new double[] {8, -8, 9, -9}, last.features().toDoubleArray());
    assertArrayEquals(new double[] {8, 9}, last.targets().toDoubleArray());
  }

  @Test
  void dropLastDropsTheIncompleteBatch() {
    DataLoader l = DataLoader.of(indexed(10), 4).dropLast(true);
    assertEquals(2, l.numBatches());
    assertEquals(8, concat(l.epoch(0)).length);
    assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(3), 4)
        .dropLast(true));
  }

  @Test
  void shuffledEpochsArePermutationsDifferingPerEpochAndReproducible() {
    DataLoader l = DataLoader.of(indexed(50), 8).shuffle(42);
    int[] e0 = concat(l.epoch(0));
    int[] e1 = concat(l.epoch(1));
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < 50; i++) {
      assertEquals(i, sorted[i]);
    }
    assertFalse(Arrays.equals(e0, e1));
    assertArrayEquals(e0, concat(DataLoader.of(indexed(50), 8).shuffle(42).epoch(0)));
    assertFalse(Arrays.equals(e0, concat(DataLoader.of(indexed(50), 8).shuffle(43).epoch(0))));
  }

  @Test
  void iterationWalksThroughEpochs() {
    DataLoader l = DataLoader.of(indexed(20), 6).shuffle(1);
    List<int[]> seen = new ArrayList<>();
    for (int e = 0; e < 3; e++) {
      List<Batch> batches = new ArrayList<>();
      for (Batch b : l) {
        batches.add(b);
      }
      seen.add(concat(batches));
    }
    assertEquals(3, l.nextEpoch());
    for (int e = 0; e < 3; e++) {
      assertArrayEquals(concat(l.epoch(e)), seen.get(e));
    }
  }

  @Test
  void rejectsBadBatchSizes() {
    assertEquals("data_loader: batch size must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(3), 0))
            .getMessage());
  }
}
