package org.example.research;

import static dev.jgrad.Index.END;
import static dev.jgrad.Index.all;
import static dev.jgrad.Index.at;
import static dev.jgrad.Index.ellipsis;
import static dev.jgrad.Index.newAxis;
import static dev.jgrad.Index.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.DType;
import dev.jgrad.PadMode;
import dev.jgrad.Tensor;
import org.junit.jupiter.api.Test;

/** The README's indexing example, written as user code outside the library's package. */
class IndexingReadmeTest {

  @Test
  void theReadmeIndexingExampleHolds() {
    Tensor x = Tensor.arange(DType.FLOAT64, 12).reshape(3, 4);
    Tensor row = x.index(at(1));
    assertArrayEquals(new double[] {4, 5, 6, 7}, row.toDoubleArray());
    Tensor odd = x.index(all(), range(1, END, 2));
    assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11}, odd.toDoubleArray());
    assertArrayEquals(new int[] {3, 2}, odd.shape().dims());
    Tensor last = x.index(ellipsis(), at(-1), newAxis());
    assertArrayEquals(new int[] {3, 1}, last.shape().dims());
    assertArrayEquals(new double[] {3, 7, 11}, last.toDoubleArray());
    x.indexSet(0, range(0, 2), at(0));
    assertArrayEquals(new double[] {0, 5, 6, 7}, row.toDoubleArray(), "seen by row too");
    Tensor framed = x.pad(new int[] {1, 1}, PadMode.REFLECT);
    assertArrayEquals(new int[] {3, 6}, framed.shape().dims());
    assertArrayEquals(new double[] {1, 0, 1, 2, 3, 2}, framed.index(at(0)).toDoubleArray());
  }
}
