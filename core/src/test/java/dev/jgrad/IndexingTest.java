package dev.jgrad;

import static dev.jgrad.Index.END;
import static dev.jgrad.Index.all;
import static dev.jgrad.Index.at;
import static dev.jgrad.Index.ellipsis;
import static dev.jgrad.Index.from;
import static dev.jgrad.Index.newAxis;
import static dev.jgrad.Index.range;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The shape and indexing vocabulary by example: hand-computed values (PyTorch's and NumPy's
 * documented results), dtypes kept, views that share storage, exact gradients, {@code indexSet}
 * and its refusals, backward refusing values changed through an index view, and every error
 * message.
 */
class IndexingTest {
  private static final DType F64 = DType.FLOAT64;

  /** {@code 0, 1, 2, ...} in the given shape (float64). */
  private static Tensor grid(int... shape) {
    return Tensor.arange(F64, Shape.of(shape).numel()).reshape(shape);
  }

  private static void assertTensor(Tensor t, int[] shape, double... values) {
    assertArrayEquals(shape, t.shape().dims(), () -> "shape was " + t.shape());
    assertArrayEquals(values, t.toDoubleArray(), 0.0, () -> "values " + t);
  }

  private static int[] shape(int... dims) {
    return dims;
  }

  private static void assertError(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
  }

  private static void assertSameStorage(Tensor base, Tensor view) {
    assertSame(base.storage, view.storage, "a view shares its base's storage");
    assertSame(base.storage.array(), view.storage.array(), "and allocates no element array");
  }

  // ---------------------------------------------------------------- index

  @Test
  void indexReadsLikePythonBasicIndexing() {
    Tensor x = grid(3, 4); // [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assertTensor(x.index(at(1)), shape(4), 4, 5, 6, 7);
    assertTensor(x.index(all(), at(-1)), shape(3), 3, 7, 11);
    assertTensor(x.index(range(0, 2), range(1, END, 2)), shape(2, 2), 1, 3, 5, 7);
    assertTensor(x.index(ellipsis(), newAxis()), shape(3, 4, 1), x.toDoubleArray());
    assertTensor(x.index(), shape(3, 4), x.toDoubleArray());
    assertTensor(x.index(at(2), at(3)), shape(), 11);
    assertTensor(x.index(at(-3), at(-4)), shape(), 0);
    assertTensor(x.index(range(-2, END)), shape(2, 4), 4, 5, 6, 7, 8, 9, 10, 11);
    assertTensor(x.index(range(1, 100)), shape(2, 4), 4, 5, 6, 7, 8, 9, 10, 11);
    assertTensor(x.index(range(-100, -2)), shape(1, 4), 0, 1, 2, 3);
    assertTensor(x.index(range(2, 1)), shape(0, 4));
    assertTensor(x.index(newAxis(), at(0), newAxis()), shape(1, 1, 4), 0, 1, 2, 3);
    assertTensor(x.index(from(1), range(0, END, 3)), shape(2, 2), 4, 7, 8, 11);

    Tensor y = grid(2, 3, 4);
    assertTensor(y.index(ellipsis(), at(0)), shape(2, 3), 0, 4, 8, 12, 16, 20);
    assertTensor(y.index(at(1), ellipsis(), range(0, 4, 3)), shape(3, 2),
        12, 15, 16, 19, 20, 23);
    assertTensor(y.index(at(0), at(1), ellipsis(), at(2)), shape(), 6);
    assertTensor(Tensor.scalar(2.5).index(newAxis(), ellipsis()), shape(1), 2.5);
  }

  @Test
  void indexEntriesPrintTheirPythonSpelling() {
    Index[] idx = {at(1), at(-2), all(), range(0, 2), range(1, END, 2), from(-1), range(2, 9, 3),
        newAxis(), ellipsis()};
    assertEquals("[1, -2, :, :2, 1::2, -1:, 2:9:3, None, ...]", Arrays.toString(idx));
  }

  @Test
  void indexKeepsIntegerAndBoolDtypesAndIsAView() {
    Tensor labels = Tensor.of(new long[] {3, 1, 4, 1, 5, 9}, 2, 3);
    Tensor row = labels.index(at(1), range(1, END));
    assertEquals(DType.INT64, row.dtype());
    assertArrayEquals(new long[] {5, 9}, row.toLongArray());
    assertSameStorage(labels, row);
    Tensor mask = Tensor.of(new boolean[] {true, false, false, true}, 2, 2);
    assertArrayEquals(new boolean[] {false, true}, mask.index(all(), at(1)).toBooleanArray());
    assertFalse(row.requiresGrad());
  }

