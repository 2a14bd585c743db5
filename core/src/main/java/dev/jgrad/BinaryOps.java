package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Samples.Domain;
import dev.jgrad.kernels.Elementwise;
import dev.jgrad.kernels.Elementwise.Compare;
import dev.jgrad.kernels.Elementwise.Logic;
import java.util.EnumSet;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * Broadcasting elementwise primitives of two inputs, comparisons, logical connectives and
 * {@code where}: kernel, VJP, JVP and samples side by side. Inputs of one call share a dtype
 * ({@link Tensor} promotes first). VJP rules return gradients in the broadcast output shape (the
 * engine sums them back to each input's shape); JVP rules may return any shape broadcasting to
 * the output's (the engine expands them).
 */
final class BinaryOps {
  private BinaryOps() {}

  /** {@code f(a, b)} with broadcasting into a new tensor of the inputs' dtype. */
  static Tensor zip(String op, Tensor a, Tensor b, DoubleBinaryOperator f, LongBinaryOperator fi,
      boolean boolOk) {
    Shape s = Shape.broadcast(op, a.shape(), b.shape());
    DType t = a.dtype();
    if (t == DType.BOOL) {
      checkArgument(boolOk && fi != null, "%s: not defined for two bool tensors", op);
      return zip(op, a.to(DType.INT64), b.to(DType.INT64), f, fi, false).to(DType.BOOL);
    }
    Tensor y = Tensor.empty(t, s);
    int[] as = a.stridesFor(s);
    int[] bs = b.stridesFor(s);
    int[] dims = s.dimsRef();
    Storage x = a.storage;
    Storage z = b.storage;
    switch (t) {
      case FLOAT32:
        Elementwise.binary(f, x.f, a.offset, as, z.f, b.offset, bs, y.storage.f, dims);
        break;
      case FLOAT64:
        Elementwise.binary(f, x.d, a.offset, as, z.d, b.offset, bs, y.storage.d, dims);
        break;
      default:
        checkArgument(fi != null, "%s: not defined for %s tensors", op, t);
        if (t == DType.INT32) {
          Elementwise.binary(fi, x.i, a.offset, as, z.i, b.offset, bs, y.storage.i, dims);
        } else {
          Elementwise.binary(fi, x.l, a.offset, as, z.l, b.offset, bs, y.storage.l, dims);
        }
    }
    return y;
  }

  /** Sum of the non-null terms (a JVP of a linear combination of tangents). */
  static Tensor plus(Tensor x, Tensor y) {
    return x == null ? y : y == null ? x : x.add(y);
  }

  /** The two partial derivatives of a differentiable binary op applied to v. */
  interface Partial {
    Tensor apply(Saved<Void> s, Tensor v);
  }

  /**
   * A differentiable binary op: {@code da(s, v) = v·∂f/∂a}, {@code db(s, v) = v·∂f/∂b}
   * (elementwise, broadcast), used for the VJP ({@code v} the output gradient) and for the JVP
   * ({@code da(s, ta) + db(s, tb)}): the Jacobian blocks are diagonal up to broadcasting.
   */
  static Prim<Void> differentiable(String name, DoubleBinaryOperator f, LongBinaryOperator fi,
      boolean boolOk, Partial da, Partial db, Spec spec) {
    return Prim.<Void>builder(name, (a, in) -> zip(name, in[0], in[1], f, fi, boolOk))
        .vjp((s, g) -> new Tensor[] {s.needs(0) ? da.apply(s, g) : null,
            s.needs(1) ? db.apply(s, g) : null})
        .jvp((s, t) -> plus(t[0] == null ? null : da.apply(s, t[0]),
            t[1] == null ? null : db.apply(s, t[1])))
        .spec(spec).build();
  }

  /** Float samples from broadcasting pairs; integer samples in [-3, 3] when fi != null. */
  static Spec pairs(String name, Caller call, DoubleBinaryOperator reference, Domain domainA,
      double bAbsMin, boolean tieSensitive, boolean ints) {
    Spec.Sampler floats = r -> {
      while (true) {
        int[][] p = Samples.broadcastPair(r);
        Tensor a = Samples.tensor(r, p[0], domainA);
        Tensor b = Samples.tensor(r, p[1], Domain.REAL);
        if (bAbsMin > 0 && b.numel() > 0 && b.abs().min().item() < bAbsMin) {
          continue;
        }
        if (tieSensitive && a.sub(b).abs().min().item() < Samples.MARGIN) {
          continue;
        }
        return new Spec.Sample(name + "(a, b)", in -> call.apply(in[0], in[1]),
            in -> Samples.zip(in[0], in[1], reference), a, b);
      }
    };
    if (!ints) {
      return Spec.of(floats);
    }
    return Spec.of(floats, r -> {
      int[][] p = Samples.broadcastPair(r);
      Tensor a = Samples.integers(r, p[0], -3, 3);
      Tensor b = Samples.integers(r, p[1], bAbsMin > 0 ? 1 : -3, 3);
      return new Spec.Sample(name + "(a, b) on integers", in -> call.apply(in[0], in[1]),
          in -> Samples.zip(in[0], in[1], reference), a, b);
    }, DType.INT32, DType.INT64);
  }

  /** How a sample calls the op's public method. */
  interface Caller {
    Tensor apply(Tensor a, Tensor b);
  }

  // ------------------------------------------------------------------ arithmetic

  static final Prim<Void> ADD = differentiable("add", Elementwise.ADD, (a, b) -> a + b, true,
      (s, v) -> v, (s, v) -> v,
      pairs("add", Tensor::add, (a, b) -> a + b, Domain.REAL, 0, false, true));

  static final Prim<Void> SUB = differentiable("sub", Elementwise.SUB, (a, b) -> a - b, false,
      (s, v) -> v, (s, v) -> v.neg(),
      pairs("sub", Tensor::sub, (a, b) -> a - b, Domain.REAL, 0, false, true));

  static final Prim<Void> MUL = differentiable("mul", Elementwise.MUL, (a, b) -> a * b, true,
      (s, v) -> v.mul(s.x(1)), (s, v) -> v.mul(s.x(0)),
      pairs("mul", Tensor::mul, (a, b) -> a * b, Domain.REAL, 0, false, true));

  /** {@code y = a / b}: {@code ∂a = 1/b}, {@code ∂b = -y/b}; floats only (Tensor.div promotes). */
  static final Prim<Void> DIV = differentiable("div", Elementwise.DIV, null, false,
      (s, v) -> v.div(s.x(1)), (s, v) -> v.mul(s.y()).div(s.x(1)).neg(),
      pairs("div", Tensor::div, (a, b) -> a / b, Domain.REAL, 0.3, false, false));

  /**
   * {@code y = a^b}: {@code ∂a = b·a^(b-1)} (0 where b = 0) and {@code ∂b = y·log a}, taken as 0
   * where {@code a = 0} and {@code b >= 0} (PyTorch's convention: {@code 0·log 0 = 0}, so
   * {@code relu(x).pow(p)} has a finite d/dp). Integers: exact powers, negative exponents refused.
   */
  static final Prim<Void> POW = differentiable("pow", ElementwiseOps::pow, BinaryOps::ipow,
      false,
      (s, v) -> {
        Tensor a = s.x(0);
        Tensor b = s.x(1);
        return Tensor.where(b.eq(0.0), Tensor.scalar(v.dtype(), 0.0),
            v.mul(b).mul(a.pow(b.sub(1.0))));
      },
      (s, v) -> {
        Tensor a = s.x(0);
        Tensor b = s.x(1);
        Tensor zeroBase = a.eq(0.0).logicalAnd(b.ge(0.0));
        Tensor safeA = Tensor.where(zeroBase, Tensor.scalar(a.dtype(), 1.0), a);
        return Tensor.where(zeroBase, Tensor.scalar(v.dtype(), 0.0), v.mul(s.y()).mul(safeA.log()));
      },
      new Spec(pairs("pow", Tensor::pow, StrictMath::pow, Domain.POSITIVE, 0, false, false)
          .sampler, r -> {
            int[][] p = Samples.broadcastPair(r);
            return new Spec.Sample("pow(a, b) on integers", in -> in[0].pow(in[1]),
                in -> Samples.zip(in[0], in[1], StrictMath::pow),
                Samples.integers(r, p[0], -3, 3), Samples.integers(r, p[1], 0, 3));
          }, EnumSet.of(DType.INT32, DType.INT64)));

  /** Exact integer power by squaring (wraps like repeated multiplication). */
  static long ipow(long a, long b) {
    if (b < 0) {
      throw new IllegalArgumentException("pow: integers to negative powers are not allowed, got "
          + a + "^" + b);
    }
    long r = 1;
    while (b > 0) {
      if ((b & 1) == 1) {
        r *= a;
      }
      a *= a;
      b >>= 1;
    }
    return r;
  }

  /** 1 where a &gt; b, 1/2 where a == b, else 0: how maximum splits the gradient at ties. */
  private static Tensor winner(Tensor a, Tensor b, DType t) {
    return Tensor.where(a.gt(b), Tensor.scalar(t, 1.0),
        Tensor.where(a.eq(b), Tensor.scalar(t, 0.5), Tensor.scalar(t, 0.0)));
  }

  /** Ties (a == b, the kink) split the gradient evenly, as PyTorch does; NaN propagates. */
  static final Prim<Void> MAXIMUM = differentiable("maximum", BinaryOps::max, Math::max, true,
      (s, v) -> v.mul(winner(s.x(0), s.x(1), v.dtype())),
      (s, v) -> v.mul(winner(s.x(1), s.x(0), v.dtype())),
      pairs("maximum", Tensor::maximum, Math::max, Domain.REAL, 0, true, true));

  static final Prim<Void> MINIMUM = differentiable("minimum", BinaryOps::min, Math::min, true,
      (s, v) -> v.mul(winner(s.x(1), s.x(0), v.dtype())),
      (s, v) -> v.mul(winner(s.x(0), s.x(1), v.dtype())),
      pairs("minimum", Tensor::minimum, Math::min, Domain.REAL, 0, true, true));

  private static double max(double a, double b) {
    return a != a || b != b ? Double.NaN : Math.max(a, b);
  }

  private static double min(double a, double b) {
    return a != a || b != b ? Double.NaN : Math.min(a, b);
  }

  /** {@code floor(a / b)}; integers exactly (Python's {@code //}). A constant. */
  static final Prim<Void> FLOOR_DIV = Prim.<Void>builder("floor_div",
      (a, in) -> zip("floor_div", in[0], in[1], (x, y) -> Math.floor(x / y),
          (x, y) -> Math.floorDiv(x, nonzero("floor_div", y)), false))
      .spec(pairs("floor_div", Tensor::floorDiv, (x, y) -> Math.floor(x / y), Domain.REAL, 0.3,
          false, true)).build();

  /**
   * {@code a - floor(a / b)·b} (the divisor's sign, Python's {@code %}): {@code ∂a = 1},
   * {@code ∂b = -floor(a / b)}. Samples keep a/b away from integers (the jumps).
   */
  static final Prim<Void> REMAINDER = differentiable("remainder", BinaryOps::mod,
      (x, y) -> Math.floorMod(x, nonzero("remainder", y)), false,
      (s, v) -> v, (s, v) -> v.mul(s.x(0).floorDiv(s.x(1))).neg(),
      new Spec(r -> {
        while (true) {
          int[][] p = Samples.broadcastPair(r);
          Tensor a = Samples.tensor(r, p[0], Domain.REAL);
          Tensor b = Samples.tensor(r, p[1], new Domain(0.5, 2));
          Tensor q = a.div(b);
          if (q.sub(q.floorDiv(Tensor.scalar(1.0))).sub(0.5).abs().max(new int[0], false).item()
              > 0.5 - Samples.MARGIN) {
            continue;
          }
          return new Spec.Sample("remainder(a, b)", in -> in[0].remainder(in[1]),
              in -> Samples.zip(in[0], in[1], BinaryOps::mod), a, b);
        }
      }, r -> {
        int[][] p = Samples.broadcastPair(r);
        return new Spec.Sample("remainder(a, b) on integers", in -> in[0].remainder(in[1]),
            in -> Samples.zip(in[0], in[1], BinaryOps::mod), Samples.integers(r, p[0], -5, 5),
            Samples.integers(r, p[1], 1, 3));
      }, EnumSet.of(DType.INT32, DType.INT64)));

  static double mod(double a, double b) {
    return a - Math.floor(a / b) * b;
  }

  static long nonzero(String op, long divisor) {
    if (divisor == 0) {
      throw new IllegalArgumentException(op + ": integer division by zero");
    }
    return divisor;
  }

  // ------------------------------------------------------------------ comparisons and logic

  static Prim<Void> comparison(String name, Compare c, Caller call) {
    return Prim.<Void>builder(name, (a, in) -> {
      Tensor x = in[0];
      Tensor z = in[1];
      Shape s = Shape.broadcast(name, x.shape(), z.shape());
      Tensor y = Tensor.empty(DType.BOOL, s);
      Elementwise.compare(c, x.storage.array(), x.offset, x.stridesFor(s), z.storage.array(),
          z.offset, z.stridesFor(s), y.storage.b, s.dimsRef());
      return y;
    }).spec(new Spec(r -> {
      int[][] p = Samples.broadcastPair(r);
      // Draw from a coarse grid so that ties (a == b) are exercised too.
      Tensor a = Samples.integers(r, p[0], -2, 2).mul(0.5);
      Tensor b = Samples.integers(r, p[1], -2, 2).mul(0.5);
      return new Spec.Sample(name + "(a, b)", in -> call.apply(in[0], in[1]),
          in -> Samples.zip(in[0], in[1], (x, y) -> c.test(x, y) ? 1 : 0), a, b);
    }, r -> {
      int[][] p = Samples.broadcastPair(r);
      return new Spec.Sample(name + "(a, b) on integers", in -> call.apply(in[0], in[1]),
          in -> Samples.zip(in[0], in[1], (x, y) -> c.test(x, y) ? 1 : 0),
          Samples.integers(r, p[0], -1, 1), Samples.integers(r, p[1], -1, 1));
    }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL))).build();
  }

  static final Prim<Void> LT = comparison("lt", Compare.LT, Tensor::lt);
  static final Prim<Void> LE = comparison("le", Compare.LE, Tensor::le);
  static final Prim<Void> GT = comparison("gt", Compare.GT, Tensor::gt);
  static final Prim<Void> GE = comparison("ge", Compare.GE, Tensor::ge);
  static final Prim<Void> EQ = comparison("eq", Compare.EQ, Tensor::eq);
  static final Prim<Void> NE = comparison("ne", Compare.NE, Tensor::ne);

  static Prim<Void> logic(String name, Logic op, Caller call, DoubleBinaryOperator reference) {
    return Prim.<Void>builder(name, (a, in) -> {
      Tensor x = in[0];
      Tensor z = in[1];
      Shape s = Shape.broadcast(name, x.shape(), z.shape());
      Tensor y = Tensor.empty(DType.BOOL, s);
      Elementwise.logic(op, x.storage.b, x.offset, x.stridesFor(s), z.storage.b, z.offset,
          z.stridesFor(s), y.storage.b, s.dimsRef());
      return y;
    }).spec(new Spec(r -> {
      int[][] p = Samples.broadcastPair(r);
      return new Spec.Sample(name + "(a, b)", in -> call.apply(in[0], in[1]),
          in -> Samples.zip(in[0], in[1], reference), Samples.integers(r, p[0], -1, 1),
          Samples.integers(r, p[1], -1, 1));
    }, r -> {
      int[][] p = Samples.broadcastPair(r);
      return new Spec.Sample(name + "(a, b) on integers", in -> call.apply(in[0], in[1]),
          in -> Samples.zip(in[0], in[1], reference), Samples.integers(r, p[0], 0, 1),
          Samples.integers(r, p[1], 0, 1));
    }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL))).build();
  }

  static final Prim<Void> AND = logic("logical_and", Logic.AND, Tensor::logicalAnd,
      (a, b) -> a != 0 && b != 0 ? 1 : 0);
  static final Prim<Void> OR = logic("logical_or", Logic.OR, Tensor::logicalOr,
      (a, b) -> a != 0 || b != 0 ? 1 : 0);
  static final Prim<Void> XOR = logic("logical_xor", Logic.XOR, Tensor::logicalXor,
      (a, b) -> (a != 0) != (b != 0) ? 1 : 0);

  // ------------------------------------------------------------------ where

  /**
   * {@code where(cond, a, b)}: cond is a BOOL constant; {@code ∂a = cond}, {@code ∂b = !cond}.
   */
  static final Prim<Void> WHERE = Prim.<Void>builder("where", (x, in) -> {
    Tensor c = in[0];
    Tensor a = in[1];
    Tensor b = in[2];
    Shape s = Shape.broadcast("where", Shape.broadcast("where", c.shape(), a.shape()),
        b.shape());
    Tensor y = Tensor.empty(a.dtype(), s);
    Elementwise.where(c.storage.b, c.offset, c.stridesFor(s), a.storage.array(), a.offset,
        a.stridesFor(s), b.storage.array(), b.offset, b.stridesFor(s), y.storage.array(),
        s.dimsRef());
    return y;
  }).vjp((s, g) -> {
    Tensor zero = Tensor.scalar(g.dtype(), 0.0);
    Tensor c = s.x(0);
    return new Tensor[] {null, s.needs(1) ? Tensor.where(c, g, zero) : null,
        s.needs(2) ? Tensor.where(c, zero, g) : null};
  }).jvp((s, t) -> {
    Tensor zero = Tensor.scalar(s.dtype(1), 0.0);
    return Tensor.where(s.x(0), t[1] == null ? zero : t[1], t[2] == null ? zero : t[2]);
  }).spec(new Spec(r -> {
    int[][] p = Samples.broadcastPair(r);
    int[] cs = r.nextBoolean() ? p[0] : new int[0];
    Tensor c = Samples.integers(r, cs, 0, 1);
    Tensor a = Samples.real(r, p[0]);
    Tensor b = Samples.real(r, p[1]);
    // The condition is a constant: keep it out of the differentiated inputs.
    boolean[] mask = c.toBooleanArray();
    Tensor cond = Tensor.of(mask, cs);
    return new Spec.Sample("where(c, a, b)", in -> Tensor.where(cond, in[0], in[1]),
        in -> Samples.zip(Samples.zip(c, in[0], (m, x) -> m != 0 ? x : Double.NaN), in[1],
            (x, y) -> x == x ? x : y), a, b);
  }, r -> {
    int[][] p = Samples.broadcastPair(r);
    Tensor c = Samples.integers(r, p[0], 0, 1);
    boolean[] mask = c.toBooleanArray();
    Tensor cond = Tensor.of(mask, p[0]);
    return new Spec.Sample("where(c, a, b) on integers", in -> Tensor.where(cond, in[0], in[1]),
        in -> Samples.zip(Samples.zip(c, in[0], (m, x) -> m != 0 ? x : Double.NaN), in[1],
            (x, y) -> x == x ? x : y), Samples.integers(r, p[0], -3, 3),
        Samples.integers(r, p[1], -3, 3));
  }, EnumSet.of(DType.INT32, DType.INT64, DType.BOOL))).build();
}
