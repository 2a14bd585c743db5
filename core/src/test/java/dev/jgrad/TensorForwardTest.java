package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Forward values of every public op against closed forms (FLOAT64 unless about float32). */
class TensorForwardTest {
  private static final DType F32 = DType.FLOAT32;
  private static final DType F64 = DType.FLOAT64;

  // ---------------------------------------------------------------- helpers

  private static void assertShape(Tensor t, int... dims) {
    assertArrayEquals(dims, t.shape().dims(), () -> "shape was " + t.shape());
  }

  private static void assertValues(Tensor t, double tol, double... expected) {
    double[] actual = t.toDoubleArray();
    assertEquals(expected.length, actual.length, "element count");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      double bound = tol * Math.max(1.0, Math.abs(e));
      assertTrue(Math.abs(a - e) <= bound || (Double.isNaN(e) && Double.isNaN(a))
          || (e == a), "element " + i + ": expected " + e + " but was " + a);
    }
  }

  private static void assertExact(Tensor t, double... expected) {
    assertArrayEquals(expected, t.toDoubleArray(), 0.0);
  }

  private static Tensor arange(int n) {
    return Tensor.arange(F64, n);
  }

  private static final double[] REALS = {-2.5, -0.7, 0.0, 0.3, 1.2, 3.0};
  private static final double[] POSITIVES = {0.3, 1.0, 1.2, 3.0, 7.5};

  private static void checkUnary(double[] xs, UnaryOperator<Tensor> op, DoubleUnaryOperator ref) {
    Tensor y = op.apply(Tensor.of(xs));
    assertEquals(F64, y.dtype());
    assertShape(y, xs.length);
    double[] expected = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      expected[i] = ref.applyAsDouble(xs[i]);
    }
    assertValues(y, 1e-14, expected);
  }

  // ---------------------------------------------------------------- factories

  @Test
  void ofFloatArrayIsFloat32() {
    Tensor t = Tensor.of(new float[] {1.5f, -2f, 3.25f});
    assertEquals(F32, t.dtype());
    assertShape(t, 3);
    assertEquals(1, t.rank());
    assertEquals(3, t.numel());
    assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, t.toFloatArray());
  }

  @Test
  void ofDoubleArrayIsFloat64() {
    Tensor t = Tensor.of(new double[] {0.1, 0.2, 0.3});
    assertEquals(F64, t.dtype());
    assertShape(t, 3);
    assertExact(t, 0.1, 0.2, 0.3);
  }

  @Test
  void ofWithShapeIsRowMajor() {
    Tensor t = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertShape(t, 2, 3);
    assertEquals(2, t.size(0));
    assertEquals(3, t.size(-1));
    assertEquals(4.0, t.get(1, 0));
    assertEquals(3.0, t.get(0, 2));
    Tensor f = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 2);
    assertEquals(F32, f.dtype());
    assertShape(f, 2, 2, 2);
    assertEquals(7.0, f.get(1, 1, 0));
  }

  @Test
  void ofCopiesItsInput() {
    double[] v = {1, 2, 3};
    Tensor t = Tensor.of(v);
    v[0] = 100;
    assertExact(t, 1, 2, 3);
  }

  @Test
  void ofWithEmptyShapeIsZeroDimensional() {
    Tensor t = Tensor.of(new double[] {4.5}, new int[0]);
    assertEquals(0, t.rank());
    assertShape(t);
    assertEquals(1, t.numel());
    assertEquals(4.5, t.item());
    assertEquals(Shape.SCALAR, t.shape());
  }

  @Test
  void ofRowsIsFloat64Matrix() {
    Tensor t = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(F64, t.dtype());
    assertShape(t, 2, 3);
    assertExact(t, 1, 2, 3, 4, 5, 6);
  }

  @Test
  void scalarFactories() {
    Tensor d = Tensor.scalar(2.5);
    assertEquals(F64, d.dtype());
    assertShape(d);
    assertEquals(2.5, d.item());
    Tensor f = Tensor.scalar(2.5f);
    assertEquals(F32, f.dtype());
    assertShape(f);
    Tensor g = Tensor.scalar(F32, 0.1);
    assertEquals(F32, g.dtype());
    assertEquals((double) 0.1f, g.item());
  }

  @Test
  void zerosOnesFull() {
    Tensor z = Tensor.zeros(F64, 2, 3);
    assertShape(z, 2, 3);
    assertExact(z, 0, 0, 0, 0, 0, 0);
    Tensor o = Tensor.ones(F32, 4);
    assertEquals(F32, o.dtype());
    assertExact(o, 1, 1, 1, 1);
    Tensor f = Tensor.full(F64, -7.25, 3, 1);
    assertShape(f, 3, 1);
    assertExact(f, -7.25, -7.25, -7.25);
    Tensor s = Tensor.full(F64, 3.0);
    assertShape(s);
    assertEquals(3.0, s.item());
  }

  @Test
  void arangeIntegers() {
    Tensor t = Tensor.arange(F64, 5);
    assertShape(t, 5);
    assertExact(t, 0, 1, 2, 3, 4);
    Tensor u = Tensor.arange(F64, 2, 11, 3);
    assertExact(u, 2, 5, 8);
    Tensor down = Tensor.arange(F64, 3, 0, -1);
    assertExact(down, 3, 2, 1);
  }

  @Test
  void arangeFractionalStep() {
    Tensor t = Tensor.arange(F64, 0, 1, 0.25);
    assertShape(t, 4);
    assertExact(t, 0, 0.25, 0.5, 0.75);
    Tensor u = Tensor.arange(F64, 0, 1, 0.3);
    assertShape(u, 4); // ceil(1 / 0.3) = 4
    assertValues(u, 1e-15, 0, 0.3, 0.6, 0.9);
    Tensor v = Tensor.arange(F64, -1, 0.1, 0.5);
    assertValues(v, 1e-15, -1, -0.5, 0);
  }

  @Test
  void arangeEmpty() {
    assertShape(Tensor.arange(F64, 5, 5, 1), 0);
    assertShape(Tensor.arange(F64, 5, 0, 1), 0);
    assertShape(Tensor.arange(F64, 0), 0);
    assertEquals(0, Tensor.arange(F32, 3, 1, 0.5).numel());
  }

  @Test
  void eye() {
    Tensor t = Tensor.eye(F64, 3);
    assertShape(t, 3, 3);
    assertExact(t, 1, 0, 0, 0, 1, 0, 0, 0, 1);
    assertEquals(F32, Tensor.eye(F32, 2).dtype());
  }

  @Test
  void uniformIsReproducibleFromSeed() {
    Tensor a = Tensor.uniform(new SplittableRandom(42), F64, -2, 3, 4, 5);
    Tensor b = Tensor.uniform(new SplittableRandom(42), F64, -2, 3, 4, 5);
    Tensor c = Tensor.uniform(new SplittableRandom(43), F64, -2, 3, 4, 5);
    assertShape(a, 4, 5);
    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray(), 0.0);
    assertFalse(java.util.Arrays.equals(a.toDoubleArray(), c.toDoubleArray()));
    for (double v : a.toDoubleArray()) {
      assertTrue(v >= -2 && v < 3, "out of [low, high): " + v);
    }
  }

  @Test
  void uniformDrawsInRowMajorOrderFromTheGenerator() {
    SplittableRandom ref = new SplittableRandom(7);
    double[] expected = new double[6];
    for (int i = 0; i < 6; i++) {
      expected[i] = 1 + 2 * ref.nextDouble();
    }
    assertValues(Tensor.uniform(new SplittableRandom(7), F64, 1, 3, 2, 3), 1e-15, expected);
  }

  @Test
  void uniformFloat32NeverReturnsHigh() {
    // A generator at the top of its range: nextDouble() = 1 - 2^-53 < 1.
    RandomGenerator top = () -> -1L;
    assertTrue(top.nextDouble() < 1.0);
    assertTrue(Tensor.uniform(top, F64, 0, 1, 1).item() < 1.0);
    double v = Tensor.uniform(top, F32, 0, 1, 1).item();
    assertTrue(v < 1.0, "uniform samples must lie in [low, high), got " + v);
  }

  @Test
  void normalIsReproducibleFromSeed() {
    Tensor a = Tensor.normal(new SplittableRandom(1), F32, 0, 1, 3, 3);
    Tensor b = Tensor.normal(new SplittableRandom(1), F32, 0, 1, 3, 3);
    Tensor c = Tensor.normal(new SplittableRandom(2), F32, 0, 1, 3, 3);
    assertEquals(F32, a.dtype());
    assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
    assertFalse(java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
  }

  @Test
  void normalMomentsRoughlyRight() {
    Tensor x = Tensor.normal(new SplittableRandom(2024), F64, 3.0, 2.0, 10000);
    double mean = x.mean().item();
    double var = x.sub(mean).square().mean().item();
    assertEquals(3.0, mean, 0.1);
    assertEquals(2.0, Math.sqrt(var), 0.1);
  }

  // ---------------------------------------------------------------- dtype rules

  @Test
  void mixedDtypesPromoteToTheWiderOfTwoDimensionedTensors() {
    Tensor a = Tensor.of(new float[] {1f, 2f});
    Tensor b = Tensor.of(new double[] {0.5, 0.25});
    Tensor ab = a.add(b);
    Tensor ba = b.mul(a);
    assertEquals(F64, ab.dtype());
    assertEquals(F64, ba.dtype());
    assertExact(ab, 1.5, 2.25);
    assertExact(ba, 0.5, 0.5);
    assertEquals(DType.BOOL, a.lt(b).dtype(), "comparisons are bool");
    assertEquals(F64, a.matmul(b).dtype());
  }

  @Test
  void javaNumberKeepsDtype() {
    Tensor x = Tensor.of(new float[] {1f, 2.5f});
    Tensor y = x.mul(4);
    assertEquals(F32, y.dtype());
    assertExact(y, 4, 10);
    assertEquals(F32, x.add(0.1).dtype());
    assertEquals(F32, x.div(3.0).dtype());
    assertEquals(F32, x.sub(1.0).dtype());
    assertEquals(F32, x.pow(2.0).dtype());
  }

  @Test
  void float32OpsStayFloat32() {
    Tensor x = Tensor.of(new float[] {1f, 2f});
    assertEquals(F32, x.add(x).dtype());
    assertEquals(F32, x.exp().dtype());
    assertEquals(F32, x.sum().dtype());
    assertEquals(DType.INT64, x.argmax().dtype(), "indices are int64");
    assertEquals((float) Math.exp(2.0), x.exp().toFloatArray()[1]);
  }

  @Test
  void toDtypeRoundTrip() {
    Tensor x = Tensor.of(new double[] {0.5, -1.25, 3.0});
    Tensor f = x.to(F32);
    assertEquals(F32, f.dtype());
    Tensor back = f.to(F64);
    assertEquals(F64, back.dtype());
    assertExact(back, 0.5, -1.25, 3.0);
    assertTrue(x.to(F64) == x, "to(same dtype) is a no-op");
    Tensor tenth = Tensor.of(new double[] {0.1}).to(F32).to(F64);
    assertEquals((double) 0.1f, tenth.item());
  }

  // ---------------------------------------------------------------- elementwise unary

  @Test
  void neg() {
    checkUnary(REALS, Tensor::neg, x -> -x);
  }

  @Test
  void exp() {
    checkUnary(REALS, Tensor::exp, Math::exp);
  }

  @Test
  void log() {
    checkUnary(POSITIVES, Tensor::log, Math::log);
  }

  @Test
  void log1p() {
    checkUnary(new double[] {-0.5, 0, 1e-10, 0.3, 5}, Tensor::log1p, Math::log1p);
  }

  @Test
  void expm1() {
    checkUnary(new double[] {-2, 0, 1e-10, 0.3, 5}, Tensor::expm1, Math::expm1);
  }

  @Test
  void sqrt() {
    checkUnary(new double[] {0, 0.25, 2, 9}, Tensor::sqrt, Math::sqrt);
  }

  @Test
  void abs() {
    checkUnary(REALS, Tensor::abs, Math::abs);
  }

  @Test
  void square() {
    checkUnary(REALS, Tensor::square, x -> x * x);
  }

  @Test
  void reciprocal() {
    checkUnary(new double[] {-2.5, -0.7, 0.3, 1.2, 4}, Tensor::reciprocal, x -> 1.0 / x);
  }

  @Test
  void sin() {
    checkUnary(REALS, Tensor::sin, Math::sin);
  }

  @Test
  void cos() {
    checkUnary(REALS, Tensor::cos, Math::cos);
  }

  @Test
  void tanh() {
    checkUnary(REALS, Tensor::tanh, Math::tanh);
  }

  @Test
  void sigmoid() {
    checkUnary(REALS, Tensor::sigmoid, x -> 1.0 / (1.0 + Math.exp(-x)));
  }

  @Test
  void relu() {
    checkUnary(REALS, Tensor::relu, x -> Math.max(x, 0));
  }

  @Test
  void leakyRelu() {
    checkUnary(REALS, t -> t.leakyRelu(0.1), x -> x > 0 ? x : 0.1 * x);
  }

  @Test
  void softplus() {
    checkUnary(REALS, Tensor::softplus, x -> Math.log(1 + Math.exp(x)));
  }

  @Test
  void clamp() {
    checkUnary(REALS, t -> t.clamp(-1, 1.2), x -> Math.min(1.2, Math.max(-1, x)));
    checkUnary(REALS, t -> t.clamp(0.5, 0.5), x -> 0.5);
  }

  @Test
  void powScalar() {
    checkUnary(POSITIVES, t -> t.pow(2.0), x -> x * x);
    checkUnary(POSITIVES, t -> t.pow(0.5), Math::sqrt);
    checkUnary(POSITIVES, t -> t.pow(-1.0), x -> 1 / x);
    checkUnary(POSITIVES, t -> t.pow(1.7), x -> Math.pow(x, 1.7));
    checkUnary(POSITIVES, t -> t.pow(-2.3), x -> Math.pow(x, -2.3));
    checkUnary(REALS, t -> t.pow(3.0), x -> Math.pow(x, 3));
    checkUnary(REALS, t -> t.pow(0.0), x -> 1.0);
  }

  @Test
  void sign() {
    checkUnary(REALS, Tensor::sign, Math::signum);
  }

  @Test
  void step() {
    checkUnary(REALS, Tensor::step, x -> x > 0 ? 1 : 0);
  }

  @Test
  void sigmoidExtremesAreExact() {
    Tensor y = Tensor.of(new double[] {1000, -1000}).sigmoid();
    assertTrue(y.allFinite());
    assertEquals(1.0, y.get(0), 1e-12);
    assertEquals(0.0, y.get(1), 1e-12);
    Tensor y32 = Tensor.of(new float[] {1000f, -1000f}).sigmoid();
    assertTrue(y32.allFinite());
    assertArrayEquals(new float[] {1f, 0f}, y32.toFloatArray(), 1e-7f);
  }

  @Test
  void softplusExtremesAreExact() {
    Tensor y = Tensor.of(new double[] {1000, -1000}).softplus();
    assertTrue(y.allFinite());
    assertEquals(1000.0, y.get(0), 1e-12);
    assertEquals(0.0, y.get(1), 1e-12);
  }

  // ---------------------------------------------------------------- elementwise binary

  @Test
  void arithmetic() {
    Tensor a = Tensor.of(new double[] {1.5, -2, 4});
    Tensor b = Tensor.of(new double[] {0.5, 4, -8});
    assertExact(a.add(b), 2, 2, -4);
    assertExact(a.sub(b), 1, -6, 12);
    assertExact(a.mul(b), 0.75, -8, -32);
    assertExact(a.div(b), 3, -0.5, -0.5);
    assertExact(a.add(1), 2.5, -1, 5);
    assertExact(a.sub(1), 0.5, -3, 3);
    assertExact(a.mul(-2), -3, 4, -8);
    assertExact(a.div(2), 0.75, -1, 2);
  }

  @Test
  void powTensor() {
    Tensor x = Tensor.of(new double[] {0.5, 2, 3, 7.5});
    Tensor p = Tensor.of(new double[] {2, -1.5, 0.5, 1.3});
    assertValues(x.pow(p), 1e-14, 0.25, Math.pow(2, -1.5), Math.sqrt(3), Math.pow(7.5, 1.3));
    Tensor bp = x.pow(Tensor.scalar(3.0));
    assertValues(bp, 1e-14, 0.125, 8, 27, Math.pow(7.5, 3));
  }

  @Test
  void maximumMinimum() {
    Tensor a = Tensor.of(new double[] {1, -2, 3, 0.5});
    Tensor b = Tensor.of(new double[] {0, -1, 3, 2});
    assertExact(a.maximum(b), 1, -1, 3, 2);
    assertExact(a.minimum(b), 0, -2, 3, 0.5);
    assertExact(a.maximum(Tensor.scalar(0.0)), 1, 0, 3, 0.5);
    assertExact(a.minimum(Tensor.scalar(0.0)), 0, -2, 0, 0);
  }

  @Test
  void comparisonsWithTensor() {
    Tensor a = Tensor.of(new double[] {1, 2, 3});
    Tensor b = Tensor.of(new double[] {2, 2, 2});
    assertExact(a.lt(b), 1, 0, 0);
    assertExact(a.le(b), 1, 1, 0);
    assertExact(a.gt(b), 0, 0, 1);
    assertExact(a.ge(b), 0, 1, 1);
    assertExact(a.eq(b), 0, 1, 0);
    assertExact(a.ne(b), 1, 0, 1);
  }

  @Test
  void comparisonsWithNumber() {
    Tensor a = Tensor.of(new double[] {1, 2, 3});
    assertExact(a.lt(2), 1, 0, 0);
    assertExact(a.le(2), 1, 1, 0);
    assertExact(a.gt(2), 0, 0, 1);
    assertExact(a.ge(2), 0, 1, 1);
    assertExact(a.eq(2), 0, 1, 0);
    assertExact(a.ne(2), 1, 0, 1);
  }

  @Test
  void comparisonsBroadcast() {
    Tensor col = Tensor.of(new double[] {1, 2, 3}, 3, 1);
    Tensor row = Tensor.of(new double[] {2, 3});
    Tensor lt = col.lt(row);
    assertShape(lt, 3, 2);
    assertExact(lt, 1, 1, 0, 1, 0, 0);
  }

  @Test
  void where() {
    Tensor cond = Tensor.of(new boolean[] {true, false, true, false});
    Tensor a = Tensor.of(new double[] {10, 20, 30, 40});
    Tensor b = Tensor.of(new double[] {-1, -2, -3, -4});
    assertExact(Tensor.where(cond, a, b), 10, -2, 30, -4);
    assertExact(Tensor.where(cond, a, Tensor.scalar(0.0)), 10, 0, 30, 0);
    Tensor x = Tensor.of(new double[] {-1.5, 2, -3, 4});
    assertExact(Tensor.where(x.gt(0), x, x.mul(0.5)), -0.75, 2, -1.5, 4);
  }

  @Test
  void whereBroadcastsAndPromotes() {
    Tensor cond = Tensor.of(new boolean[] {true, false}, 2, 1);
    Tensor a = Tensor.of(new float[] {1, 2, 3});
    Tensor b = Tensor.scalar(-1.0);
    Tensor y = Tensor.where(cond, a, b);
    assertEquals(F32, y.dtype(), "a 0-d float64 operand does not widen a float32 tensor");
    assertShape(y, 2, 3);
    assertExact(y, 1, 2, 3, -1, -1, -1);
  }

  @Test
  void whereTakesABoolMaskMadeByComparingInTheMasksOwnDtype() {
    // 1e-50 != 0, so a is selected, whatever the operands' dtype.
    Tensor cond = Tensor.of(new double[] {1e-50, 0}).ne(0.0);
    Tensor a = Tensor.of(new float[] {1f, 1f});
    Tensor b = Tensor.of(new float[] {2f, 2f});
    assertExact(Tensor.where(cond, a.to(F64), b.to(F64)), 1, 2);
    assertExact(Tensor.where(cond, a, b), 1, 2);
  }

  // ---------------------------------------------------------------- broadcasting

  @Test
  void broadcastThreeDims() {
    Tensor a = arange(6).reshape(3, 1, 2); // a[i,0,k] = 2i + k
    Tensor b = arange(6).mul(10).reshape(1, 3, 2); // b[0,j,k] = 10(2j + k)
    Tensor c = a.add(b);
    assertShape(c, 3, 3, 2);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        for (int k = 0; k < 2; k++) {
          assertEquals(2 * i + k + 10 * (2 * j + k), c.get(i, j, k), 0.0,
              "at " + i + "," + j + "," + k);
        }
      }
    }
  }

  @Test
  void broadcastColumnWithVector() {
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1);
    Tensor vec = Tensor.of(new double[] {10, 20});
    Tensor c = col.add(vec);
    assertShape(c, 2, 2);
    assertExact(c, 11, 21, 12, 22);
    Tensor d = vec.sub(col);
    assertExact(d, 9, 19, 8, 18);
  }

  @Test
  void broadcastScalarTensor() {
    Tensor s = Tensor.scalar(0.5);
    Tensor x = arange(12).reshape(2, 3, 2);
    Tensor c = s.add(x);
    assertShape(c, 2, 3, 2);
    double[] expected = new double[12];
    for (int i = 0; i < 12; i++) expected[i] = i + 0.5;
    assertExact(c, expected);
    assertShape(x.mul(s), 2, 3, 2);
  }

  @Test
  void broadcastBiasRow() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor bias = Tensor.of(new double[] {10, 20, 30});
    Tensor y = x.add(bias);
    assertShape(y, 2, 3);
    assertExact(y, 11, 22, 33, 14, 25, 36);
    Tensor x32 = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor y32 = x32.mul(Tensor.of(new float[] {1, 0, -1}));
    assertEquals(F32, y32.dtype());
    assertExact(y32, 1, 0, -3, 4, 0, -6);
  }

  // ---------------------------------------------------------------- reductions

  /** x[a, b, j] = 12a + 4b + j for shape [2, 3, 4]. */
  private static Tensor cube() {
    return arange(24).reshape(2, 3, 4);
  }

  @Test
  void sumAll() {
    Tensor s = cube().sum();
    assertShape(s);
    assertEquals(276.0, s.item());
    assertEquals(276.0, cube().sum(new int[0], false).item());
    assertShape(cube().sum(new int[0], true), 1, 1, 1);
  }

  @Test
  void sumSingleAxis() {
    Tensor s0 = cube().sum(0);
    assertShape(s0, 3, 4);
    for (int b = 0; b < 3; b++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(12 + 2 * (4 * b + j), s0.get(b, j), 0.0);
      }
    }
    Tensor s1 = cube().sum(1);
    assertShape(s1, 2, 4);
    for (int a = 0; a < 2; a++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(3 * (12 * a + j) + 12, s1.get(a, j), 0.0);
      }
    }
  }

  @Test
  void sumNegativeAxis() {
    Tensor s = cube().sum(-1);
    assertShape(s, 2, 3);
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 3; b++) {
        assertEquals(4 * (12 * a + 4 * b) + 6, s.get(a, b), 0.0);
      }
    }
    assertExact(cube().sum(-3), cube().sum(0).toDoubleArray());
  }

  @Test
  void sumMultipleAxes() {
    Tensor s = cube().sum(0, 2);
    assertShape(s, 3);
    assertExact(s, 60, 92, 124);
    assertExact(cube().sum(-1, 0), 60, 92, 124);
  }

  @Test
  void sumKeepdims() {
    Tensor s = cube().sum(new int[] {0, 2}, true);
    assertShape(s, 1, 3, 1);
    assertExact(s, 60, 92, 124);
    assertShape(cube().sum(new int[] {-1}, true), 2, 3, 1);
    assertShape(cube().sum(new int[] {1}, true), 2, 1, 4);
  }

  @Test
  void sumFloat32AccumulatesAccurately() {
    Tensor x = Tensor.full(F32, 0.1, 100000);
    assertEquals(F32, x.sum().dtype());
    assertEquals(100000 * (double) 0.1f, x.sum().item(), 1e-2);
  }

  @Test
  void mean() {
    assertEquals(11.5, cube().mean().item());
    Tensor m1 = cube().mean(1);
    assertShape(m1, 2, 4);
    for (int a = 0; a < 2; a++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(12 * a + 4 + j, m1.get(a, j), 1e-15);
      }
    }
    Tensor m = cube().mean(new int[] {-1, 0}, true);
    assertShape(m, 1, 3, 1);
    assertValues(m, 1e-15, 7.5, 11.5, 15.5);
    assertShape(cube().mean(0, 1), 4);
    assertValues(cube().mean(0, 1), 1e-15, 10, 11, 12, 13);
  }

  @Test
  void maxMin() {
    assertEquals(23.0, cube().max().item());
    assertEquals(0.0, cube().min().item());
    Tensor mx = cube().max(1);
    assertShape(mx, 2, 4);
    assertExact(mx, 8, 9, 10, 11, 20, 21, 22, 23);
    Tensor mn = cube().min(new int[] {0, 1}, false);
    assertShape(mn, 4);
    assertExact(mn, 0, 1, 2, 3);
    Tensor mk = cube().max(new int[] {-1}, true);
    assertShape(mk, 2, 3, 1);
    assertExact(mk, 3, 7, 11, 15, 19, 23);
    Tensor x = Tensor.of(new double[][] {{3, -1, 2}, {-5, 4, 0}});
    assertExact(x.max(0), 3, 4, 2);
    assertExact(x.min(0), -5, -1, 0);
    assertExact(x.max(-1), 3, 4);
    assertExact(x.min(1), -1, -5);
  }

  @Test
  void argmaxArgmin() {
    Tensor x = Tensor.of(new double[][] {{1, 3, 3}, {5, 2, 5}});
    Tensor am = x.argmax(1);
    assertShape(am, 2);
    assertEquals(DType.INT64, am.dtype());
    assertExact(am, 1, 0);
    assertExact(x.argmin(1), 0, 1);
    assertExact(x.argmax(0), 1, 0, 1);
    assertExact(x.argmin(0), 0, 1, 0);
    assertExact(x.argmax(-1), 1, 0);
    Tensor flat = x.argmax();
    assertShape(flat);
    assertEquals(3.0, flat.item());
  }

  @Test
  void argminFirstWinsTies() {
    Tensor x = Tensor.of(new double[] {2, 1, 1, 4, 1});
    assertEquals(1.0, x.argmin(0).item());
    assertEquals(3.0, x.argmax(0).item());
    assertEquals(0.0, Tensor.of(new double[] {7, 7, 7}).argmax().item());
    assertEquals(0.0, Tensor.of(new double[] {7, 7, 7}).argmin(0).item());
  }

  @Test
  void logsumexpModerate() {
    Tensor x = Tensor.of(new double[][] {{0.5, -1, 2}, {3, 0, -0.25}});
    Tensor l = x.logsumexp(1);
    assertShape(l, 2);
    assertValues(l, 1e-14,
        Math.log(Math.exp(0.5) + Math.exp(-1) + Math.exp(2)),
        Math.log(Math.exp(3) + Math.exp(0) + Math.exp(-0.25)));
    Tensor l0 = x.logsumexp(new int[] {0}, true);
    assertShape(l0, 1, 3);
    assertValues(l0, 1e-14, Math.log(Math.exp(0.5) + Math.exp(3)),
        Math.log(Math.exp(-1) + Math.exp(0)), Math.log(Math.exp(2) + Math.exp(-0.25)));
    Tensor all = x.logsumexp(new int[0], false);
    assertShape(all);
    double s = 0;
    for (double v : x.toDoubleArray()) s += Math.exp(v);
    assertEquals(Math.log(s), all.item(), 1e-14);
  }

  @Test
  void logsumexpLargeLogitsIsExact() {
    assertEquals(1000 + Math.log(2), Tensor.of(new double[] {1000, 1000}).logsumexp(0).item(),
        0.0);
    assertEquals(-1000 + Math.log(2),
        Tensor.of(new double[] {-1000, -1000}).logsumexp(0).item(), 0.0);
    Tensor mixed = Tensor.of(new double[] {1000, -1000, 0}).logsumexp(0);
    assertEquals(1000.0, mixed.item(), 1e-12);
  }

  @Test
  void softmaxRowsSumToOne() {
    Tensor x = Tensor.uniform(new SplittableRandom(5), F64, -4, 4, 5, 7);
    Tensor p = x.softmax(1);
    assertShape(p, 5, 7);
    double[] rows = p.sum(1).toDoubleArray();
    for (double r : rows) {
      assertEquals(1.0, r, 1e-12);
    }
    for (double v : p.toDoubleArray()) {
      assertTrue(v > 0 && v < 1);
    }
    double[] first = x.slice(0, 0, 1).toDoubleArray();
    double z = 0;
    for (double v : first) z += Math.exp(v);
    double[] expected = new double[first.length];
    for (int i = 0; i < first.length; i++) expected[i] = Math.exp(first[i]) / z;
    assertValues(p.slice(0, 0, 1), 1e-14, expected);
  }

  @Test
  void softmaxAlongAxisZero() {
    Tensor x = Tensor.of(new double[][] {{0, Math.log(3)}, {0, 0}});
    Tensor p = x.softmax(0);
    assertValues(p, 1e-15, 0.5, 0.75, 0.5, 0.25);
  }

  @Test
  void softmaxLargeLogitsIsFinite() {
    Tensor p = Tensor.of(new double[] {1000, -1000, 0}).softmax(0);
    assertTrue(p.allFinite());
    assertEquals(1.0, p.sum().item(), 1e-12);
    assertValues(p, 1e-12, 1, 0, 0);
    Tensor q = Tensor.of(new double[][] {{1000, -1000, 0}, {-1000, -1000, -1000}}).softmax(-1);
    assertTrue(q.allFinite());
    assertValues(q, 1e-12, 1, 0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3);
  }

  @Test
  void logSoftmaxMatchesLogOfSoftmax() {
    Tensor x = Tensor.of(new double[][] {{0.5, -1, 2}, {3, 0, -0.25}});
    double[] expected = x.softmax(1).log().toDoubleArray();
    assertValues(x.logSoftmax(1), 1e-12, expected);
    assertValues(x.logSoftmax(0), 1e-12, x.softmax(0).log().toDoubleArray());
  }

  @Test
  void logSoftmaxLargeLogitsIsFinite() {
    Tensor l = Tensor.of(new double[] {1000, -1000, 0}).logSoftmax(0);
    assertTrue(l.allFinite());
    assertValues(l, 1e-12, 0, -2000, -1000);
  }

  // ---------------------------------------------------------------- shape ops

  @Test
  void reshapeWithInferredDim() {
    Tensor x = arange(12);
    Tensor a = x.reshape(-1, 4);
    assertShape(a, 3, 4);
    assertEquals(6.0, a.get(1, 2));
    Tensor b = x.reshape(2, -1, 3);
    assertShape(b, 2, 2, 3);
    assertEquals(10.0, b.get(1, 1, 1));
    assertExact(b, x.toDoubleArray());
    assertShape(Tensor.scalar(5.0).reshape(1, 1), 1, 1);
    assertShape(Tensor.of(new double[] {5}).reshape(), new int[0]);
  }

  @Test
  void flatten() {
    Tensor x = cube();
    Tensor f = x.flatten();
    assertShape(f, 24);
    assertExact(f, arange(24).toDoubleArray());
    assertShape(Tensor.scalar(2.0).flatten(), 1);
  }

  @Test
  void permute() {
    Tensor x = cube();
    Tensor p = x.permute(2, 0, 1);
    assertShape(p, 4, 2, 3);
    for (int a = 0; a < 2; a++) {
      for (int b = 0; b < 3; b++) {
        for (int j = 0; j < 4; j++) {
          assertEquals(x.get(a, b, j), p.get(j, a, b), 0.0);
        }
      }
    }
    Tensor q = x.permute(-1, 1, -3);
    assertShape(q, 4, 3, 2);
    assertEquals(x.get(1, 2, 3), q.get(3, 2, 1));
  }

  @Test
  void transpose2d() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor t = x.transpose();
    assertShape(t, 3, 2);
    assertExact(t, 1, 4, 2, 5, 3, 6);
    assertExact(x.transpose(0, 1), 1, 4, 2, 5, 3, 6);
    assertExact(x.transpose(-1, -2), 1, 4, 2, 5, 3, 6);
    Tensor v = Tensor.of(new double[] {1, 2});
    assertTrue(v.transpose() == v, "1-d transpose is the identity");
  }

  @Test
  void transposeAxes() {
    Tensor x = cube();
    Tensor t = x.transpose(0, 2);
    assertShape(t, 4, 3, 2);
    assertEquals(x.get(1, 2, 3), t.get(3, 2, 1));
    assertEquals(x.get(0, 1, 2), t.get(2, 1, 0));
    Tensor u = x.transpose();
    assertShape(u, 2, 4, 3);
    assertEquals(x.get(1, 2, 3), u.get(1, 3, 2));
  }

  @Test
  void broadcastTo() {
    Tensor v = Tensor.of(new double[] {1, 2, 3});
    Tensor b = v.broadcastTo(2, 3);
    assertShape(b, 2, 3);
    assertExact(b, 1, 2, 3, 1, 2, 3);
    Tensor col = Tensor.of(new double[] {1, 2}, 2, 1);
    Tensor c = col.broadcastTo(2, 2, 3);
    assertShape(c, 2, 2, 3);
    assertExact(c, 1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2);
    assertExact(Tensor.scalar(4.0).broadcastTo(2), 4, 4);
  }

  @Test
  void squeezeUnsqueeze() {
    Tensor x = Tensor.of(new double[] {1, 2, 3}, 1, 3, 1);
    assertShape(x.squeeze(), 3);
    assertShape(x.squeeze(0), 3, 1);
    assertShape(x.squeeze(-1), 1, 3);
    assertShape(x.squeeze(0, -1), 3);
    assertExact(x.squeeze(), 1, 2, 3);
    Tensor y = Tensor.zeros(F64, 2, 3);
    assertShape(y.unsqueeze(0), 1, 2, 3);
    assertShape(y.unsqueeze(1), 2, 1, 3);
    assertShape(y.unsqueeze(2), 2, 3, 1);
    assertShape(y.unsqueeze(-1), 2, 3, 1);
    assertShape(y.unsqueeze(-2), 2, 1, 3);
    assertShape(y.unsqueeze(-3), 1, 2, 3);
    assertShape(Tensor.scalar(1.0).unsqueeze(0), 1);
    assertShape(Tensor.scalar(1.0).unsqueeze(-1), 1);
  }

  @Test
  void sliceBasicAndStep() {
    Tensor x = arange(10);
    assertExact(x.slice(0, 2, 5), 2, 3, 4);
    assertExact(x.slice(0, 1, 8, 3), 1, 4, 7);
    assertExact(x.slice(0, 0, 10, 4), 0, 4, 8);
    assertExact(x.slice(0, 1, 9, 4), 1, 5);
  }

  @Test
  void sliceNegativeAndClamped() {
    Tensor x = arange(10);
    assertExact(x.slice(0, -3, 10), 7, 8, 9);
    assertExact(x.slice(0, -4, -1, 2), 6, 8);
    assertExact(x.slice(0, 0, -7), 0, 1, 2);
    assertExact(x.slice(0, -100, 3), 0, 1, 2);
    assertExact(x.slice(0, 8, 100), 8, 9);
    assertShape(x.slice(0, 5, 2), 0);
    assertShape(x.slice(0, -1, -5), 0);
  }

  @Test
  void sliceInnerAxis() {
    Tensor x = arange(12).reshape(3, 4);
    Tensor s = x.slice(1, 1, 4, 2);
    assertShape(s, 3, 2);
    assertExact(s, 1, 3, 5, 7, 9, 11);
    Tensor r = x.slice(-2, -2, 3);
    assertShape(r, 2, 4);
    assertExact(r, 4, 5, 6, 7, 8, 9, 10, 11);
  }

  @Test
  void concat() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new double[][] {{5, 6}});
    Tensor c0 = Tensor.concat(0, a, b);
    assertShape(c0, 3, 2);
    assertExact(c0, 1, 2, 3, 4, 5, 6);
    Tensor d = Tensor.of(new double[][] {{7}, {8}});
    Tensor c1 = Tensor.concat(1, a, d, a);
    assertShape(c1, 2, 5);
    assertExact(c1, 1, 2, 7, 1, 2, 3, 4, 8, 3, 4);
    assertExact(Tensor.concat(-1, a, d), 1, 2, 7, 3, 4, 8);
  }

  @Test
  void concatMixedDtypesPromotes() {
    Tensor a = Tensor.of(new float[] {1.5f, 2f});
    Tensor b = Tensor.of(new double[] {0.1});
    Tensor c = Tensor.concat(0, a, b);
    assertEquals(F64, c.dtype());
    assertExact(c, 1.5, 2, 0.1);
    assertEquals(F32, Tensor.concat(0, a, a).dtype());
  }

  @Test
  void stack() {
    Tensor a = Tensor.of(new double[] {1, 2, 3});
    Tensor b = Tensor.of(new double[] {4, 5, 6});
    Tensor s0 = Tensor.stack(0, a, b);
    assertShape(s0, 2, 3);
    assertExact(s0, 1, 2, 3, 4, 5, 6);
    Tensor s1 = Tensor.stack(1, a, b);
    assertShape(s1, 3, 2);
    assertExact(s1, 1, 4, 2, 5, 3, 6);
    Tensor sl = Tensor.stack(-1, a, b);
    assertShape(sl, 3, 2);
    assertExact(sl, 1, 4, 2, 5, 3, 6);
    Tensor scalars = Tensor.stack(0, Tensor.scalar(1.0), Tensor.scalar(2.0));
    assertShape(scalars, 2);
    assertExact(scalars, 1, 2);
  }

  @Test
  void gatherOneColumnPerRow() {
    Tensor x = Tensor.of(new double[][] {{10, 11, 12}, {20, 21, 22}, {30, 31, 32}});
    Tensor idx = Tensor.of(new long[] {2, 0, 1}).unsqueeze(1);
    Tensor g = x.gather(1, idx);
    assertShape(g, 3, 1);
    assertExact(g, 12, 20, 31);
    Tensor idx2 = Tensor.of(new long[] {0, 0, 2, 1, 1, 2}, 3, 2);
    assertExact(x.gather(1, idx2), 10, 10, 22, 21, 31, 32);
    Tensor rows = Tensor.of(new int[] {2, 0, 1}, 1, 3);
    assertExact(x.gather(0, rows), 30, 11, 22);
  }

  @Test
  void indexSelectWithRepeats() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}, {5, 6}});
    Tensor r = x.indexSelect(0, 2, 0, 2);
    assertShape(r, 3, 2);
    assertExact(r, 5, 6, 1, 2, 5, 6);
    Tensor c = x.indexSelect(1, 1, 1, 0);
    assertShape(c, 3, 3);
    assertExact(c, 2, 2, 1, 4, 4, 3, 6, 6, 5);
    assertShape(x.indexSelect(0), 0, 2);
  }

  // ---------------------------------------------------------------- matmul

  @Test
  void matmul2x3By3x2() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor b = Tensor.of(new double[][] {{7, 8}, {9, 10}, {11, 12}});
    Tensor c = a.matmul(b);
    assertShape(c, 2, 2);
    assertExact(c, 58, 64, 139, 154);
  }

  @Test
  void matmulVectorVectorIsDot() {
    Tensor u = Tensor.of(new double[] {1, 2, 3});
    Tensor v = Tensor.of(new double[] {4, -5, 6});
    Tensor d = u.matmul(v);
    assertShape(d);
    assertEquals(12.0, d.item());
  }

  @Test
  void matmulMatrixVector() {
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor v = Tensor.of(new double[] {1, 0, -1});
    Tensor y = a.matmul(v);
    assertShape(y, 2);
    assertExact(y, -2, -2);
  }

  @Test
  void matmulVectorMatrix() {
    Tensor v = Tensor.of(new double[] {1, -1});
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor y = v.matmul(a);
    assertShape(y, 3);
    assertExact(y, -3, -3, -3);
  }

  @Test
  void matmulBatchedByMatrix() {
    Tensor a = Tensor.uniform(new SplittableRandom(11), F64, -1, 1, 2, 2, 3);
    Tensor w = Tensor.uniform(new SplittableRandom(12), F64, -1, 1, 3, 4);
    Tensor c = a.matmul(w);
    assertShape(c, 2, 2, 4);
    for (int b = 0; b < 2; b++) {
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 4; j++) {
          double s = 0;
          for (int k = 0; k < 3; k++) s += a.get(b, i, k) * w.get(k, j);
          assertEquals(s, c.get(b, i, j), 1e-14);
        }
      }
    }
  }

  @Test
  void matmulBroadcastBatch() {
    Tensor a = Tensor.uniform(new SplittableRandom(21), F64, -1, 1, 2, 1, 2, 3);
    Tensor b = Tensor.uniform(new SplittableRandom(22), F64, -1, 1, 1, 3, 3, 4);
    Tensor c = a.matmul(b);
    assertShape(c, 2, 3, 2, 4);
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 3; q++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += a.get(p, 0, i, k) * b.get(0, q, k, j);
            assertEquals(s, c.get(p, q, i, j), 1e-14);
          }
        }
      }
    }
  }

  @Test
  void matmulBroadcastBatchOfDifferentRank() {
    Tensor a = Tensor.uniform(new SplittableRandom(31), F64, -1, 1, 3, 2, 3);
    Tensor b = Tensor.uniform(new SplittableRandom(32), F64, -1, 1, 2, 1, 3, 4);
    Tensor c = a.matmul(b);
    assertShape(c, 2, 3, 2, 4);
    for (int p = 0; p < 2; p++) {
      for (int q = 0; q < 3; q++) {
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 4; j++) {
            double s = 0;
            for (int k = 0; k < 3; k++) s += a.get(q, i, k) * b.get(p, 0, k, j);
            assertEquals(s, c.get(p, q, i, j), 1e-14);
          }
        }
      }
    }
  }

  @Test
  void matmulBatchedByVector() {
    Tensor a = arange(12).reshape(2, 2, 3);
    Tensor v = Tensor.of(new double[] {1, 0, -1});
    Tensor y = a.matmul(v);
    assertShape(y, 2, 2);
    assertExact(y, -2, -2, -2, -2);
    Tensor u = Tensor.of(new double[] {1, 1});
    Tensor z = u.matmul(a);
    assertShape(z, 2, 3);
    assertExact(z, 3, 5, 7, 15, 17, 19);
  }

  @Test
  void matmulFloat32CloseToFloat64() {
    SplittableRandom rng = new SplittableRandom(99);
    Tensor a = Tensor.uniform(rng, F32, -1, 1, 37, 53);
    Tensor b = Tensor.uniform(rng, F32, -1, 1, 53, 29);
    Tensor c32 = a.matmul(b);
    assertEquals(F32, c32.dtype());
    assertShape(c32, 37, 29);
    Tensor c64 = a.to(F64).matmul(b.to(F64));
    double[][] scale = a.to(F64).abs().matmul(b.to(F64).abs()).toDoubleMatrix();
    double[][] x = c32.toDoubleMatrix();
    double[][] y = c64.toDoubleMatrix();
    for (int i = 0; i < 37; i++) {
      for (int j = 0; j < 29; j++) {
        assertEquals(y[i][j], x[i][j], 1e-5 * scale[i][j], "at " + i + "," + j);
      }
    }
  }

  @Test
  void matmulLargeKAgainstNaiveLoop() {
    // k > 256 exercises the kernel's k-blocking.
    SplittableRandom rng = new SplittableRandom(3);
    Tensor a = Tensor.uniform(rng, F64, -1, 1, 3, 600);
    Tensor b = Tensor.uniform(rng, F64, -1, 1, 600, 2);
    Tensor c = a.matmul(b);
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 2; j++) {
        double s = 0;
        for (int k = 0; k < 600; k++) s += a.get(i, k) * b.get(k, j);
        assertEquals(s, c.get(i, j), 1e-12);
      }
    }
  }

  // ---------------------------------------------------------------- toString

  @Test
  void toStringFloat32Matrix() {
    Tensor t = Tensor.of(new float[] {1.5f, 2f, 3f, 4.25f}, 2, 2);
    assertEquals("tensor([[1.5000, 2.0000],\n        [3.0000, 4.2500]], dtype=float32)",
        t.toString());
  }

  @Test
  void toStringScalar() {
    assertEquals("tensor(3.2500, dtype=float64)", Tensor.scalar(3.25).toString());
    assertEquals("tensor(-2., dtype=float32)", Tensor.scalar(-2f).toString());
  }

  @Test
  void toStringIntegralValues() {
    assertEquals("tensor([ 1., -2., 30.], dtype=float64)",
        Tensor.of(new double[] {1, -2, 30}).toString());
  }

  @Test
  void toStringNegativeFixed() {
    assertEquals("tensor([-0.5000,  2.2500], dtype=float64)",
        Tensor.of(new double[] {-0.5, 2.25}).toString());
  }

  @Test
  void toStringSummarizesLargeTensors() {
    Tensor t = arange(2000);
    String s = t.toString();
    assertTrue(s.contains("..."), s);
    assertTrue(s.length() < 2000, "length " + s.length());
    assertTrue(s.startsWith("tensor(["), s);
    assertTrue(s.contains("1999."), s);
    assertEquals("tensor([   0.,    1.,    2., ..., 1997., 1998., 1999.], dtype=float64)", s);
    assertTrue(s.endsWith("dtype=float64)"), s);
  }

  @Test
  void toStringThreeDimensional() {
    assertEquals("tensor([[[0., 1.],\n"
        + "         [2., 3.]],\n"
        + "\n"
        + "        [[4., 5.],\n"
        + "         [6., 7.]]], dtype=float64)", arange(8).reshape(2, 2, 2).toString());
  }

  @Test
  void toStringScientificAndNonFinite() {
    assertEquals("tensor([1.0000e-05, 1.0000e+00,        nan,       -inf], dtype=float64)",
        Tensor.of(new double[] {1e-5, 1, Double.NaN, Double.NEGATIVE_INFINITY}).toString());
  }

  @Test
  void toStringDoesNotSummarizeAtThreshold() {
    String s = arange(1000).toString();
    assertFalse(s.contains("..."));
  }

  // ---------------------------------------------------------------- access and copies

  @Test
  void item() {
    assertEquals(2.5, Tensor.scalar(2.5).item());
    assertEquals(-1.0, Tensor.of(new double[] {-1}, 1, 1).item());
    assertEquals(0.5, Tensor.of(new float[] {0.5f}).item());
  }

  @Test
  void getWithNegativeIndices() {
    Tensor x = cube();
    assertEquals(23.0, x.get(-1, -1, -1));
    assertEquals(x.get(1, 2, 3), x.get(-1, -1, -1));
    assertEquals(x.get(0, 1, 2), x.get(-2, -2, -2));
    assertEquals(12.0, x.get(-1, 0, 0));
    assertEquals(7.0, Tensor.scalar(7.0).get());
  }

  @Test
  void toFloatArrayIsACopy() {
    Tensor x = Tensor.of(new float[] {1, 2, 3});
    float[] a = x.toFloatArray();
    a[0] = 99;
    assertArrayEquals(new float[] {1, 2, 3}, x.toFloatArray());
    Tensor y = Tensor.of(new double[] {1.25, 2});
    float[] b = y.toFloatArray();
    assertArrayEquals(new float[] {1.25f, 2f}, b);
    b[0] = 99;
    assertExact(y, 1.25, 2);
  }

  @Test
  void toDoubleArrayIsACopy() {
    Tensor x = Tensor.of(new double[] {1, 2, 3});
    double[] a = x.toDoubleArray();
    a[1] = 99;
    assertExact(x, 1, 2, 3);
    Tensor f = Tensor.of(new float[] {0.5f});
    double[] b = f.toDoubleArray();
    b[0] = 99;
    assertEquals(0.5, f.item());
  }

  @Test
  void toDoubleMatrixIsACopy() {
    Tensor x = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    double[][] m = x.toDoubleMatrix();
    assertEquals(2, m.length);
    assertArrayEquals(new double[] {1, 2, 3}, m[0], 0.0);
    assertArrayEquals(new double[] {4, 5, 6}, m[1], 0.0);
    m[1][2] = -1;
    assertEquals(6.0, x.get(1, 2));
  }

  @Test
  void reshapeViewIsNotAffectedByCopies() {
    Tensor x = arange(6);
    Tensor r = x.reshape(2, 3);
    double[][] m = r.toDoubleMatrix();
    m[0][0] = 42;
    assertEquals(0.0, x.get(0));
    assertNotEquals(42.0, r.get(0, 0));
  }

  @Test
  void allFinite() {
    assertTrue(Tensor.of(new double[] {1, 2}).allFinite());
    assertFalse(Tensor.of(new double[] {1, Double.NaN}).allFinite());
    assertFalse(Tensor.of(new float[] {Float.POSITIVE_INFINITY}).allFinite());
  }

  @Test
  void matmulWithTransposeFlagsEqualsExplicitTransposes() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(11);
    Tensor a = Tensor.uniform(r, DType.FLOAT64, -1, 1, 2, 4, 3);
    Tensor b = Tensor.uniform(r, DType.FLOAT64, -1, 1, 5, 4);
    assertArrayEquals(a.transpose().matmul(b.transpose()).toDoubleArray(),
        a.matmul(b, true, true).toDoubleArray(), 1e-12);
    Tensor c = Tensor.uniform(r, DType.FLOAT64, -1, 1, 3, 5);
    assertArrayEquals(a.matmul(c).toDoubleArray(), a.matmul(c, false, false).toDoubleArray(),
        1e-12);
    Tensor d = Tensor.uniform(r, DType.FLOAT64, -1, 1, 4, 3);
    assertArrayEquals(d.transpose().matmul(a).toDoubleArray(),
        d.matmul(a, true, false).toDoubleArray(), 1e-12);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Tensor.of(new double[] {1, 2}).matmul(b, false, true));
    assertEquals("matmul: transposed products need operands of rank >= 2, got [2] @ [5, 4]",
        e.getMessage());
  }
}
