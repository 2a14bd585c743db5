package dev.jgrad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Records op applications and runs reverse-mode passes over them. Owns everything generic so
 * rules stay one-liners: iterative topological order (no recursion, so million-node chains are
 * fine), pruning to the nodes that lead to a wanted input, calling each rule, checking what it
 * returned, summing broadcast gradients back to each input's shape, accumulating, and handing
 * every gradient out as a tensor of its own.
 *
 * <p>All state of a pass lives in the pass (a local map from node to its slot), never on the
 * graph: a rule or a custom op may itself call {@link Autograd#grad}, and several threads may run
 * backward over one shared graph at the same time. Graphs are kept after backward, so backward may
 * run any number of times through the same graph; each run adds its gradients again.
 */
final class Engine {
  private Engine() {}

  /**
   * Records {@code prim} as the producer of {@code out} when grad mode is on and an input
   * requires grad, and propagates forward-mode tangents when a dual level is active; returns
   * {@code out}.
   */
  static <A> Tensor record(Prim<A> prim, A attrs, Tensor out, Tensor[] inputs) {
    if (prim.vjp == null || !out.dtype().isFloatingPoint()) {
      return out; // a constant (comparison, argmax, integer result): no gradient, no tangent
    }
    Autograd.State state = Autograd.STATE.get();
    if (state.grad) {
      for (Tensor t : inputs) {
        if (t.requiresGrad()) {
          out.node = new Node(prim, attrs, inputs, out, state.anomaly ? Anomaly.callSite() : null,
              state.nodes++);
          if (state.anomaly) {
            Anomaly.checkForward(out.node);
          }
          break;
        }
      }
    }
    if (state.forwardLimit > 0) {
      ForwardAD.propagate(state, prim, attrs, inputs, out);
    }
    return out;
  }

  /**
   * One node's state during one pass; it is also what the node's rule sees ({@link Saved}), so a
   * pass allocates one object per node.
   */
  private static final class Slot extends Saved<Object> {
    final Node node;
    Tensor grad;
    /** The slots of the inputs' nodes (null for leaf inputs), resolved once in topoOrder. */
    Slot[] inputs;
    boolean visited;
    boolean needed;
    int targetIndex = -1;
    /** The buffer offered to the rule for input {@code intoIndex}, while it runs. */
    Tensor into;
    int intoIndex = -1;

    Slot(Node node) {
      super(node.attrs, node, null);
      this.node = node;
    }

    @Override
    Tensor into(int i) {
      return i == intoIndex ? into : null;
    }
  }

  /**
   * The pass's node-to-slot map. Node hashes are per-thread sequence numbers, so the nodes of a
   * graph built on one thread mostly lie just below the root's: those live in a dense window
   * indexed by {@code base - hash} (one subtraction and one array read per lookup, no probing).
   * Nodes outside it (created long before, after the root, or on another thread) go into an
   * open-addressing table on the same hash. Neither computes identity hash codes or boxes, and
   * the window never grows beyond a few times the number of slots it holds.
   */
  private static final class Slots {
    private final int base;
    private Slot[] window = new Slot[256];
    private int size;
    // Keys and their hashes in arrays of their own: probing and growing compare references and
    // ints without touching the nodes or the slot objects.
    private Node[] keys;
    private int[] hashes;
    private Slot[] vals;
    private int tableSize;

    Slots(int base) {
      this.base = base;
    }

    Slot get(Node n) {
      int d = base - n.hash;
      if (d >= 0 && d < window.length) {
        Slot s = window[d];
        if (s != null && s.node == n) {
          return s;
        }
      }
      if (tableSize == 0) {
        return null;
      }
      Node[] k = keys;
      int mask = k.length - 1;
      for (int i = n.hash & mask; ; i = (i + 1) & mask) {
        Node q = k[i];
        if (q == n) {
          return vals[i];
        }
        if (q == null) {
          return null;
        }
      }
    }

    Slot getOrAdd(Node n) {
      int d = base - n.hash;
      if (d >= 0 && d < window.length) {
        Slot s = window[d];
        if (s != null && s.node == n) {
          return s;
        }
        if (s == null && tableSize == 0) {
          return window[d] = newSlot(n);
        }
      }
      Slot s = get(n);
      if (s != null) {
        return s;
      }
      s = newSlot(n);
      // Grow the window to d only while it stays within 4x the slots (plus a page) it would hold.
      if (d >= window.length && d < 4 * (size + 1024)) {
        window = Arrays.copyOf(window, Math.max(window.length * 2, Integer.highestOneBit(d) * 2));
      }
      if (d >= 0 && d < window.length && window[d] == null) {
        window[d] = s;
      } else {
        put(n, s);
      }
      return s;
    }

    private Slot newSlot(Node n) {
      size++;
      return new Slot(n);
    }

    private void put(Node n, Slot s) {
      if (keys == null) {
        keys = new Node[64];
        hashes = new int[64];
        vals = new Slot[64];
      }
      Node[] k = keys;
      int mask = k.length - 1;
      int i = n.hash & mask;
      while (k[i] != null) {
        i = (i + 1) & mask;
      }
      k[i] = n;
      hashes[i] = n.hash;
      vals[i] = s;
      if (++tableSize * 2 > k.length) {
        grow();
      }
    }

    private void grow() {
      Node[] oldKeys = keys;
      int[] oldHashes = hashes;
      Slot[] oldVals = vals;
      int cap = oldKeys.length * 2;
      Node[] k = new Node[cap];
      int[] h = new int[cap];
      Slot[] v = new Slot[cap];
      int mask = cap - 1;
      for (int j = 0; j < oldKeys.length; j++) {
        if (oldKeys[j] != null) {
          int i = oldHashes[j] & mask;
          while (k[i] != null) {
            i = (i + 1) & mask;
          }
          k[i] = oldKeys[j];
          h[i] = oldHashes[j];
          v[i] = oldVals[j];
        }
      }
      keys = k;
      hashes = h;
      vals = v;
    }
  }

  /**
   * Runs one backward pass.
   *
   * @param roots outputs to differentiate
   * @param seeds their gradients (same shapes and dtypes)
   * @param targets inputs whose gradients are returned, or null to accumulate into every leaf
   *     that requires grad (and every non-leaf that retains grad) — {@code backward()}
   * @param createGraph record the backward pass so the result can be differentiated again
   * @return gradients of {@code targets} (zeros where a target does not influence the roots),
   *     each a tensor of its own, or null in accumulate mode
   */
  static Tensor[] run(Tensor[] roots, Tensor[] seeds, Tensor[] targets, boolean createGraph) {
    Slots slots = new Slots(roots.length > 0 && roots[0].node != null ? roots[0].node.hash : 0);
    Map<Tensor, Integer> leafTargets = new IdentityHashMap<>();
    boolean accumulate = targets == null;
    if (!accumulate) {
      for (int i = 0; i < targets.length; i++) {
        if (targets[i].node != null) {
          Slot s = slots.getOrAdd(targets[i].node);
          if (s.targetIndex < 0) {
            s.targetIndex = i;
          }
        } else {
          leafTargets.putIfAbsent(targets[i], i);
        }
      }
    }
    List<Slot> order = topoOrder(roots, slots, leafTargets, accumulate);
    // Gradients handed out so far (and the caller's seeds): a second hand-out of the same
    // storage is copied, so no two leaves, results or retained grads ever share a tensor.
    Set<Storage> handed = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor s : seeds) {
      handed.add(s.storage);
    }
    Tensor[] results = accumulate ? null : new Tensor[targets.length];
    Map<Tensor, Tensor> leafGrads = new IdentityHashMap<>();
    List<Tensor> written = new ArrayList<>(); // leaves whose zeroed .grad a rule added into
    try (Autograd.Scope scope = createGraph ? Autograd.enableGrad() : Autograd.noGrad()) {
      for (int i = 0; i < roots.length; i++) {
        Tensor root = roots[i];
        if (root.node != null) {
          Slot s = slots.get(root.node);
          if (s.needed || s.targetIndex >= 0) {
            s.grad = sum(s.grad, seeds[i]);
          }
        } else if (accumulate ? root.requiresGrad() : leafTargets.containsKey(root)) {
          leafGrads.merge(root, seeds[i], Engine::sum);
        }
      }
      try {
        for (int k = order.size() - 1; k >= 0; k--) {
          Slot s = order.get(k);
          Tensor g = s.grad;
          if (g == null) {
            continue;
          }
          s.grad = null; // release as we go: the pass holds only the frontier
          if (s.targetIndex >= 0) {
            results[s.targetIndex] = g;
          }
          if (accumulate && s.node.output.retainsGrad()) {
            store(s.node.output, g, handed, createGraph);
          }
          if (s.needed) {
            propagate(s, g, leafGrads, accumulate && !createGraph ? handed : null, written);
          }
        }
      } catch (RuntimeException | Error e) {
        for (Tensor leaf : written) { // a failed pass leaves every .grad as it found it
          synchronized (leaf) {
            leaf.rezeroGrad();
          }
        }
        throw e;
      }
      if (accumulate) {
        for (Map.Entry<Tensor, Tensor> e : leafGrads.entrySet()) {
          store(e.getKey(), e.getValue(), handed, createGraph);
        }
        return null;
      }
      for (Map.Entry<Tensor, Integer> e : leafTargets.entrySet()) {
        results[e.getValue()] = leafGrads.get(e.getKey());
      }
      for (int i = 0; i < targets.length; i++) {
        Tensor r = results[i];
        if (r == null) {
          // A repeated target gets its first occurrence's gradient; an unreached one zeros (JAX).
          int first = targets[i].node == null ? leafTargets.get(targets[i])
              : slots.get(targets[i].node).targetIndex;
          r = first != i && results[first] != null ? results[first]
              : Tensor.zeros(targets[i].dtype(), targets[i].shape().dims());
        }
        results[i] = own(r, handed);
      }
      return results;
    }
  }

  /**
   * Iterative DFS post-order over nodes reachable from the roots (explicit int/slot stacks, no
   * recursion, no boxing), computing on the way which inputs of each node need gradients and
   * whether the node leads to a wanted input at all.
   */
  private static List<Slot> topoOrder(Tensor[] roots, Slots slots,
      Map<Tensor, Integer> leafTargets, boolean accumulate) {
    List<Slot> order = new ArrayList<>();
    Slot[] stack = new Slot[16];
    int[] next = new int[16];
    for (Tensor root : roots) {
      if (root.node == null) {
        continue;
      }
      Slot rs = slots.getOrAdd(root.node);
      if (rs.visited) {
        continue;
      }
      rs.visited = true;
      int top = 0;
      stack[0] = rs;
      next[0] = 0;
      while (top >= 0) {
        Slot s = stack[top];
        Tensor[] inputs = s.node.inputs;
        if (s.inputs == null) {
          s.inputs = new Slot[inputs.length];
        }
        int i = next[top];
        if (i < inputs.length) {
          next[top] = i + 1;
          Node child = inputs[i].node;
          if (child != null) {
            Slot c = slots.getOrAdd(child);
            s.inputs[i] = c;
            if (!c.visited) {
              c.visited = true;
              if (++top == stack.length) {
                stack = Arrays.copyOf(stack, top * 2);
                next = Arrays.copyOf(next, top * 2);
              }
              stack[top] = c;
              next[top] = 0;
            }
          }
          continue;
        }
        stack[top--] = null;
        int mask = 0;
        for (int j = 0; j < inputs.length; j++) {
          Slot c = s.inputs[j];
          boolean need = c != null ? c.needed || c.targetIndex >= 0
              : accumulate ? inputs[j].requiresGrad() : leafTargets.containsKey(inputs[j]);
          if (need) {
            mask |= 1 << Math.min(j, 31);
          }
        }
        s.needs = needsOf(mask, inputs, s.inputs, leafTargets, accumulate);
        s.needed = mask != 0;
        order.add(s);
      }
    }
    return order;
  }

  /** Shared, never-written {@code needs} arrays of one- and two-input nodes, by bit mask. */
  private static final boolean[][] NEEDS_1 = {{false}, {true}};
  private static final boolean[][] NEEDS_2 = {
      {false, false}, {true, false}, {false, true}, {true, true}};

  /**
   * Which inputs need a gradient, as an array: shared for one and two inputs (most nodes, and
   * one allocation fewer per node), built from the mask otherwise.
   */
  private static boolean[] needsOf(int mask, Tensor[] inputs, Slot[] slots,
      Map<Tensor, Integer> leafTargets, boolean accumulate) {
    if (inputs.length == 1) {
      return NEEDS_1[mask];
    }
    if (inputs.length == 2) {
      return NEEDS_2[mask];
    }
    boolean[] needs = new boolean[inputs.length];
    for (int j = 0; j < needs.length; j++) {
      Slot c = slots[j];
      needs[j] = c != null ? c.needed || c.targetIndex >= 0
          : accumulate ? inputs[j].requiresGrad() : leafTargets.containsKey(inputs[j]);
    }
    return needs;
  }

  /**
   * Calls the node's rule, checks what it returned and routes each gradient to its input. With
   * {@code handed} (an unrecorded accumulating pass) and an op that declares {@code addsInto},
   * the rule is offered the own {@code .grad} of the first declared leaf input that can take it
   * ({@link #offer}); a gradient it returns that is that buffer has been accumulated already.
   * One buffer per call, so the rule runs under one leaf's lock and passes cannot deadlock.
   */
  private static void propagate(Slot slot, Tensor g, Map<Tensor, Tensor> leafGrads,
      Set<Storage> handed, List<Tensor> written) {
    Node node = slot.node;
    int mask = node.prim.addsInto == 0 || handed == null || Anomaly.isEnabled() ? 0
        : node.prim.addsInto;
    Tensor[] grads = null;
    Tensor offered = null;
    for (int ii = 0; mask >>> ii != 0 && offered == null; ii++) {
      if ((mask >>> ii & 1) == 0 || !slot.needs[ii] || slot.inputs[ii] != null) {
        continue;
      }
      Tensor leaf = node.inputs[ii];
      synchronized (leaf) { // as store() does: concurrent passes may share the leaf
        offered = offer(node, ii, g, handed);
        if (offered != null) {
          slot.into = offered;
          slot.intoIndex = ii;
          try {
            grads = node.prim.backward(slot, g);
          } finally {
            slot.into = null;
            slot.intoIndex = -1;
            written.add(leaf); // added into, or about to be refused: re-zeroed if the pass fails
          }
        }
      }
    }
    if (offered == null) {
      grads = node.prim.backward(slot, g);
    }
    String op = node.prim.name;
    if (grads == null || grads.length != node.inputs.length) {
      throw new IllegalStateException(String.format(
          "backward of '%s' returned %s gradients for %s inputs (a bug in the op's rule)", op,
          grads == null ? "null" : grads.length, node.inputs.length));
    }
    for (int i = 0; i < grads.length; i++) {
      if (!slot.needs[i]) {
        continue;
      }
      Tensor in = node.inputs[i];
      Tensor gi = grads[i];
      if (gi != null && gi == offered) {
        continue; // added into the leaf's .grad by the rule
      }
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
      Slot c = slot.inputs[i];
      if (c != null) {
        c.grad = sum(c.grad, gi);
      } else {
        leafGrads.merge(in, gi, Engine::sum);
      }
    }
  }

  /**
   * Leaf input i's {@code .grad} if the rule may add into it: zeroed by
   * {@code zeroGrad(false)} and untouched since (so a failed pass can restore it exactly; only a
   * dense, unrecorded gradient is ever recorded so), not handed out in this pass, sharing storage
   * with neither the incoming gradient nor any input, for a leaf that is this node's input once.
   * Adding into it in place is what {@link #store} does at the end of the pass anyway; doing it
   * in the rule saves allocating the gradient (a weight's, for {@code linear}). Otherwise null.
   */
  private static Tensor offer(Node node, int i, Tensor g, Set<Storage> handed) {
    Tensor leaf = node.inputs[i];
    Tensor t = leaf.grad;
    if (!leaf.gradIsZeroed() || t.storage == g.storage || handed.contains(t.storage)) {
      return null;
    }
    for (int j = 0; j < node.inputs.length; j++) {
      if (node.inputs[j].storage == t.storage || (j != i && node.inputs[j] == leaf)) {
        return null;
      }
    }
    return t;
  }

  private static Tensor sum(Tensor acc, Tensor g) {
    return acc == null ? g : acc.add(g);
  }

  /**
   * Adds g into t's {@code .grad}: in place into an existing gradient of its own when the pass is
   * not recorded (PyTorch semantics: a caller holding the old gradient sees it grow), otherwise as
   * a fresh tensor.
   */
  private static void store(Tensor t, Tensor g, Set<Storage> handed, boolean createGraph) {
    synchronized (t) {
      Tensor old = t.grad;
      if (old == null) {
        t.grad = own(g, handed);
      } else if (!createGraph && old.node == null && old.isDense()) {
        old.accumulate(g);
      } else {
        t.grad = old.add(g);
        handed.add(t.grad.storage);
      }
    }
  }

  /**
   * g itself if its storage is dense and not yet handed out in this pass (or a seed), else a
   * copy; recorded as an op when grad mode is on so gradients of gradients still flow.
   */
  private static Tensor own(Tensor g, Set<Storage> handed) {
    Tensor r = g.isDense() && handed.add(g.storage) ? g : g.copy();
    handed.add(r.storage);
    return r;
  }
}