  @Test
  void indexErrorsNameTheIndexTheAxisAndTheShape() {
    Tensor x = grid(2, 3);
    assertError("index: [0, 0, 0] indexes 3 axes but shape [2, 3] has rank 2",
        () -> x.index(at(0), at(0), at(0)));
    assertError("index: [..., 0, ...] has more than one ellipsis",
        () -> x.index(ellipsis(), at(0), ellipsis()));
    assertError("index: position 3 is out of range for axis 1 of size 3 (index [:, 3], shape "
        + "[2, 3])", () -> x.index(all(), at(3)));
    assertError("index: position -3 is out of range for axis 0 of size 2 (index [-3], shape "
        + "[2, 3])", () -> x.index(at(-3)));
    assertError("index: step must be positive, got -1 in 0:3:-1 (views never reverse; use flip "
        + "to reverse an axis)", () -> range(0, 3, -1));
    assertError("index: step must be positive, got 0 in 1::0 (views never reverse; use flip to "
        + "reverse an axis)", () -> range(1, END, 0));
    NullPointerException e = assertThrows(NullPointerException.class,
        () -> x.index(at(0), null));
    assertEquals("index: entry 1 of [0, null] is null", e.getMessage());
  }

  // ---------------------------------------------------------------- views

  @Test
  void viewsShareTheStorageAndAllocateNoElements() {
    for (boolean grad : new boolean[] {false, true}) {
      Tensor x = grid(3, 4).requiresGrad(grad);
      List<Tensor> views = List.of(x.permute(1, 0), x.transpose(), x.transpose(0, 1),
          x.slice(1, 1, 3), x.slice(0, 0, 3, 2), x.index(at(1)), x.index(all(), range(0, END, 2)),
          x.index(newAxis(), ellipsis(), at(-1)), x.index(at(2), at(1)), x.narrow(0, 1, 2),
          x.split(1, 0)[2], x.split(new int[] {1, 3}, 1)[1], x.chunk(2, 1)[1], x.unbind(1)[3],
          x.unbind(0)[0], x.diag(1), x.transpose().index(at(2)).unsqueeze(0).index(at(0)),
          x.index(range(1, 3)).transpose().narrow(0, 1, 2).index(all(), at(0)));
      for (Tensor v : views) {
        assertSameStorage(x, v);
        assertEquals(grad, v.requiresGrad());
      }
    }
  }

  @Test
  void writesThroughIndexSetAreSeenByEveryView() {
    Tensor x = Tensor.zeros(F64, 2, 3);
    Tensor column = x.index(all(), at(1));
    Tensor transposed = x.transpose().index(at(1));
    x.indexSet(Tensor.of(new double[] {7, 8}), all(), at(1));
    assertTensor(column, shape(2), 7, 8);
    assertTensor(transposed, shape(2), 7, 8);
    assertTensor(x, shape(2, 3), 0, 7, 0, 0, 8, 0);
  }

  // ---------------------------------------------------------------- indexSet

  @Test
  void indexSetWritesBroadcastConvertedValuesAndBumpsTheVersion() {
    Tensor x = Tensor.zeros(F64, 3, 4);
    int v0 = x.storage.version;
    assertSame(x, x.indexSet(Tensor.of(new double[] {1, 2}), all(), range(1, 3)));
    assertEquals(v0 + 1, x.storage.version);
    assertTensor(x, shape(3, 4), 0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2, 0);
    x.indexSet(7, at(-1), at(0));
    x.indexSet(Tensor.of(new int[] {5, 6, 7, 8}), at(1)); // int32 values converted to float64
    assertEquals(v0 + 3, x.storage.version);
    assertTensor(x, shape(3, 4), 0, 1, 2, 0, 5, 6, 7, 8, 7, 1, 2, 0);
    x.indexSet(-1, range(0, END, 2), range(0, END, 3));
    assertTensor(x, shape(3, 4), -1, 1, 2, -1, 5, 6, 7, 8, -1, 1, 2, -1);
    // A value read from the same storage is read before it is written.
    x.indexSet(x.index(at(1)), at(0));
    assertTensor(x.index(at(0)), shape(4), 5, 6, 7, 8);
  }

  @Test
  void indexSetOnIntegerAndBoolTensors() {
    Tensor mask = Tensor.zeros(DType.BOOL, 2, 3);
    mask.indexSet(1, all(), at(0));
    assertArrayEquals(new boolean[] {true, false, false, true, false, false},
        mask.toBooleanArray());
    Tensor counts = Tensor.zeros(DType.INT64, 4);
    counts.indexSet(3, range(0, END, 2));
    assertArrayEquals(new long[] {3, 0, 3, 0}, counts.toLongArray());
    assertError("indexSet: 0.5 is not an integer value of int64", () -> counts.indexSet(0.5,
        at(0)));
  }

