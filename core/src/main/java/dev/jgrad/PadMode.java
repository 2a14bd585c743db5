package dev.jgrad;

/**
 * How {@link Tensor#pad(int[], PadMode)} fills the new positions (PyTorch's {@code F.pad} modes),
 * shown for padding {@code [1, 2, 3]} by 2 on both sides.
 */
public enum PadMode {
  /** A constant, zero unless given: {@code [0, 0, 1, 2, 3, 0, 0]}. */
  CONSTANT,
  /**
   * The mirror image without repeating the edge: {@code [3, 2, 1, 2, 3, 2, 1]}; the padding on
   * each side must be smaller than the axis.
   */
  REFLECT,
  /** The edge value repeated: {@code [1, 1, 1, 2, 3, 3, 3]}; the axis must not be empty. */
  REPLICATE
}
