package dev.jgrad;

/**
 * What a selection along an axis returns ({@link Tensor#sort}, {@link Tensor#topk},
 * {@link Tensor#median(int, boolean)}, {@link Tensor#maxWithIndex}, {@link Tensor#minWithIndex}):
 * the selected values and where they came from. {@code values} is
 * {@code input.gather(axis, indices)}, so it is differentiable exactly as gather is: the
 * gradient of each value goes to the one input element it was taken from (the others get 0);
 * {@code indices} is an INT64 constant of the same shape.
 *
 * @param values the selected values, in the input's dtype (differentiable)
 * @param indices their positions along the axis, INT64 (never requires grad)
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {}
