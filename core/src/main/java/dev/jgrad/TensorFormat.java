package dev.jgrad;

import java.util.Locale;

/** NumPy-style text for {@link Tensor#toString()}. */
final class TensorFormat {
  private TensorFormat() {}

  private static final int SUMMARIZE_OVER = 1000;
  private static final int EDGE = 3;

  static String format(Tensor t) {
    String[] text = texts(t);
    boolean summarize = text.length > SUMMARIZE_OVER;
    int width = 0;
    for (String x : text) {
      width = Math.max(width, x.length());
    }
    StringBuilder sb = new StringBuilder("tensor(");
    int indent = sb.length();
    appendAxis(sb, t.shape(), text, 0, 0, width, indent, summarize);
    sb.append(", dtype=").append(t.dtype());
    if (t.node != null) {
      sb.append(", op=").append(t.node.prim.name);
    } else if (t.requiresGrad()) {
      sb.append(", requiresGrad=true");
    }
    return sb.append(')').toString();
  }

  /** Every element's text: integers and booleans exactly, floats in one common format. */
  private static String[] texts(Tensor t) {
    String[] out = new String[t.numel()];
    if (t.dtype() == DType.BOOL) {
      boolean[] b = t.toBooleanArray();
      for (int i = 0; i < b.length; i++) out[i] = b[i] ? "true" : "false";
    } else if (t.dtype().isInteger()) {
      long[] l = t.toLongArray();
      for (int i = 0; i < l.length; i++) out[i] = Long.toString(l[i]);
    } else {
      double[] v = t.toDoubleArray();
      String fmt = chooseFormat(v);
      for (int i = 0; i < v.length; i++) out[i] = number(v[i], fmt);
    }
    return out;
  }

  private static void appendAxis(StringBuilder sb, Shape s, String[] v, int axis, int offset,
      int width, int indent, boolean summarize) {
    if (axis == s.rank()) {
      String n = v[offset];
      sb.append(" ".repeat(width - n.length())).append(n);
      return;
    }
    int size = s.dim(axis);
    int stride = s.strides()[axis];
    sb.append('[');
    for (int i = 0; i < size; i++) {
      if (summarize && size > 2 * EDGE && i == EDGE) {
        sb.append("...");
        i = size - EDGE - 1;
        sb.append(separator(s, axis, indent));
        continue;
      }
      appendAxis(sb, s, v, axis + 1, offset + i * stride, width, indent, summarize);
      if (i < size - 1) {
        sb.append(separator(s, axis, indent));
      }
    }
    sb.append(']');
  }

  private static String separator(Shape s, int axis, int indent) {
    if (axis == s.rank() - 1) {
      return ", ";
    }
    int blank = s.rank() - axis - 2;
    return ",\n" + "\n".repeat(blank) + " ".repeat(indent + axis + 1);
  }

  /** "int" for all-integral values, "sci" for very large/small magnitudes, else "fixed". */
  private static String chooseFormat(double[] v) {
    boolean integral = true;
    double maxAbs = 0;
    double minAbs = Double.POSITIVE_INFINITY;
    for (double x : v) {
      if (!Double.isFinite(x)) {
        continue;
      }
      integral &= x == Math.rint(x) && Math.abs(x) < 1e15;
      double a = Math.abs(x);
      maxAbs = Math.max(maxAbs, a);
      if (a > 0) {
        minAbs = Math.min(minAbs, a);
      }
    }
    if (integral) {
      return "int";
    }
    return maxAbs >= 1e8 || minAbs < 1e-4 ? "sci" : "fixed";
  }

  private static String number(double x, String fmt) {
    if (Double.isNaN(x)) {
      return "nan";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "inf" : "-inf";
    }
    switch (fmt) {
      case "int":
        return String.format(Locale.ROOT, "%.0f.", x);
      case "sci":
        return String.format(Locale.ROOT, "%.4e", x);
      default:
        return String.format(Locale.ROOT, "%.4f", x);
    }
  }
}
