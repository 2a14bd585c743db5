package dev.jgrad;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reverse-mode autodiff over recorded {@link Node}s. Owns everything generic so rules stay
 * one-liners: iterative topological order (no recursion, so million-node chains are fine),
 * pruning to the nodes that lead to a wanted input, calling each rule, checking what it
 * returned, summing broadcast gradients back to each input's shape, and accumulating.
 *
 * <p>Graphs are kept after backward (saved tensors are the graph's own tensors), so backward may
 * run any number of times through the same graph; each run adds its gradients again.
 */
final class Engine {
  private Engine() {}

  private static final AtomicLong RUNS = new AtomicLong();

  /**
   * Records {@code op} as the producer of {@code out} when grad mode is on and an input requires
   * grad; otherwise leaves {@code out} a constant. Returns {@code out}.
   */
  static Tensor record(Op op, Tensor out, Tensor... inputs) {
    Autograd.State state = Autograd.STATE.get();
    if (!state.grad) {
      return out;
    }
    for (Tensor t : inputs) {
      if (t.requiresGrad()) {
        out.node = new Node(op, inputs, out, state.anomaly ? Anomaly.callSite() : null);
        if (state.anomaly) {
          Anomaly.checkForward(out.node);
        }
        return out;
      }
    }
    return out;
  }

  /**
   * Runs one backward pass.
   *
   * @param roots outputs to differentiate
   * @param seeds their gradients (same shapes)
   * @param targets inputs whose gradients are returned, or null to accumulate into every leaf
   *     that requires grad (and every non-leaf that retains grad) — {@code backward()}
   * @param createGraph record the backward pass so the result can be differentiated again
   * @return gradients of {@code targets} (zeros where a target does not influence the roots),
   *     or null in accumulate mode
   */
  static Tensor[] run(Tensor[] roots, Tensor[] seeds, Tensor[] targets, boolean createGraph) {
    long run = RUNS.incrementAndGet();
    Map<Tensor, Integer> leafTargets = new IdentityHashMap<>();
    List<Node> marked = new ArrayList<>();
    try {
      if (targets != null) {
        for (int i = 0; i < targets.length; i++) {
          if (targets[i].node != null) {
            prepare(targets[i].node, run, marked);
            if (targets[i].node.targetIndex < 0) {
              targets[i].node.targetIndex = i;
            }
          } else {
            leafTargets.putIfAbsent(targets[i], i);
          }
        }
      }
      List<Node> order = topoOrder(roots, run, marked, leafTargets, targets == null);
      Tensor[] results = targets == null ? null : new Tensor[targets.length];
      Map<Tensor, Tensor> leafGrads = new IdentityHashMap<>();
      try (Autograd.Scope scope = createGraph ? Autograd.enableGrad() : Autograd.noGrad()) {
        for (int i = 0; i < roots.length; i++) {
          Tensor root = roots[i];
          if (root.node != null) {
            if (wanted(root.node)) {
              root.node.grad = accumulate(root.node.grad, seeds[i]);
            }
          } else if (isLeafTarget(root, leafTargets, targets == null)) {
            leafGrads.merge(root, seeds[i], Engine::accumulate);
          }
        }
        for (int k = order.size() - 1; k >= 0; k--) {
          Node node = order.get(k);
          Tensor g = node.grad;
          if (g == null) {
            continue;
          }
          if (node.targetIndex >= 0) {
            results[node.targetIndex] = g;
          }
          if (targets == null && node.output.retainsGrad()) {
            Tensor out = node.output;
            out.grad = out.grad == null ? g : plus(out.grad, g, createGraph);
          }
          if (node.needed) {
            propagate(node, g, leafGrads);
          }
          node.grad = null;
        }
      }
      if (targets == null) {
        for (Map.Entry<Tensor, Tensor> e : leafGrads.entrySet()) {
          Tensor leaf = e.getKey();
          synchronized (leaf) {
            leaf.grad = leaf.grad == null ? e.getValue() : plus(leaf.grad, e.getValue(), createGraph);
          }
        }
        return null;
      }
      for (Map.Entry<Tensor, Integer> e : leafTargets.entrySet()) {
        results[e.getValue()] = leafGrads.get(e.getKey());
      }
      for (int i = 0; i < targets.length; i++) {
        if (results[i] == null) {
          // A repeated target gets the same gradient; an unreached one gets zeros (as in JAX).
          int first = targets[i].node == null ? leafTargets.get(targets[i])
              : targets[i].node.targetIndex;
          results[i] = results[first] != null ? results[first] : Tensor.zeros(targets[i].dtype(),
              targets[i].shape().dims());
        }
      }
      return results;
    } finally {
      for (Node n : marked) {
        n.grad = null;
        n.needs = null;
      }
    }
  }

  private static boolean isLeafTarget(Tensor t, Map<Tensor, Integer> leafTargets,
      boolean accumulate) {
    return accumulate ? t.requiresGrad() : leafTargets.containsKey(t);
  }

  /** Whether the pass wants this node's output gradient: it is a target or leads to one. */
  private static boolean wanted(Node n) {
    return n.needed || n.targetIndex >= 0;
  }

  /** Resets a node's scratch the first time this pass touches it. */
  private static void prepare(Node n, long run, List<Node> marked) {
    if (n.mark != run) {
      n.mark = run;
      n.visited = false;
      n.needed = false;
      n.needs = null;
      n.targetIndex = -1;
      n.grad = null;
      marked.add(n);
    }
  }

  /**
   * Iterative DFS post-order over nodes reachable from the roots, computing on the way which
   * inputs of each node need gradients and whether the node leads to a wanted input at all.
   */
  private static List<Node> topoOrder(Tensor[] roots, long run, List<Node> marked,
      Map<Tensor, Integer> leafTargets, boolean accumulate) {
    List<Node> order = new ArrayList<>();
    ArrayDeque<Node> stack = new ArrayDeque<>();
    ArrayDeque<Integer> next = new ArrayDeque<>();
    for (Tensor root : roots) {
      if (root.node == null) {
        continue;
      }
      prepare(root.node, run, marked);
      if (root.node.visited) {
        continue;
      }
      root.node.visited = true;
      stack.push(root.node);
      next.push(0);
      while (!stack.isEmpty()) {
        Node n = stack.peek();
        int i = next.pop();
        if (i < n.inputs.length) {
          next.push(i + 1);
          Node child = n.inputs[i].node;
          if (child != null) {
            prepare(child, run, marked);
            if (!child.visited) {
              child.visited = true;
              stack.push(child);
              next.push(0);
            }
          }
          continue;
        }
        stack.pop();
        boolean[] needs = new boolean[n.inputs.length];
        boolean any = false;
        for (int j = 0; j < needs.length; j++) {
          Tensor in = n.inputs[j];
          needs[j] = in.node != null ? wanted(in.node) : isLeafTarget(in, leafTargets, accumulate);
          any |= needs[j];
        }
        n.needs = needs;
        n.needed = any;
        order.add(n);
      }
    }
    return order;
  }

  /** Calls the node's rule, checks what it returned and routes each gradient to its input. */
  private static void propagate(Node node, Tensor g, Map<Tensor, Tensor> leafGrads) {
    node.checkVersions();
    Tensor[] grads = node.op.vjp(node, g);
    String op = node.op.info().name();
    if (grads == null || grads.length != node.inputs.length) {
      throw new IllegalStateException(String.format(
          "backward of '%s' returned %s gradients for %s inputs (a bug in the op's rule)", op,
          grads == null ? "null" : grads.length, node.inputs.length));
    }
    for (int i = 0; i < grads.length; i++) {
      if (!node.needs[i]) {
        continue;
      }
      Tensor in = node.inputs[i];
      Tensor gi = grads[i];
      if (gi == null) {
        throw new IllegalStateException(String.format(
            "backward of '%s' returned no gradient for input %s of shape %s, which needs one",
            op, i, in.shape()));
      }
      if (gi.dtype() != in.dtype()) {
        throw new IllegalStateException(String.format(
            "backward of '%s' returned a %s gradient for %s input %s", op, gi.dtype(), in.dtype(),
            i));
      }
      if (!gi.shape().equals(in.shape())) {
        if (!in.shape().broadcastsTo(gi.shape())) {
          throw new IllegalStateException(String.format(
              "backward of '%s' returned a gradient of shape %s for input %s of shape %s", op,
              gi.shape(), i, in.shape()));
        }
        gi = gi.sumTo(in.shape().dims());
      }
      Anomaly.checkBackward(node, i, gi);
      if (in.node != null) {
        in.node.grad = accumulate(in.node.grad, gi);
      } else {
        leafGrads.merge(in, gi, Engine::accumulate);
      }
    }
  }

  private static Tensor accumulate(Tensor sum, Tensor g) {
    return sum == null ? g : sum.add(g);
  }

  private static Tensor plus(Tensor a, Tensor b, boolean createGraph) {
    if (createGraph) {
      return a.add(b);
    }
    try (Autograd.Scope s = Autograd.noGrad()) {
      return a.add(b);
    }
  }
}