  @Test
  void indexSetIsRefusedLikeSetAndModifiesNothing() {
    Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    assertError("indexSet: only leaf tensors can be modified in place; this one was produced by "
        + "'mul'", () -> w.mul(2.0).indexSet(0, at(0)));
    assertError("indexSet: in-place update of a leaf that requires grad (shape [3]) while grad "
        + "mode is on; wrap it in Autograd.noGrad()", () -> w.indexSet(0, at(0)));
    Tensor x = grid(3, 4);
    assertError("indexSet: value of shape [3] does not broadcast to x[0] of shape [4] (x has "
        + "shape [3, 4])", () -> x.indexSet(Tensor.zeros(F64, 3), at(0)));
    assertError("indexSet: position 3 is out of range for axis 0 of size 3 (index [3], shape "
        + "[3, 4])", () -> x.indexSet(0, at(3)));
    Tensor expanded = Tensor.of(new double[] {1, 2}).expand(3, 2);
    assertError("indexSet: cannot write into an expanded view (axis 0 of shape [3, 2] has stride "
        + "0); write into its base", () -> expanded.indexSet(0, at(0)));
    assertTensor(w, shape(3), 1, 2, 3);
    assertTensor(x, shape(3, 4), grid(3, 4).toDoubleArray());
    assertTensor(expanded, shape(3, 2), 1, 2, 1, 2, 1, 2);
    assertEquals(0, w.storage.version + x.storage.version + expanded.storage.version);
    try (Autograd.Scope s = Autograd.noGrad()) {
      w.indexSet(0, at(1)); // allowed under no-grad, as set
    }
    assertTensor(w, shape(3), 1, 0, 3);
  }

  @Test
  void backwardRefusesValuesChangedThroughIndexSet() {
    Tensor w = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    Tensor v = w.index(range(0, 2));
    Tensor loss = v.mul(v).sum();
    try (Autograd.Scope s = Autograd.noGrad()) {
      // Even a position the loss never read: the version counter belongs to the whole storage.
      w.indexSet(10, at(2));
    }
    IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
    assertEquals("backward: input 1 of 'mul' (shape [2]) was modified in place after it was "
        + "used (version 1, recorded 0); recompute the forward pass after updating it",
        e.getMessage());
  }

