package dev.jgrad;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Exports the graph behind a tensor as Graphviz DOT (render with {@code dot -Tsvg g.dot}), the
 * way micrograd's {@code draw_dot} and torchviz show what was built: a box per tensor (label,
 * shape, dtype; optionally values and gradients) and an ellipse per op (name and attributes),
 * with edges from inputs to op to output. The graph is only read.
 */
public final class Dot {
  private Dot() {}

  /**
   * The graph of {@code root} with shapes and dtypes only; same as {@code export(root, false)}.
   *
   * @param root the tensor whose graph is exported (nothing in the graph is modified)
   * @return a Graphviz DOT {@code digraph}: one box per tensor reachable from {@code root} through
   *     recorded nodes, one ellipse per op, edges from inputs to op to output
   */
  public static String export(Tensor root) {
    return export(root, false);
  }

  /**
   * The graph of {@code root}: every tensor reachable from it through recorded nodes, each
   * visited once. The graph is only read; nothing is modified.
   *
   * @param root the tensor whose graph is exported; a tensor with no recorded node gives a
   *     single box
   * @param values also print each tensor's values and accumulated gradient (up to 6 elements
   *     each, then {@code ...})
   * @return a Graphviz DOT {@code digraph}: one box per tensor (label, shape, dtype; leaves that
   *     require grad filled), one ellipse per op (name and attributes), edges from inputs to op to
   *     output
   */
  public static String export(Tensor root, boolean values) {
    Map<Tensor, String> ids = new IdentityHashMap<>();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n"
        + "  node [fontname=\"Helvetica\", fontsize=10];\n");
    ArrayDeque<Tensor> todo = new ArrayDeque<>();
    todo.add(root);
    tensorNode(sb, ids, root, values);
    while (!todo.isEmpty()) {
      Tensor t = todo.poll();
      Node n = t.node;
      if (n == null || !seen.add(n)) {
        continue;
      }
      String op = ids.get(t) + "_op";
      sb.append("  ").append(op).append(" [shape=ellipse, label=\"")
          .append(escape(n.describe())).append("\"];\n");
      sb.append("  ").append(op).append(" -> ").append(ids.get(t)).append(";\n");
      for (Tensor in : n.inputs) {
        boolean fresh = !ids.containsKey(in);
        tensorNode(sb, ids, in, values);
        sb.append("  ").append(ids.get(in)).append(" -> ").append(op).append(";\n");
        if (fresh) {
          todo.add(in);
        }
      }
    }
    return sb.append("}\n").toString();
  }

  private static void tensorNode(StringBuilder sb, Map<Tensor, String> ids, Tensor t,
      boolean values) {
    if (ids.containsKey(t)) {
      return;
    }
    String id = "t" + ids.size();
    ids.put(t, id);
    StringBuilder label = new StringBuilder();
    if (t.label() != null) {
      label.append(t.label()).append(" | ");
    }
    label.append(t.shape()).append(' ').append(t.dtype());
    if (values) {
      label.append(" | data ").append(preview(t));
      if (t.grad() != null) {
        label.append(" | grad ").append(preview(t.grad()));
      }
    }
    String style = t.isLeaf() && t.requiresGrad() ? ", style=filled, fillcolor=\"#dbe9f6\"" : "";
    sb.append("  ").append(id).append(" [shape=record, label=\"{")
        .append(escape(label.toString())).append("}\"").append(style).append("];\n");
  }

  private static String preview(Tensor t) {
    double[] v = t.toDoubleArray();
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < Math.min(6, v.length); i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4g", v[i]));
    }
    return sb.append(v.length > 6 ? ", ...]" : "]").toString();
  }

  /** Escapes DOT record-label specials; '|' is kept as the field separator we insert. */
  private static String escape(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("{}<>\"\\".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
