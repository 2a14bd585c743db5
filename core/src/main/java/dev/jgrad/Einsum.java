package dev.jgrad;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Einstein summation ({@link Tensor#einsum}) as a composite of differentiable views and ops —
 * diagonal, sum, permute, reshape, squeeze and matmul — so its derivatives in both modes, to
 * any order, follow from theirs.
 *
 * <p>The plan: parse the subscripts (letters {@code a-z A-Z}, one {@code ...} per term, an
 * optional {@code ->output}; whitespace is ignored) and check them against the operands' shapes;
 * in each operand take the diagonal of every repeated index and sum every index no other operand
 * and the output use; then contract two operands at a time, always the pair whose result is
 * smallest, each contraction one batched matmul: indices of both that are still needed become
 * batch axes (broadcast as matmul broadcasts), indices of both that are not are the inner
 * dimension, the rest are rows and columns. Finally permute to the output order. An index may
 * have size 1 in one operand and n in another (it broadcasts, as PyTorch allows); the ellipsis
 * axes broadcast right-aligned like NumPy's.
 */
final class Einsum {
  private Einsum() {}

  /** Label of the first ellipsis axis; ellipsis axis d (from the left) is ELLIPSIS + d. */
  private static final int ELLIPSIS = 256;
  /** Marks the ellipsis inside a parsed term. */
  private static final int ELL = -1;

  /** One parsed term: labels in axis order (ELL for the ellipsis) and where each stood. */
  private static final class Term {
    final List<Integer> labels = new ArrayList<>();
    final List<Integer> positions = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    boolean hasEllipsis;

    void add(int label, int position) {
      labels.add(label);
      positions.add(position);
      text.append(label == ELL ? "..." : String.valueOf((char) label));
    }

    int letters() {
      return labels.size() - (hasEllipsis ? 1 : 0);
    }
  }

  /** An operand during the plan: its tensor and the label of each axis. */
  private record Operand(Tensor x, int[] labels) {}

  private static IllegalArgumentException error(String eq, String format, Object... args) {
    return new IllegalArgumentException("einsum: subscript '" + eq + "': "
        + String.format(format, args));
  }

  private static String name(int label) {
    return label >= ELLIPSIS ? "ellipsis axis " + (label - ELLIPSIS)
        : "index '" + (char) label + "'";
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static Tensor einsum(String eq, Tensor[] operands) {
    checkArgument(eq != null, "einsum: the subscript string is null");
    checkArgument(operands.length > 0, "einsum: subscript '%s' needs at least one operand", eq);
    List<Term> inputs = new ArrayList<>();
    Term output = null;
    Term cur = new Term();
    for (int p = 0; p < eq.length(); p++) {
      char c = eq.charAt(p);
      if (Character.isWhitespace(c)) {
        continue;
      }
      if (isLetter(c)) {
        cur.add(c, p);
      } else if (c == '.') {
        if (!eq.startsWith("...", p)) {
          throw error(eq, "'.' at position %d is not part of an ellipsis '...'", p);
        }
        if (cur.hasEllipsis) {
          throw error(eq, "second ellipsis in one term at position %d", p);
        }
        cur.hasEllipsis = true;
        cur.add(ELL, p);
        p += 2;
      } else if (c == ',') {
        if (output != null) {
          throw error(eq, "',' at position %d comes after '->' (the output is one term)", p);
        }
        inputs.add(cur);
        cur = new Term();
      } else if (c == '-') {
        if (p + 1 >= eq.length() || eq.charAt(p + 1) != '>') {
          throw error(eq, "'-' at position %d is not followed by '>'", p);
        }
        if (output != null) {
          throw error(eq, "second '->' at position %d", p);
        }
        inputs.add(cur);
        cur = new Term();
        output = cur;
        p++;
      } else {
        throw error(eq, "invalid character '%c' at position %d (indices are letters a-z and "
            + "A-Z)", c, p);
      }
    }
    if (output == null) {
      inputs.add(cur);
    }
    if (inputs.size() != operands.length) {
      throw error(eq, "%d operand term%s but %d operand%s given", inputs.size(),
          inputs.size() == 1 ? "" : "s", operands.length, operands.length == 1 ? "" : "s");
    }

    // Ranks, and the ellipsis axes each operand covers.
    int ellipsisRank = 0;
    int[] covered = new int[operands.length];
    for (int i = 0; i < operands.length; i++) {
      Term t = inputs.get(i);
      Shape s = operands[i].shape();
      if (t.hasEllipsis ? s.rank() < t.letters() : s.rank() != t.letters()) {
        throw error(eq, "operand %d has shape %s (rank %d) but its term '%s' names %d ind%s%s",
            i, s, s.rank(), t.text, t.letters(), t.letters() == 1 ? "ex" : "ices",
            t.hasEllipsis ? " besides the ellipsis" : "");
      }
      covered[i] = s.rank() - t.letters();
      ellipsisRank = Math.max(ellipsisRank, covered[i]);
    }

    // Axis labels per operand, and each label's size (equal, or 1 broadcasting).
    int[][] labels = new int[operands.length][];
    int[] size = new int[ELLIPSIS + ellipsisRank];
    int[] sizeFrom = new int[size.length];
    Arrays.fill(size, -1);
    int[] uses = new int[size.length];
    for (int i = 0; i < operands.length; i++) {
      Term t = inputs.get(i);
      int[] ls = new int[operands[i].rank()];
      int a = 0;
      for (int label : t.labels) {
        if (label == ELL) {
          for (int d = 0; d < covered[i]; d++) {
            ls[a++] = ELLIPSIS + ellipsisRank - covered[i] + d;
          }
        } else {
          ls[a++] = label;
        }
      }
      for (a = 0; a < ls.length; a++) {
        int label = ls[a];
        int d = operands[i].shape().dim(a);
        for (int b = 0; b < a; b++) {
          if (ls[b] == label && operands[i].shape().dim(b) != d) {
            throw error(eq, "%s is repeated in operand %d (shape %s) with sizes %d and %d; its "
                + "diagonal needs equal sizes", name(label), i, operands[i].shape(),
                operands[i].shape().dim(b), d);
          }
        }
        uses[label]++;
        if (size[label] < 0 || (size[label] == 1 && d != 1)) {
          size[label] = d;
          sizeFrom[label] = i;
        } else if (d != size[label] && d != 1) {
          throw error(eq, "%s has size %d in operand %d (shape %s) and %d in operand %d (shape %s) "
              + "(sizes must be equal or 1)", name(label), size[label], sizeFrom[label],
              operands[sizeFrom[label]].shape(), d, i, operands[i].shape());
        }
      }
      labels[i] = ls;
    }

    // The output labels: explicit, or NumPy's implicit rule (ellipsis, then once-used letters).
    List<Integer> out = new ArrayList<>();
    if (output != null) {
      for (int p = 0; p < output.labels.size(); p++) {
        int label = output.labels.get(p);
        int pos = output.positions.get(p);
        if (label == ELL) {
          for (int d = 0; d < ellipsisRank; d++) {
            out.add(ELLIPSIS + d);
          }
          continue;
        }
        if (uses[label] == 0) {
          throw error(eq, "output index '%c' appears in no input", (char) label);
        }
        int first = output.labels.indexOf(label);
        if (first != p) {
          throw error(eq, "output index '%c' appears twice (positions %d and %d)", (char) label,
              output.positions.get(first), pos);
        }
        out.add(label);
      }
    } else {
      for (int d = 0; d < ellipsisRank; d++) {
        out.add(ELLIPSIS + d);
      }
      for (int label = 0; label < ELLIPSIS; label++) {
        if (uses[label] == 1) {
          out.add(label);
        }
      }
    }

    DType t = DType.resultType(operands);
    checkArgument(t.isFloatingPoint(), "einsum: subscript '%s': needs floating-point operands "
        + "(convert with to(DType))", eq);
    List<Operand> ops = new ArrayList<>();
    for (int i = 0; i < operands.length; i++) {
      ops.add(diagonals(operands[i].to(t), labels[i]));
    }
    boolean[] inOutput = new boolean[size.length];
    for (int label : out) {
      inOutput[label] = true;
    }
    for (int i = 0; i < ops.size(); i++) {
      ops.set(i, sumUnused(ops.get(i), keptBesides(ops, inOutput, i, -1)));
    }
    while (ops.size() > 1) {
      int bi = 0;
      int bj = 1;
      long best = Long.MAX_VALUE;
      for (int i = 0; i < ops.size(); i++) {
        for (int j = i + 1; j < ops.size(); j++) {
          long cost = resultSize(ops.get(i), ops.get(j), keptBesides(ops, inOutput, i, j), size);
          if (cost < best) {
            best = cost;
            bi = i;
            bj = j;
          }
        }
      }
      Operand c = contract(ops.get(bi), ops.get(bj), keptBesides(ops, inOutput, bi, bj));
      ops.remove(bj);
      ops.set(bi, c);
    }
    Operand last = ops.get(0);
    int[] perm = new int[out.size()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = indexOf(last.labels, out.get(i));
    }
    return last.x.permute(perm);
  }

  /** Labels in the output or in any operand other than i and j. */
  private static boolean[] keptBesides(List<Operand> ops, boolean[] inOutput, int i, int j) {
    boolean[] kept = inOutput.clone();
    for (int k = 0; k < ops.size(); k++) {
      if (k != i && k != j) {
        for (int label : ops.get(k).labels) {
          kept[label] = true;
        }
      }
    }
    return kept;
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /** The diagonal of every repeated label (the diagonal axis goes last). */
  private static Operand diagonals(Tensor x, int[] labels) {
    int[] ls = labels;
    for (boolean found = true; found; ) {
      found = false;
      for (int a = 0; a < ls.length && !found; a++) {
        for (int b = a + 1; b < ls.length && !found; b++) {
          if (ls[a] == ls[b]) {
            int label = ls[a];
            x = x.diagonal(0, a, b);
            int[] rest = new int[ls.length - 1];
            int k = 0;
            for (int i = 0; i < ls.length; i++) {
              if (i != a && i != b) {
                rest[k++] = ls[i];
              }
            }
            rest[k] = label;
            ls = rest;
            found = true;
          }
        }
      }
    }
    return new Operand(x, ls);
  }

  /** Sums the axes whose labels are not kept. */
  private static Operand sumUnused(Operand o, boolean[] kept) {
    int[] axes = new int[o.labels.length];
    int[] rest = new int[o.labels.length];
    int na = 0;
    int nr = 0;
    for (int a = 0; a < o.labels.length; a++) {
      if (kept[o.labels[a]]) {
        rest[nr++] = o.labels[a];
      } else {
        axes[na++] = a;
      }
    }
    if (na == 0) {
      return o;
    }
    return new Operand(o.x.sum(Arrays.copyOf(axes, na), false), Arrays.copyOf(rest, nr));
  }

  /** Number of elements of the contraction of a and b keeping the given labels. */
  private static long resultSize(Operand a, Operand b, boolean[] kept, int[] size) {
    boolean[] seen = new boolean[kept.length];
    long n = 1;
    for (int[] ls : new int[][] {a.labels, b.labels}) {
      for (int label : ls) {
        if (kept[label] && !seen[label]) {
          seen[label] = true;
          n = Math.min(Long.MAX_VALUE / 2, n * Math.max(1, size[label]));
        }
      }
    }
    return n;
  }

  /** Contracts two operands into one over the labels not kept, as one batched matmul. */
  private static Operand contract(Operand a, Operand b, boolean[] kept) {
    boolean[] keptA = kept.clone();
    boolean[] keptB = kept.clone();
    for (int label : b.labels) {
      keptA[label] = true;
    }
    for (int label : a.labels) {
      keptB[label] = true;
    }
    a = sumUnused(a, keptA);
    b = sumUnused(b, keptB);
    // A summed index of size 1 on one side: Σ_c a[0]·b[c] = a[0]·Σ_c b[c].
    for (int label : a.labels.clone()) {
      int ia = indexOf(a.labels, label);
      int ib = indexOf(b.labels, label);
      if (ib < 0 || kept[label]) {
        continue;
      }
      int da = a.x.shape().dim(ia);
      int db = b.x.shape().dim(ib);
      if (da == 1 && db != 1) {
        a = new Operand(a.x.squeeze(ia), remove(a.labels, ia));
        b = new Operand(b.x.sum(new int[] {ib}, false), remove(b.labels, ib));
      } else if (db == 1 && da != 1) {
        a = new Operand(a.x.sum(new int[] {ia}, false), remove(a.labels, ia));
        b = new Operand(b.x.squeeze(ib), remove(b.labels, ib));
      }
    }
    List<Integer> batch = new ArrayList<>();
    List<Integer> inner = new ArrayList<>();
    List<Integer> rows = new ArrayList<>();
    List<Integer> cols = new ArrayList<>();
    for (int label : a.labels) {
      if (indexOf(b.labels, label) >= 0) {
        (kept[label] ? batch : inner).add(label);
      } else {
        rows.add(label);
      }
    }
    for (int label : b.labels) {
      if (indexOf(a.labels, label) < 0) {
        cols.add(label);
      }
    }
    int nb = batch.size();
    int[] permA = new int[a.labels.length];
    int[] permB = new int[b.labels.length];
    int[] dimsA = new int[nb + 2];
    int[] dimsB = new int[nb + 2];
    int[] outDims = new int[nb + rows.size() + cols.size()];
    int[] outLabels = new int[outDims.length];
    int pa = 0;
    int pb = 0;
    for (int i = 0; i < nb; i++) {
      int label = batch.get(i);
      permA[pa++] = indexOf(a.labels, label);
      permB[pb++] = indexOf(b.labels, label);
      dimsA[i] = a.x.shape().dim(permA[pa - 1]);
      dimsB[i] = b.x.shape().dim(permB[pb - 1]);
      outDims[i] = Math.max(dimsA[i], dimsB[i]);
      outLabels[i] = label;
    }
    int nrows = 1;
    for (int i = 0; i < rows.size(); i++) {
      permA[pa++] = indexOf(a.labels, rows.get(i));
      int d = a.x.shape().dim(permA[pa - 1]);
      nrows *= d;
      outDims[nb + i] = d;
      outLabels[nb + i] = rows.get(i);
    }
    int ninner = 1;
    for (int label : inner) {
      permA[pa++] = indexOf(a.labels, label);
      permB[pb++] = indexOf(b.labels, label);
      ninner *= a.x.shape().dim(permA[pa - 1]);
    }
    int ncols = 1;
    for (int i = 0; i < cols.size(); i++) {
      permB[pb++] = indexOf(b.labels, cols.get(i));
      int d = b.x.shape().dim(permB[pb - 1]);
      ncols *= d;
      outDims[nb + rows.size() + i] = d;
      outLabels[nb + rows.size() + i] = cols.get(i);
    }
    dimsA[nb] = nrows;
    dimsA[nb + 1] = ninner;
    dimsB[nb] = ninner;
    dimsB[nb + 1] = ncols;
    Tensor x = a.x.permute(permA).reshape(dimsA);
    Tensor y = b.x.permute(permB).reshape(dimsB);
    return new Operand(x.matmul(y).reshape(outDims), outLabels);
  }

  private static int[] remove(int[] a, int i) {
    int[] r = new int[a.length - 1];
    System.arraycopy(a, 0, r, 0, i);
    System.arraycopy(a, i + 1, r, i, a.length - i - 1);
    return r;
  }
}
