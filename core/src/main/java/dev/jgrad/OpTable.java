package dev.jgrad;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The op table: every primitive op, in one list. Each row's forward kernel and backward rule
 * live together in its family's file ({@link UnaryOps}, {@link BinaryOps}, {@link ReduceOps},
 * {@link ShapeOps}, {@link IndexOps}, {@link MatmulOp}); everything else on {@link Tensor}
 * (mean, softmax, logsumexp, square, stack, ...) is composed from these and needs no rule.
 * Tests draw from this list, and fail if a row is never exercised.
 */
final class OpTable {
  private OpTable() {}

  static final List<OpInfo> ALL;

  static {
    List<OpInfo> all = new ArrayList<>();
    for (UnaryOps.Row r : UnaryOps.ALL) {
      all.add(r.info);
    }
    for (BinaryOps.Row r : BinaryOps.ALL) {
      all.add(r.info);
    }
    Collections.addAll(all, BinaryOps.WHERE_INFO, ReduceOps.SUM, ReduceOps.MAX, ReduceOps.MIN,
        ReduceOps.ARGMAX, ReduceOps.ARGMIN, ShapeOps.RESHAPE, ShapeOps.PERMUTE,
        ShapeOps.BROADCAST_TO, ShapeOps.SLICE, ShapeOps.EMBED, ShapeOps.CONCAT, ShapeOps.CAST,
        IndexOps.GATHER, IndexOps.SCATTER_ADD, IndexOps.INDEX_SELECT, IndexOps.INDEX_ADD,
        MatmulOp.INFO);
    ALL = List.copyOf(all);
  }

  /** The row with this name. */
  static OpInfo get(String name) {
    for (OpInfo i : ALL) {
      if (i.name().equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no op named " + name);
  }
}
