package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SplitTest {
  /** n samples whose only feature is the row index (so rows can be traced), labels i % 3. */
  private static Dataset indexed(int n) {
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
      y[i] = i % 3;
    }
    return new Dataset(Tensor.of(x, n, 1), Tensor.of(y));
  }

  private static int[] rows(Dataset d) {
    return Arrays.stream(d.features().toDoubleArray()).mapToInt(v -> (int) v).toArray();
  }

  @Test
  void randomSplitIsAPartitionOfTheRightSizes() {
    Split s = Split.of(indexed(100), 0.25, 1);
    assertEquals(75, s.train().size());
    assertEquals(25, s.test().size());
    int[] all = new int[100];
    System.arraycopy(rows(s.train()), 0, all, 0, 75);
    System.arraycopy(rows(s.test()), 0, all, 75, 25);
    Arrays.sort(all);
    for (int i = 0; i < 100; i++) {
      assertEquals(i, all[i]);
    }
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    assertArrayEquals(rows(Split.of(indexed(50), 0.2, 7).test()),
        rows(Split.of(indexed(50), 0.2, 7).test()));
    assertFalse(Arrays.equals(rows(Split.of(indexed(50), 0.2, 7).test()),
        rows(Split.of(indexed(50), 0.2, 8).test())));
    int[] natural = new int[40];
    for (int i = 0; i < 40; i++) {
      natural[i] = i + 10;
    }
    assertFalse(Arrays.equals(natural, rows(Split.of(indexed(50), 0.2, 7).train())),
        "the split is shuffled, not the first rows");
  }

  @Test
  void stratifiedSplitKeepsClassProportions() {
    Dataset iris = Datasets.iris();
    Split s = Split.stratified(iris, 0.2, 3);
    assertEquals(120, s.train().size());
    assertEquals(30, s.test().size());
    int[] counts = new int[3];
    for (int l : s.test().labels()) {
      counts[l]++;
    }
    assertArrayEquals(new int[] {10, 10, 10}, counts);
    assertArrayEquals(Split.stratified(iris, 0.2, 3).test().labels(), s.test().labels());
  }

  @Test
  void rejectsFractionsThatLeaveAnEmptyPart() {
    assertEquals("split: test fraction 0.001 of 100 samples leaves an empty test set",
        assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(100), 0.001, 1))
            .getMessage());
    assertEquals("split: test fraction must be in (0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(100), 1.0, 1))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Split.of(indexed(1), 0.5, 1));
  }
}
