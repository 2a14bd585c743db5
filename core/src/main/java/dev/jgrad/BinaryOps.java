package dev.jgrad;

import dev.jgrad.OpInfo.Domain;
import dev.jgrad.kernels.Binary;
import dev.jgrad.kernels.Where;

/**
 * Broadcasting binary primitives and {@code where}: forward kernel and derivative side by side.
 * Rules return gradients in the broadcast output shape; the engine sums them back to each
 * input's shape. Inputs of one call always share a dtype ({@link Tensor} promotes first).
 */
final class BinaryOps {
  private BinaryOps() {}

  /** The derivative part of a row: {@code (da, db) = rule(a, b, y, g)}. */
  interface Rule {
    Tensor vjp(Tensor a, Tensor b, Tensor y, Tensor g);
  }

  static final class Row extends Op {
    final OpInfo info;
    final Binary kernel;
    final Rule da;
    final Rule db;

    Row(OpInfo info, Binary kernel, Rule da, Rule db) {
      this.info = info;
      this.kernel = kernel;
      this.da = da;
      this.db = db;
    }

    @Override
    OpInfo info() {
      return info;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      Tensor a = node.input(0);
      Tensor b = node.input(1);
      return new Tensor[] {
          node.needsGrad(0) ? da.vjp(a, b, node.output, g) : null,
          node.needsGrad(1) ? db.vjp(a, b, node.output, g) : null};
    }
  }

  static Row row(String name, Domain domain, Binary kernel, Rule da, Rule db) {
    return new Row(new OpInfo(name, 2, domain, new double[0], true), kernel, da, db);
  }

  static Row comparison(String name, Binary kernel) {
    return new Row(OpInfo.constant(name, 2), kernel, null, null);
  }

  static final Row ADD = row("add", Domain.REAL, Binary.ADD, (a, b, y, g) -> g, (a, b, y, g) -> g);
  static final Row SUB = row("sub", Domain.REAL, Binary.SUB, (a, b, y, g) -> g,
      (a, b, y, g) -> g.neg());
  static final Row MUL = row("mul", Domain.REAL, Binary.MUL, (a, b, y, g) -> g.mul(b),
      (a, b, y, g) -> g.mul(a));
  /** {@code y = a / b}: {@code da = g / b}, {@code db = -g·y / b}. */
  static final Row DIV = row("div", Domain.REAL, Binary.DIV, (a, b, y, g) -> g.div(b),
      (a, b, y, g) -> g.mul(y).div(b).neg());
  /** {@code y = a^b} (a > 0): {@code da = g·b·a^(b-1)}, {@code db = g·y·log a}. */
  static final Row POW = row("pow", Domain.POSITIVE, Binary.POW,
      (a, b, y, g) -> g.mul(b).mul(a.pow(b.sub(1.0))), (a, b, y, g) -> g.mul(y).mul(a.log()));
  /** Ties (a == b, the kink) split the gradient evenly, as PyTorch does. */
  static final Row MAXIMUM = row("maximum", Domain.REAL, Binary.MAX,
      (a, b, y, g) -> g.mul(winner(a, b)), (a, b, y, g) -> g.mul(winner(b, a)));
  static final Row MINIMUM = row("minimum", Domain.REAL, Binary.MIN,
      (a, b, y, g) -> g.mul(winner(b, a)), (a, b, y, g) -> g.mul(winner(a, b)));
  static final Row LT = comparison("lt", Binary.LT);
  static final Row LE = comparison("le", Binary.LE);
  static final Row GT = comparison("gt", Binary.GT);
  static final Row GE = comparison("ge", Binary.GE);
  static final Row EQ = comparison("eq", Binary.EQ);
  static final Row NE = comparison("ne", Binary.NE);

  static final Row[] ALL = {ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM, LT, LE, GT, GE, EQ, NE};

  /** 1 where a > b, 1/2 where a == b, else 0 (a constant mask). */
  private static Tensor winner(Tensor a, Tensor b) {
    return a.gt(b).add(a.eq(b).mul(0.5));
  }

  /** Applies a row with broadcasting; a and b share a dtype. */
  static Tensor apply(Row row, Tensor a, Tensor b) {
    Shape s = Shape.broadcast(row.info.name(), a.shape(), b.shape());
    Tensor y = Tensor.empty(a.dtype(), s);
    if ((a.numel() == 1 || a.shape().equals(s)) && (b.numel() == 1 || b.shape().equals(s))) {
      // Same shape or a scalar operand (the common case): one flat loop, no index arithmetic.
      if (a.f != null) {
        row.kernel.applyFlat(a.f, b.f, y.f);
      } else {
        row.kernel.applyFlat(a.d, b.d, y.d);
      }
      return row.da == null ? y : Engine.record(row, y, a, b);
    }
    int[] dims = s.dims();
    if (a.f != null) {
      row.kernel.apply(a.f, a.shape().broadcastStrides(s), b.f, b.shape().broadcastStrides(s), y.f,
          dims);
    } else {
      row.kernel.apply(a.d, a.shape().broadcastStrides(s), b.d, b.shape().broadcastStrides(s), y.d,
          dims);
    }
    return row.da == null ? y : Engine.record(row, y, a, b);
  }

  /** {@code where(cond, a, b)}: the condition is a constant mask (nonzero selects a). */
  static final OpInfo WHERE_INFO = OpInfo.smooth("where", 3);

  private static final Op WHERE = new Op() {
    @Override
    OpInfo info() {
      return WHERE_INFO;
    }

    @Override
    Tensor[] vjp(Node node, Tensor g) {
      Tensor cond = node.input(0);
      Tensor zero = Tensor.scalar(g.dtype(), 0.0);
      return new Tensor[] {null,
          node.needsGrad(1) ? Tensor.where(cond, g, zero) : null,
          node.needsGrad(2) ? Tensor.where(cond, zero, g) : null};
    }
  };

  static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Shape s = Shape.broadcast("where", Shape.broadcast("where", cond.shape(), a.shape()),
        b.shape());
    // Test != 0 in the condition's own dtype: casting first would round 1e-50 to 0f.
    Tensor c = cond.dtype() == a.dtype() ? cond : cond.detach().ne(0.0).to(a.dtype());
    Tensor y = Tensor.empty(a.dtype(), s);
    Where.apply(c.data(), c.shape().broadcastStrides(s), a.data(), a.shape().broadcastStrides(s),
        b.data(), b.shape().broadcastStrides(s), y.data(), s.dims());
    return Engine.record(WHERE, y, cond.detach(), a, b);
  }
}