  @Test
  void backwardRefusesValuesChangedThroughAnIndexOfADetachedView() {
    Tensor w = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2).requiresGrad(true);
    Tensor loss = w.index(at(0)).exp().sum(); // exp saves its output, a fresh tensor; mul saves w
    Tensor loss2 = w.index(all(), at(1)).mul(w.index(at(1))).sum();
    w.detach().indexSet(0, at(1), at(0)); // a detached view is a leaf without grad: allowed
    loss.backward(); // exp's saved output was not touched
    assertTensor(w.grad(), shape(2, 2), Math.exp(1), Math.exp(2), 0, 0);
    assertThrows(IllegalStateException.class, loss2::backward);
  }

  // ---------------------------------------------------------------- gradients through views

  @Test
  void gradientsOfIndexViewsLandOnTheSelectedPositions() {
    Tensor x = grid(3, 4).requiresGrad(true);
    x.index(at(1), range(0, END, 2)).sum().backward();
    assertTensor(x.grad(), shape(3, 4), 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0);
    Tensor y = grid(2, 3).requiresGrad(true);
    y.index(newAxis(), ellipsis(), at(-1)).mul(Tensor.of(new double[] {2, 5}, 1, 2)).sum()
        .backward();
    assertTensor(y.grad(), shape(2, 3), 0, 0, 2, 0, 0, 5);
  }

  @Test
  void gradientsFlowThroughViewsOfViewsOfTheseViews() {
    Tensor x = Samples.real(new SplittableRandom(5), new int[] {3, 4, 2});
    GradCheck.create().secondOrder(true).forwardMode(true).check(in -> {
      Tensor a = in[0].index(range(0, 3, 2), ellipsis(), at(1));       // [2, 4]
      Tensor b = a.transpose().index(from(1));                         // [3, 2]
      Tensor c = b.narrow(0, 1, 2).unbind(1)[0];                       // [2]
      Tensor d = in[0].split(2, 1)[1].index(at(-1)).diag();           // [2]
      Tensor e = in[0].chunk(2, 2)[0].index(newAxis(), at(0)).permute(2, 0, 1).index(at(0));
      return c.mul(d).sum().add(e.mul(e).sum());
    }, x);
    GradCheck.create().secondOrder(true).forwardMode(true).check(in -> in[0].flip(0)
        .index(at(1)).pad(new int[] {1, 1}, PadMode.REFLECT).roll(1, 0).narrow(0, 1, 3)
        .repeat(2, 1).takeAlongAxis(Tensor.of(new long[] {2, -1}, 1, 2), 1), x);
  }

  // ---------------------------------------------------------------- narrow, split, chunk, unbind

  @Test
  void narrowIsAnUnclampedWindow() {
    Tensor x = grid(4, 6);
    assertTensor(x.narrow(1, 2, 3), shape(4, 3), x.index(all(), range(2, 5)).toDoubleArray());
    assertTensor(x.narrow(0, -2, 2), shape(2, 6), x.index(range(2, 4)).toDoubleArray());
    assertTensor(x.narrow(0, 4, 0), shape(0, 6));
    assertError("narrow: start 4 and length 3 do not fit axis 1 of size 6 (shape [4, 6])",
        () -> x.narrow(1, 4, 3));
    assertError("narrow: start 1 and length -1 do not fit axis 0 of size 4 (shape [4, 6])",
        () -> x.narrow(0, 1, -1));
    assertError("narrow: start 5 is out of range for axis 0 of size 4 (shape [4, 6])",
        () -> x.narrow(0, 5, 0));
    assertError("narrow: cannot narrow a 0-d tensor", () -> Tensor.scalar(1.0).narrow(0, 0, 1));
  }

  @Test
  void splitBySizeLeavesTheRemainderLast() {
    Tensor x = grid(5, 2);
    Tensor[] p = x.split(2, 0);
    assertEquals(3, p.length);
    assertTensor(p[0], shape(2, 2), 0, 1, 2, 3);
    assertTensor(p[1], shape(2, 2), 4, 5, 6, 7);
    assertTensor(p[2], shape(1, 2), 8, 9);
    assertEquals(1, x.split(7, 0).length);
    assertTensor(x.split(7, 0)[0], shape(5, 2), x.toDoubleArray());
    Tensor[] cols = x.split(1, -1);
    assertTensor(cols[1], shape(5, 1), 1, 3, 5, 7, 9);
    Tensor[] empty = Tensor.zeros(F64, 0, 3).split(2, 0);
    assertEquals(1, empty.length);
    assertTensor(empty[0], shape(0, 3));
  }

  @Test
  void splitBySizesAndItsErrors() {
    Tensor x = grid(5, 2);
    Tensor[] p = x.split(new int[] {1, 0, 4}, 0);
    assertTensor(p[0], shape(1, 2), 0, 1);
    assertTensor(p[1], shape(0, 2));
    assertTensor(p[2], shape(4, 2), 2, 3, 4, 5, 6, 7, 8, 9);
    assertError("split: sizes [1, 1] sum to 2 but axis 0 has size 5 (shape [5, 2])",
        () -> x.split(new int[] {1, 1}, 0));
    assertError("split: negative size -1 in [-1, 6]", () -> x.split(new int[] {-1, 6}, 0));
    assertError("split: size must be positive, got 0 (axis 0 of shape [5, 2])",
        () -> x.split(0, 0));
    assertError("split: axis 2 is out of range for shape [5, 2] (rank 2)", () -> x.split(1, 2));
    assertError("split: cannot split a 0-d tensor", () -> Tensor.scalar(1.0).split(1, 0));
  }

  @Test
  void chunkFollowsPyTorch() {
    Tensor[] p = Tensor.arange(F64, 5).chunk(4, 0); // chunk size 2: only 3 pieces
    assertEquals(3, p.length);
    assertTensor(p[2], shape(1), 4);
    assertEquals(3, Tensor.arange(F64, 6).chunk(4, 0).length);
    assertEquals(2, Tensor.arange(F64, 6).chunk(2, 0).length);
    assertTensor(Tensor.arange(F64, 6).chunk(2, 0)[1], shape(3), 3, 4, 5);
    Tensor[] empty = Tensor.zeros(F64, 2, 0).chunk(3, 1);
    assertEquals(3, empty.length);
    assertTensor(empty[2], shape(2, 0));
    assertError("chunk: chunks must be positive, got 0", () -> grid(2).chunk(0, 0));
  }

  @Test
  void unbindRemovesTheAxisAndStackUndoesIt() {
    Tensor x = grid(2, 3);
    Tensor[] cols = x.unbind(1);
    assertEquals(3, cols.length);
    assertTensor(cols[0], shape(2), 0, 3);
    assertTensor(cols[2], shape(2), 2, 5);
    assertTensor(Tensor.stack(1, cols), shape(2, 3), x.toDoubleArray());
    assertTensor(grid(1, 2).unbind(0)[0], shape(2), 0, 1);
    assertEquals(0, Tensor.zeros(F64, 0, 2).unbind(0).length);
    assertError("unbind: cannot unbind a 0-d tensor", () -> Tensor.scalar(1.0).unbind(0));
  }

  // ---------------------------------------------------------------- flip and roll

  @Test
  void flipReversesAxesIntoACopy() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
    assertTensor(x.flip(1), shape(2, 2), 2, 1, 4, 3);
    assertTensor(x.flip(0), shape(2, 2), 3, 4, 1, 2);
    assertTensor(x.flip(0, -1), shape(2, 2), 4, 3, 2, 1);
    assertTensor(x.flip(), shape(2, 2), 4, 3, 2, 1);
    assertTensor(x.transpose().flip(1), shape(2, 2), 3, 1, 4, 2);
    Tensor y = x.flip(1);
    assertNotSame(x.storage, y.storage);
    assertArrayEquals(new int[] {2, 1}, y.strides(), "strides stay non-negative");
    assertTensor(Tensor.scalar(2.0).flip(), shape(), 2);
    assertTensor(Tensor.zeros(F64, 0, 3).flip(0), shape(0, 3));
    assertArrayEquals(new long[] {3, 2, 1}, Tensor.of(new long[] {1, 2, 3}).flip(0)
        .toLongArray());
    assertArrayEquals(new boolean[] {false, true}, Tensor.of(new boolean[] {true, false}).flip()
        .toBooleanArray());
    assertError("flip: axis -2 repeated in [0, -2]", () -> x.flip(0, -2));
    assertError("flip: axis 2 is out of range for shape [2, 2] (rank 2)", () -> x.flip(2));
  }

  @Test
  void rollRotates() {
    Tensor x = Tensor.arange(F64, 4);
    assertTensor(x.roll(1, 0), shape(4), 3, 0, 1, 2);
    assertTensor(x.roll(-1, 0), shape(4), 1, 2, 3, 0);
    assertTensor(x.roll(5, 0), shape(4), 3, 0, 1, 2);
    assertSame(x, x.roll(4, 0), "nothing moves");
    assertTensor(grid(2, 2).roll(1), shape(2, 2), 3, 0, 1, 2);
    assertTensor(grid(2, 3).roll(new int[] {1, -1}, new int[] {0, 1}), shape(2, 3),
        4, 5, 3, 1, 2, 0);
    assertTensor(grid(2, 3).roll(new int[] {1, 1}, new int[] {1, 1}), shape(2, 3),
        1, 2, 0, 4, 5, 3);
    assertTensor(Tensor.zeros(F64, 0).roll(3), shape(0));
    assertArrayEquals(new long[] {3, 1, 2}, Tensor.of(new long[] {1, 2, 3}).roll(1, 0)
        .toLongArray());
    assertError("roll: 1 shifts for 2 axes; give one shift per axis",
        () -> x.roll(new int[] {1}, new int[] {0, 1}));
    assertError("roll: axis 1 is out of range for shape [4] (rank 1)", () -> x.roll(1, 1));
  }

  // ---------------------------------------------------------------- repeat and tile

  @Test
  void repeatTilesWholeBlocks() {
    Tensor v = Tensor.of(new double[] {1, 2});
    assertTensor(v.repeat(2, 3), shape(2, 6), 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2);
    Tensor x = grid(2, 2);
    assertTensor(x.repeat(1, 2), shape(2, 4), 0, 1, 0, 1, 2, 3, 2, 3);
    assertTensor(x.repeat(2, 1), shape(4, 2), 0, 1, 2, 3, 0, 1, 2, 3);
    assertTensor(x.repeat(0, 1), shape(0, 2));
    assertTensor(Tensor.scalar(4.0).repeat(3), shape(3), 4, 4, 4);
    Tensor ones = Tensor.of(new double[] {5}).repeat(3);
    assertArrayEquals(new int[] {1}, ones.strides(), "a real copy, not an expanded view");
    assertEquals(DType.INT32, Tensor.of(new int[] {1, 2}).repeat(2).dtype());
    assertError("repeat: 1 counts for shape [2, 2] (rank 2); give at least one count per axis "
        + "(tile pads them with leading 1s)", () -> x.repeat(2));
    assertError("repeat: count -1 for axis 0 is negative (counts [-1, 2])", () -> x.repeat(-1, 2));
  }

  @Test
  void repeatGradientSumsTheCopies() {
    Tensor v = Tensor.of(new double[] {1, 2}).requiresGrad(true);
    v.repeat(3).mul(Tensor.arange(F64, 6)).sum().backward();
    assertTensor(v.grad(), shape(2), 0 + 2 + 4, 1 + 3 + 5);
  }

  @Test
  void tileAlignsCountsToTheLastAxes() {
    assertTensor(grid(3, 4).tile(2), shape(3, 8), grid(3, 4).repeat(1, 2).toDoubleArray());
    assertTensor(Tensor.of(new double[] {1, 2}).tile(2, 2), shape(2, 4), 1, 2, 1, 2, 1, 2, 1, 2);
    assertTensor(grid(2).tile(), shape(2), 0, 1);
    assertError("tile: count -2 for axis 1 is negative (counts [1, -2])", () -> grid(2, 2)
        .tile(-2));
  }

  // ---------------------------------------------------------------- tril, triu, diag

  @Test
  void trilAndTriuKeepTheirTriangle() {
    Tensor x = grid(3, 3);
    assertTensor(x.tril(0), shape(3, 3), 0, 0, 0, 3, 4, 0, 6, 7, 8);
    assertTensor(x.tril(-1), shape(3, 3), 0, 0, 0, 3, 0, 0, 6, 7, 0);
    assertTensor(x.tril(1), shape(3, 3), 0, 1, 0, 3, 4, 5, 6, 7, 8);
    assertTensor(x.triu(0), shape(3, 3), 0, 1, 2, 0, 4, 5, 0, 0, 8);
    assertTensor(x.triu(1), shape(3, 3), 0, 1, 2, 0, 0, 5, 0, 0, 0);
    assertTensor(x.triu(-1), shape(3, 3), 0, 1, 2, 3, 4, 5, 0, 7, 8);
    assertTensor(x.triu(Integer.MIN_VALUE), shape(3, 3), x.toDoubleArray());
    assertTensor(grid(2, 3).tril(0), shape(2, 3), 0, 0, 0, 3, 4, 0);
    assertTensor(grid(2, 2, 2).triu(1), shape(2, 2, 2), 0, 1, 0, 0, 0, 5, 0, 0);
    double nan = Double.NaN;
    assertTensor(Tensor.of(new double[] {nan, nan, nan, nan}, 2, 2).tril(0), shape(2, 2),
        nan, 0, nan, nan);
    assertArrayEquals(new boolean[] {true, false, true, true},
        Tensor.full(DType.BOOL, 1, 2, 2).tril(0).toBooleanArray());
    assertError("tril: needs a matrix or a stack of matrices (rank >= 2), got shape [3]",
        () -> grid(3).tril(0));
  }

  @Test
  void trilGradientIsTheMask() {
    Tensor x = grid(2, 2).requiresGrad(true);
    x.tril(0).sum().backward();
    assertTensor(x.grad(), shape(2, 2), 1, 0, 1, 1);
  }

  @Test
  void diagBuildsAndReads() {
    Tensor v = Tensor.of(new double[] {1, 2});
    assertTensor(v.diag(), shape(2, 2), 1, 0, 0, 2);
    assertTensor(v.diag(1), shape(3, 3), 0, 1, 0, 0, 0, 2, 0, 0, 0);
    assertTensor(v.diag(-1), shape(3, 3), 0, 0, 0, 1, 0, 0, 0, 2, 0);
    Tensor m = grid(3, 3);
    assertTensor(m.diag(), shape(3), 0, 4, 8);
    assertTensor(m.diag(1), shape(2), 1, 5);
    assertTensor(m.diag(-2), shape(1), 6);
    assertTensor(m.diag(5), shape(0));
    assertTensor(grid(2, 3).diag(1), shape(2), 1, 5);
    assertArrayEquals(new long[] {7, 0, 0, 8}, Tensor.of(new long[] {7, 8}).diag().toLongArray());
    assertTensor(Tensor.zeros(F64, 0).diag(), shape(0, 0));
    assertError("diag: needs a vector (to build a matrix) or a matrix (to read its diagonal), got "
        + "shape [2, 2, 2]", () -> grid(2, 2, 2).diag());
  }

  // ---------------------------------------------------------------- pad

  @Test
  void padModesOnAVector() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    int[] p = {2, 1};
    assertTensor(x.pad(p, PadMode.REFLECT), shape(6), 3, 2, 1, 2, 3, 2);
    assertTensor(x.pad(p, PadMode.REPLICATE), shape(6), 1, 1, 1, 2, 3, 3);
    assertTensor(x.pad(p, PadMode.CONSTANT), shape(6), 0, 0, 1, 2, 3, 0);
    assertTensor(x.pad(p, -1.0), shape(6), -1, -1, 1, 2, 3, -1);
    assertTensor(x.pad(new int[] {2, 2}, PadMode.REFLECT), shape(7), 3, 2, 1, 2, 3, 2, 1);
    assertSame(x, x.pad(new int[] {0, 0}, PadMode.REFLECT));
    assertSame(x, x.pad(new int[0], 1.0));
  }

  @Test
  void padPairsStartFromTheLastAxis() {
    // {left, right, top, bottom}: the last axis by (1, 0), the one before by (0, 1).
    assertTensor(grid(2, 3).pad(new int[] {1, 0, 0, 1}, 9.0), shape(3, 4),
        9, 0, 1, 2,
        9, 3, 4, 5,
        9, 9, 9, 9);
    assertTensor(grid(3, 3).pad(new int[] {1, 1, 1, 1}, PadMode.REFLECT), shape(5, 5),
        4, 3, 4, 5, 4,
        1, 0, 1, 2, 1,
        4, 3, 4, 5, 4,
        7, 6, 7, 8, 7,
        4, 3, 4, 5, 4);
    assertTensor(grid(2, 2).pad(new int[] {1, 1, 1, 1}, PadMode.REPLICATE), shape(4, 4),
        0, 0, 1, 1,
        0, 0, 1, 1,
        2, 2, 3, 3,
        2, 2, 3, 3);
    assertTensor(grid(1, 1, 2).pad(new int[] {1, 0, 1, 0, 1, 0}, PadMode.CONSTANT),
        shape(2, 2, 3), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
  }

  @Test
  void padKeepsIntegerAndBoolDtypes() {
    Tensor i = Tensor.of(new int[] {1, 2}).pad(new int[] {1, 0}, 7);
    assertEquals(DType.INT32, i.dtype());
    assertArrayEquals(new int[] {7, 1, 2}, i.toIntArray());
    Tensor b = Tensor.of(new boolean[] {true, false}).pad(new int[] {1, 1}, PadMode.REFLECT);
    assertArrayEquals(new boolean[] {false, true, false, true}, b.toBooleanArray());
  }

  @Test
  void padGradientsAddBackIntoTheirSources() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    // reflect [3, 2, 1, 2, 3, 2]: x0 once, x1 three times, x2 twice
    x.pad(new int[] {2, 1}, PadMode.REFLECT).sum().backward();
    assertTensor(x.grad(), shape(3), 1, 3, 2);
    x.zeroGrad();
    x.pad(new int[] {2, 1}, PadMode.REPLICATE).sum().backward(); // [1, 1, 1, 2, 3, 3]
    assertTensor(x.grad(), shape(3), 3, 1, 2);
    x.zeroGrad();
    x.pad(new int[] {2, 1}, 5.0).mul(Tensor.arange(F64, 6)).sum().backward();
    assertTensor(x.grad(), shape(3), 2, 3, 4);
  }

  @Test
  void padErrors() {
    Tensor x = grid(2, 3);
    assertError("pad: reflect padding 3 on axis 1 needs size > 3, got shape [2, 3]",
        () -> x.pad(new int[] {3, 3}, PadMode.REFLECT));
    assertError("pad: reflect padding 2 on axis 0 needs size > 2, got shape [2, 3]",
        () -> x.pad(new int[] {0, 0, 0, 2}, PadMode.REFLECT));
    assertError("pad: padding [1] has odd length 1; give (before, after) pairs, last axis first",
        () -> x.pad(new int[] {1}, PadMode.CONSTANT));
    assertError("pad: padding [1, 1, 1, 1, 1, 1] has 3 pairs but shape [2, 3] has rank 2",
        () -> x.pad(new int[] {1, 1, 1, 1, 1, 1}, 0.0));
    assertError("pad: negative padding in [-1, 0] for axis 1; crop with narrow instead",
        () -> x.pad(new int[] {-1, 0}, 0.0));
    assertError("pad: replicate padding 1 on axis 0 needs size > 0, got shape [0, 3]",
        () -> Tensor.zeros(F64, 0, 3).pad(new int[] {0, 0, 1, 0}, PadMode.REPLICATE));
    assertError("pad: 0.5 is not an integer value of int32",
        () -> Tensor.of(new int[] {1}).pad(new int[] {1, 1}, 0.5));
    assertError("pad: padding [2147483647, 1] makes axis 1 of size 2147483651, more than a tensor "
        + "holds", () -> x.pad(new int[] {Integer.MAX_VALUE, 1}, PadMode.REPLICATE));
    assertTensor(Tensor.zeros(F64, 0, 3).pad(new int[] {0, 0, 1, 0}, 2.0), shape(1, 3), 2, 2, 2);
  }

  // ---------------------------------------------------------------- takeAlongAxis

  @Test
  void takeAlongAxisPicksPerRowAndBroadcasts() {
    Tensor x = Tensor.of(new double[] {10, 30, 20, 60, 40, 50}, 2, 3);
    Tensor order = Tensor.of(new long[] {0, 2, 1, 1, 2, 0}, 2, 3);
    assertTensor(x.takeAlongAxis(order, 1), shape(2, 3), 10, 20, 30, 40, 50, 60);
    assertTensor(x.takeAlongAxis(Tensor.of(new long[] {-1, 0}, 2, 1), 1), shape(2, 1), 20, 60);
    assertTensor(x.takeAlongAxis(Tensor.of(new int[] {2, 0}, 1, 2), -1), shape(2, 2),
        20, 10, 50, 60);
    assertTensor(x.takeAlongAxis(Tensor.of(new long[] {1, 0, 0}, 1, 3), 0), shape(1, 3),
        60, 30, 20);
    Tensor row = Tensor.of(new double[] {1, 2, 3}, 1, 3);
    assertTensor(row.takeAlongAxis(Tensor.of(new long[] {0, 2}, 2, 1), 1), shape(2, 1), 1, 3);
    Tensor labels = Tensor.of(new long[] {5, 6, 7});
    assertArrayEquals(new long[] {7, 5}, labels.takeAlongAxis(Tensor.of(new long[] {2, 0}), 0)
        .toLongArray());
  }

  @Test
  void takeAlongAxisGradientsAccumulate() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad(true);
    x.takeAlongAxis(Tensor.of(new long[] {0, 0, -1}), 0).sum().backward();
    assertTensor(x.grad(), shape(3), 2, 0, 1);
    Tensor row = Tensor.of(new double[] {1, 2, 3}, 1, 3).requiresGrad(true);
    row.takeAlongAxis(Tensor.of(new long[] {0, 0}, 2, 1), 1).sum().backward();
    assertTensor(row.grad(), shape(1, 3), 2, 0, 0);
  }

  @Test
  void takeAlongAxisErrors() {
    Tensor x = grid(2, 3);
    assertError("take_along_axis: indices must be an int32 or int64 tensor, got float64 (convert "
        + "with to(DType.INT64))", () -> x.takeAlongAxis(grid(2, 1), 1));
    assertError("take_along_axis: indices of shape [2] need the rank of the input shape [2, 3] "
        + "(2)", () -> x.takeAlongAxis(Tensor.of(new long[] {0, 1}), 1));
    assertError("take_along_axis: cannot broadcast input shape [2, 3] with indices shape [3, 1]: "
        + "axis 0 has sizes 2 and 3 (must be equal or 1)",
        () -> x.takeAlongAxis(Tensor.of(new long[] {0, 1, 2}, 3, 1), 1));
    assertError("take_along_axis: index 3 at flat position 1 of the indices (broadcast to [2, 1])"
        + " is out of range for axis 1 of size 3 (input shape [2, 3])",
        () -> x.takeAlongAxis(Tensor.of(new long[] {0, 3}, 2, 1), 1));
    assertError("take_along_axis: index -4 at flat position 0 of the indices (broadcast to [2, 1])"
        + " is out of range for axis 1 of size 3 (input shape [2, 3])",
        () -> x.takeAlongAxis(Tensor.of(new long[] {-4, 0}, 2, 1), 1));
    assertError("take_along_axis: cannot take from a 0-d tensor",
        () -> Tensor.scalar(1.0).takeAlongAxis(Tensor.scalar(DType.INT64, 0L), 0));
    assertError("take_along_axis: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> x.takeAlongAxis(Tensor.of(new long[] {0, 0}, 2, 1), 2));
  }

  // ---------------------------------------------------------------- maskedSelect

  @Test
  void maskedSelectReturnsTheSelectedElementsInOrder() {
    Tensor x = grid(2, 3);
    Tensor mask = Tensor.of(new boolean[] {true, false, true, false, false, true}, 2, 3);
    assertTensor(x.maskedSelect(mask), shape(3), 0, 2, 5);
    assertTensor(x.maskedSelect(Tensor.of(new boolean[] {false, true, true})), shape(4),
        1, 2, 4, 5);
    assertTensor(grid(3).maskedSelect(mask), shape(3), 0, 2, 2);
    assertTensor(x.maskedSelect(x.gt(2)), shape(3), 3, 4, 5);
    assertTensor(x.maskedSelect(Tensor.zeros(DType.BOOL, 2, 3)), shape(0));
    assertTensor(Tensor.scalar(4.0).maskedSelect(Tensor.scalar(true)), shape(1), 4);
    assertArrayEquals(new long[] {9}, Tensor.of(new long[] {8, 9}).maskedSelect(
        Tensor.of(new boolean[] {false, true})).toLongArray());
  }

  @Test
  void maskedSelectGradientScattersBack() {
    Tensor x = grid(2, 3).requiresGrad(true);
    Tensor mask = Tensor.of(new boolean[] {true, false, true, false, false, true}, 2, 3);
    x.maskedSelect(mask).mul(Tensor.of(new double[] {1, 2, 3})).sum().backward();
    assertTensor(x.grad(), shape(2, 3), 1, 0, 2, 0, 0, 3);
    Tensor v = grid(3).requiresGrad(true); // broadcast to [2, 3]: picks v0, v1, v0
    Tensor m = Tensor.of(new boolean[] {true, true, false, true, false, false}, 2, 3);
    v.maskedSelect(m).mul(Tensor.of(new double[] {1, 2, 3})).sum().backward();
    assertTensor(v.grad(), shape(3), 4, 2, 0);
  }

  @Test
  void maskedSelectErrors() {
    Tensor x = grid(2, 3);
    assertError("masked_select: mask must be a bool tensor, got int64 (compare, e.g. x.gt(0), to "
        + "make one)", () -> x.maskedSelect(Tensor.of(new long[] {1, 0, 1})));
    assertError("masked_select: cannot broadcast [2, 3] with [2]: axis 1 has sizes 3 and 2 (must "
        + "be equal or 1)", () -> x.maskedSelect(Tensor.of(new boolean[] {true, false})));
  }

  // ---------------------------------------------------------------- nonzero

  @Test
  void nonzeroListsCoordinates() {
    Tensor c = Tensor.of(new double[] {0, 1, 2, 0}, 2, 2).nonzero();
    assertEquals(DType.INT64, c.dtype());
    assertTensor(c, shape(2, 2), 0, 1, 1, 0);
    assertTensor(Tensor.of(new double[] {Double.NaN, 0, -0.0, 3}).nonzero(), shape(2, 1), 0, 3);
    assertTensor(Tensor.scalar(5.0).nonzero(), shape(1, 0));
    assertTensor(Tensor.scalar(0.0).nonzero(), shape(0, 0));
    assertTensor(Tensor.zeros(F64, 0, 3).nonzero(), shape(0, 2));
    assertTensor(Tensor.of(new boolean[] {false, true, true}).nonzero(), shape(2, 1), 1, 2);
    Tensor x = grid(2, 2).requiresGrad(true);
    assertFalse(x.nonzero().requiresGrad(), "coordinates are constants");
    assertTrue(x.index(at(0)).requiresGrad());
  }
}
