package dev.jgrad.testing;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.ShrinkingDistance;

/**
 * A generated tensor as jqwik shrinks it: its shape and one shrinkable value per element
 * (row-major). Smaller candidates come first from the shape, as sub-blocks of the tensor that keep
 * their elements' values, so the element that makes a property fail can survive every cut and a
 * counterexample reaches rank 0 when one element is enough: the slice at each index of an axis
 * (one axis fewer), then halves and one-shorter ranges of an axis. Then each element's own
 * shrinking (toward the allowed value nearest to 0, and toward fewer decimals). The distance
 * orders by element count, then rank, then the elements' distances.
 */
final class TensorShrinkable implements Shrinkable<Tensor> {
  private final DType dtype;
  private final int[] shape;
  private final List<Shrinkable<Double>> elements;
  private final boolean shapeShrinks;

  TensorShrinkable(DType dtype, int[] shape, List<Shrinkable<Double>> elements,
      boolean shapeShrinks) {
    this.dtype = dtype;
    this.shape = shape;
    this.elements = elements;
    this.shapeShrinks = shapeShrinks;
  }

  /** A fresh tensor each time: a property may modify the one it gets. */
  @Override
  public Tensor value() {
    double[] v = new double[elements.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = elements.get(i).value();
    }
    Tensor t = Tensor.of(v, shape.clone());
    return dtype == DType.FLOAT64 ? t : t.to(dtype);
  }

  @Override
  public Stream<Shrinkable<Tensor>> shrink() {
    Stream<Shrinkable<Tensor>> blocks = shapeShrinks ? blocks() : Stream.empty();
    Stream<Shrinkable<Tensor>> values = IntStream.range(0, elements.size()).boxed()
        .flatMap(i -> elements.get(i).shrink().map(e -> withElement(i, e)));
    return Stream.concat(blocks, values);
  }

  @Override
  public ShrinkingDistance distance() {
    return ShrinkingDistance.of(elements.size(), shape.length)
        .append(ShrinkingDistance.combine(elements));
  }

  private Stream<Shrinkable<Tensor>> blocks() {
    List<Shrinkable<Tensor>> out = new ArrayList<>();
    for (int axis = 0; axis < shape.length; axis++) {
      for (int at = 0; at < shape[axis]; at++) {
        out.add(block(axis, at, at + 1, true));
      }
    }
    for (int axis = 0; axis < shape.length; axis++) {
      int n = shape[axis];
      if (n > 1) {
        out.add(block(axis, 0, n / 2, false));
        out.add(block(axis, n / 2, n, false));
        if (n > 2) {
          out.add(block(axis, 0, n - 1, false));
          out.add(block(axis, 1, n, false));
        }
      }
    }
    return out.stream();
  }

  /**
   * The elements whose index along {@code axis} is in {@code [from, to)}; with {@code drop} (and
   * a range of one) the axis itself goes.
   */
  private TensorShrinkable block(int axis, int from, int to, boolean drop) {
    int outer = 1;
    for (int k = 0; k < axis; k++) {
      outer *= shape[k];
    }
    int inner = 1;
    for (int k = axis + 1; k < shape.length; k++) {
      inner *= shape[k];
    }
    List<Shrinkable<Double>> kept = new ArrayList<>(outer * (to - from) * inner);
    for (int o = 0; o < outer; o++) {
      int base = (o * shape[axis] + from) * inner;
      kept.addAll(elements.subList(base, base + (to - from) * inner));
    }
    int[] s;
    if (drop) {
      s = new int[shape.length - 1];
      System.arraycopy(shape, 0, s, 0, axis);
      System.arraycopy(shape, axis + 1, s, axis, shape.length - axis - 1);
    } else {
      s = shape.clone();
      s[axis] = to - from;
    }
    return new TensorShrinkable(dtype, s, kept, true);
  }

  private TensorShrinkable withElement(int i, Shrinkable<Double> e) {
    List<Shrinkable<Double>> copy = new ArrayList<>(elements);
    copy.set(i, e);
    return new TensorShrinkable(dtype, shape, copy, shapeShrinks);
  }

  @Override
  public String toString() {
    return "TensorShrinkable" + Arrays.toString(shape);
  }
}
