package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.Tensor;

/**
 * A layer with several inputs or several outputs, e.g. a block {@code (x, h) -> (y, h')} or an
 * encoder head {@code x -> (mean, logVariance)}. Subclasses implement
 * {@link #forward(Tensor...)}:
 *
 * <pre>{@code
 * final class MeanAndLogVar extends MultiIoLayer {
 *   private final Linear mean = registerLayer("mean", new Linear(8, 2, rng));
 *   private final Linear logVar = registerLayer("log_var", new Linear(8, 2, rng));
 *
 *   public Tensor[] forward(Tensor... in) {
 *     return new Tensor[] {mean.forward(in[0]), logVar.forward(in[0])};
 *   }
 * }
 * }</pre>
 *
 * In a {@link Sequential}, {@link Sequential#forward(Tensor...)} passes each layer's outputs on
 * as the next layer's inputs; {@link Sequential#forward(Tensor)} works as long as every layer
 * maps one tensor to one tensor.
 */
public abstract class MultiIoLayer extends Layer {
  /** For subclasses. */
  protected MultiIoLayer() {}

  /**
   * Computes the outputs for the inputs.
   *
   * @param inputs the inputs (how many and which shapes is the layer's contract)
   * @return the outputs
   * @throws IllegalArgumentException if the inputs do not fit the layer
   */
  @Override
  public abstract Tensor[] forward(Tensor... inputs);

  /**
   * {@link #forward(Tensor...)} of one input, for a layer that then returns one output.
   *
   * @param input the single input
   * @return the single output
   * @throws IllegalArgumentException if the layer returns another number of outputs, naming it
   */
  @Override
  public Tensor forward(Tensor input) {
    Tensor[] out = forward(new Tensor[] {input});
    checkArgument(out.length == 1, "%s: forward(Tensor) needs exactly one output, but the layer "
        + "returns %s; call forward(Tensor...)", getClass().getSimpleName(), out.length);
    return out[0];
  }
}
