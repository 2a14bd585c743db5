package dev.jgrad.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The read bound of {@code GemmShapeBench}'s {@code mv} product: one pass of one thread over
 * the same {@code [12288, 209]} matrix, summing it, with no output to store. A GEMV reads each
 * matrix element once, so this is how fast that product could be on this machine; run it in the
 * same JMH invocation as {@code "GemmShapeBench.matmul" -p shape=mv -p threads=1}, because the
 * host's memory bandwidth drifts. Not a jgrad API: it uses the Vector API directly. The
 * {@code f32} case reads the float32 matrix's 10.3 MB, as doubles.
 * <ul>
 *   <li>{@code sequential}: {@code Σ a[i]} in order, four vector accumulators.</li>
 *   <li>{@code quarters}: the same sum with the array read as four far-apart quarters at once
 *       (four hardware-prefetch streams instead of one).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class MatrixStreamBench {
  private static final VectorSpecies<Double> SD = DoubleVector.SPECIES_PREFERRED;

  @Param({"f32", "f64"})
  String dtype;

  double[] d;

  /**
   * Draws the matrix's bytes, uniform on [-1, 1]: read as doubles in both dtypes, half as many
   * for float32, because the bound depends only on how many bytes are read.
   */
  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(1);
    int size = dtype.equals("f32") ? 12288 * 209 / 2 : 12288 * 209;
    d = new double[size];
    for (int i = 0; i < size; i++) d[i] = r.nextDouble(-1, 1);
  }

  /** {@code Σ a[i]} read in order. */
  @Benchmark
  public double sequential() {
    return sequential(d);
  }

  /** {@code Σ a[i]} read as four quarters at once. */
  @Benchmark
  public double quarters() {
    return quarters(d);
  }

  private static double sequential(double[] a) {
    int l = SD.length();
    DoubleVector s0 = DoubleVector.zero(SD);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    int i = 0;
    for (; i + 4 * l <= a.length; i += 4 * l) {
      s0 = s0.add(DoubleVector.fromArray(SD, a, i));
      s1 = s1.add(DoubleVector.fromArray(SD, a, i + l));
      s2 = s2.add(DoubleVector.fromArray(SD, a, i + 2 * l));
      s3 = s3.add(DoubleVector.fromArray(SD, a, i + 3 * l));
    }
    double s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (; i < a.length; i++) s += a[i];
    return s;
  }

  private static double quarters(double[] a) {
    int l = SD.length();
    int q = a.length / 4 / l * l;
    DoubleVector s0 = DoubleVector.zero(SD);
    DoubleVector s1 = s0;
    DoubleVector s2 = s0;
    DoubleVector s3 = s0;
    for (int i = 0; i < q; i += l) {
      s0 = s0.add(DoubleVector.fromArray(SD, a, i));
      s1 = s1.add(DoubleVector.fromArray(SD, a, i + q));
      s2 = s2.add(DoubleVector.fromArray(SD, a, i + 2 * q));
      s3 = s3.add(DoubleVector.fromArray(SD, a, i + 3 * q));
    }
    double s = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (int i = 4 * q; i < a.length; i++) s += a[i];
    return s;
  }
}
