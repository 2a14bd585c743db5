package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every caller mistake throws IllegalArgumentException with a message naming op and shapes. */
class TensorErrorTest {
  private static final DType F64 = DType.FLOAT64;

  private static String message(Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  private static void assertMessage(String expected, Executable body) {
    assertEquals(expected, message(body));
  }

  private static Tensor zeros(int... shape) {
    return Tensor.zeros(F64, shape);
  }

  // ---------------------------------------------------------------- broadcasting

  @Test
  void addCannotBroadcast() {
    assertMessage("add: cannot broadcast [2, 3] with [4]: axis 1 has sizes 3 and 4 (must be "
        + "equal or 1)", () -> zeros(2, 3).add(zeros(4)));
  }

  @Test
  void broadcastErrorNamesTheOpAndResultAxis() {
    assertMessage("mul: cannot broadcast [3] with [2, 4]: axis 1 has sizes 3 and 4 (must be "
        + "equal or 1)", () -> zeros(3).mul(zeros(2, 4)));
    assertMessage("sub: cannot broadcast [2, 3] with [3, 3]: axis 0 has sizes 2 and 3 (must be "
        + "equal or 1)", () -> zeros(2, 3).sub(zeros(3, 3)));
    assertMessage("maximum: cannot broadcast [2] with [3]: axis 0 has sizes 2 and 3 (must be "
        + "equal or 1)", () -> zeros(2).maximum(zeros(3)));
    assertMessage("lt: cannot broadcast [2] with [3]: axis 0 has sizes 2 and 3 (must be "
        + "equal or 1)", () -> zeros(2).lt(zeros(3)));
  }

  @Test
  void whereCannotBroadcast() {
    assertMessage("where: cannot broadcast [2] with [3]: axis 0 has sizes 2 and 3 (must be "
        + "equal or 1)", () -> Tensor.where(zeros(2).eq(0.0), zeros(3), zeros(3)));
    assertMessage("where: condition must be a bool tensor, got float64 (compare it, e.g. "
        + "mask.ne(0), to make one)", () -> Tensor.where(zeros(3), zeros(3), zeros(3)));
  }

  @Test
  void broadcastToIncompatible() {
    assertMessage("broadcast_to: cannot broadcast [3] to [2, 4]",
        () -> zeros(3).broadcastTo(2, 4));
  }

  // ---------------------------------------------------------------- matmul

  @Test
  void matmulInnerDimMismatch() {
    assertMessage("matmul: expected [n, k] @ [k, m], got [2, 3] @ [2, 3]",
        () -> zeros(2, 3).matmul(zeros(2, 3)));
  }

  @Test
  void matmulVectorLengthMismatch() {
    assertMessage("matmul: expected [k] @ [k], got [3] @ [4]",
        () -> zeros(3).matmul(zeros(4)));
    // The user's shapes, not the internally padded [4, 1] / [1, 4].
    assertMessage("matmul: expected [n, k] @ [k], got [2, 3] @ [4]",
        () -> zeros(2, 3).matmul(zeros(4)));
    assertMessage("matmul: expected [k] @ [k, m], got [4] @ [2, 3]",
        () -> zeros(4).matmul(zeros(2, 3)));
  }

  @Test
  void matmulScalarOperand() {
    assertMessage("matmul: operands must be at least 1-d, got [] @ [3]",
        () -> Tensor.scalar(1.0).matmul(zeros(3)));
  }

  @Test
  void matmulBatchDimsDoNotBroadcast() {
    String msg = message(() -> zeros(2, 2, 3).matmul(zeros(3, 3, 4)));
    assertTrue(msg.startsWith("matmul: batch dims of [2, 2, 3] and [3, 3, 4] do not broadcast"),
        msg);
    assertTrue(msg.contains("axis 0 has sizes 2 and 3"), msg);
  }

  // ---------------------------------------------------------------- reshape

  @Test
  void reshapeCountMismatch() {
    assertMessage("reshape: cannot reshape [2, 3] (6 elements) into [4] (4 elements)",
        () -> zeros(2, 3).reshape(4));
  }

  @Test
  void reshapeInferredDoesNotDivide() {
    assertMessage("reshape: cannot reshape [2, 3] (6 elements) into [4, -1]",
        () -> zeros(2, 3).reshape(4, -1));
  }

  @Test
  void reshapeTwoInferred() {
    assertMessage("reshape: only one -1 allowed in [-1, -1]", () -> zeros(2, 3).reshape(-1, -1));
  }

  @Test
  void reshapeNegativeSize() {
    assertMessage("reshape: invalid size -2 in [-2, -3]", () -> zeros(2, 3).reshape(-2, -3));
  }

  // ---------------------------------------------------------------- axes

  @Test
  void sumAxisOutOfRange() {
    assertMessage("sum: axis 2 is out of range for shape [2, 3] (rank 2)", () -> zeros(2, 3).sum(2));
    assertMessage("sum: axis -3 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).sum(-3));
  }

  @Test
  void otherOpsAxisOutOfRange() {
    assertMessage("max: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).max(2));
    assertMessage("min: axis 5 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).min(5));
    assertMessage("mean: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).mean(2));
    assertMessage("argmax: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).argmax(2));
    assertMessage("argmin: axis -3 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).argmin(-3));
    assertMessage("transpose: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).transpose(0, 2));
    assertMessage("slice: axis 1 is out of range for shape [4] (rank 1)",
        () -> zeros(4).slice(1, 0, 1));
    assertMessage("concat: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> Tensor.concat(2, zeros(2, 3), zeros(2, 3)));
    assertMessage("gather: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).gather(2, zeros(2, 3)));
    assertMessage("index_select: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).indexSelect(2, 0));
    assertMessage("squeeze: axis 2 is out of range for shape [2, 1] (rank 2)",
        () -> zeros(2, 1).squeeze(2));
  }

  @Test
  void softmaxFamilyAxisOutOfRange() {
    // The op prefix is not asserted: these currently report the internal 'max' op.
    String tail = "axis 1 is out of range for shape [3] (rank 1)";
    String m1 = message(() -> zeros(3).softmax(1));
    assertTrue(m1.endsWith(": " + tail), m1);
    String m2 = message(() -> zeros(3).logsumexp(1));
    assertTrue(m2.endsWith(": " + tail), m2);
    String m3 = message(() -> zeros(3).logSoftmax(1));
    assertTrue(m3.endsWith(": " + tail), m3);
  }

  @Test
  void unsqueezeAxisOutOfRange() {
    assertMessage("unsqueeze: axis 3 is out of range for shape [2, 3] (allowed -3..2)",
        () -> zeros(2, 3).unsqueeze(3));
    assertMessage("unsqueeze: axis -4 is out of range for shape [2, 3] (allowed -3..2)",
        () -> zeros(2, 3).unsqueeze(-4));
  }

  @Test
  void repeatedAxis() {
    assertMessage("sum: axis -1 is repeated in [1, -1] for shape [2, 3]",
        () -> zeros(2, 3).sum(1, -1));
    assertMessage("max: axis 0 is repeated in [0, 0] for shape [2, 3]",
        () -> zeros(2, 3).max(new int[] {0, 0}, false));
    assertMessage("mean: axis 1 is repeated in [1, 1] for shape [2, 3]",
        () -> zeros(2, 3).mean(1, 1));
  }

  @Test
  void reduceEmptyAxis() {
    assertMessage("max: cannot reduce axis 0 of size 0 in shape [0, 3] (no identity)",
        () -> zeros(0, 3).max(0));
    assertMessage("argmax: axis 0 has size 0 in shape [0]", () -> zeros(0).argmax());
  }

  // ---------------------------------------------------------------- permute / squeeze / slice

  @Test
  void permuteWrongLength() {
    assertMessage("permute: [0] has 1 axes but shape [2, 3] has rank 2",
        () -> zeros(2, 3).permute(0));
  }

  @Test
  void permuteRepeatedAxis() {
    assertMessage("permute: axis 0 repeated in [0, 0]", () -> zeros(2, 3).permute(0, 0));
    assertMessage("permute: axis -2 repeated in [0, -2]", () -> zeros(2, 3).permute(0, -2));
  }

  @Test
  void permuteAxisOutOfRange() {
    assertMessage("permute: axis 2 is out of range for shape [2, 3] (rank 2)",
        () -> zeros(2, 3).permute(0, 2));
  }

  @Test
  void squeezeNonUnitAxis() {
    assertMessage("squeeze: axis 0 has size 2 in shape [2, 1] (must be 1)",
        () -> zeros(2, 1).squeeze(0));
    assertMessage("squeeze: axis -2 has size 2 in shape [2, 1] (must be 1)",
        () -> zeros(2, 1).squeeze(-2));
  }

  @Test
  void sliceStepZero() {
    assertMessage("slice: step must be positive, got 0 (axis 0 of shape [5])",
        () -> zeros(5).slice(0, 0, 5, 0));
    assertMessage("slice: step must be positive, got -1 (axis -1 of shape [2, 5])",
        () -> zeros(2, 5).slice(-1, 0, 5, -1));
  }

  // ---------------------------------------------------------------- concat / stack

  @Test
  void concatMismatchedShapes() {
    assertMessage("concat: tensor 1 has shape [3, 2] but tensor 0 has [2, 3]; all sizes except "
        + "axis 0 must match", () -> Tensor.concat(0, zeros(2, 3), zeros(3, 2)));
    assertMessage("concat: tensor 2 has shape [2] but tensor 0 has [2, 3]; all sizes except "
        + "axis 1 must match", () -> Tensor.concat(-1, zeros(2, 3), zeros(2, 1), zeros(2)));
  }

  @Test
  void concatNothingOrScalars() {
    assertMessage("concat: no tensors given", () -> Tensor.concat(0));
    assertMessage("concat: cannot concatenate 0-d tensors; use stack",
        () -> Tensor.concat(0, Tensor.scalar(1.0), Tensor.scalar(2.0)));
  }

  @Test
  void stackMismatched() {
    assertMessage("stack: tensor 1 has shape [3] but tensor 0 has [2]; all must be equal",
        () -> Tensor.stack(0, zeros(2), zeros(3)));
    assertMessage("stack: no tensors given", () -> Tensor.stack(0));
  }

  // ---------------------------------------------------------------- indexing

  @Test
  void gatherIndexOutOfRange() {
    Tensor x = zeros(2, 3);
    Tensor idx = Tensor.of(new long[] {0, 3}, 2, 1);
    assertMessage("gather: index 3 at flat position 1 is out of range for axis 1 of size 3 "
        + "(shape [2, 3])", () -> x.gather(1, idx));
    Tensor neg = Tensor.of(new int[] {-1, 0}, 2, 1);
    assertMessage("gather: index -1 at flat position 0 is out of range for axis 1 of size 3 "
        + "(shape [2, 3])", () -> x.gather(1, neg));
  }

  @Test
  void gatherFloatIndexIsRefusedNamingTheOp() {
    Tensor idx = Tensor.of(new double[] {1, Double.POSITIVE_INFINITY}, 2, 1);
    assertMessage("gather: index must be an int32 or int64 tensor, got float64 (convert with "
        + "to(DType.INT64))", () -> zeros(2, 3).gather(1, idx));
  }

  @Test
  void gatherIndexShapeMismatch() {
    assertMessage("gather: index shape [3, 1] must match input shape [2, 3] on every axis but 1",
        () -> zeros(2, 3).gather(1, zeros(3, 1)));
    assertMessage("gather: index shape [2] must match input shape [2, 3] on every axis but 1",
        () -> zeros(2, 3).gather(1, zeros(2)));
  }

  @Test
  void indexSelectOutOfRange() {
    assertMessage("index_select: index 3 at position 1 is out of range for axis 0 of size 3 "
        + "(shape [3, 2])", () -> zeros(3, 2).indexSelect(0, 0, 3));
    assertMessage("index_select: index -1 at position 0 is out of range for axis 1 of size 2 "
        + "(shape [3, 2])", () -> zeros(3, 2).indexSelect(1, -1));
  }

  @Test
  void getWrongIndex() {
    assertMessage("get: index [0] has 1 entries for shape [2, 3]", () -> zeros(2, 3).get(0));
    assertMessage("get: index 3 is out of range for axis 1 of size 3",
        () -> zeros(2, 3).get(0, 3));
    assertMessage("get: index -3 is out of range for axis 0 of size 2",
        () -> zeros(2, 3).get(-3, 0));
  }

  // ---------------------------------------------------------------- factories and access

  @Test
  void ofCountMismatch() {
    assertMessage("of: 5 values do not fill shape [2, 3] (6 elements)",
        () -> Tensor.of(new double[5], 2, 3));
    assertMessage("of: 2 values do not fill shape [] (1 elements)",
        () -> Tensor.of(new float[2], new int[0]));
  }

  @Test
  void ofRaggedRows() {
    assertMessage("of: row 1 has 1 values, row 0 has 2",
        () -> Tensor.of(new double[][] {{1, 2}, {3}}));
  }

  @Test
  void negativeDimension() {
    assertMessage("shape: dimension 1 is negative in [2, -1]", () -> Tensor.zeros(F64, 2, -1));
  }

  @Test
  void arangeBadStep() {
    assertMessage("arange: step must be finite and nonzero, got 0.0",
        () -> Tensor.arange(F64, 0, 1, 0));
    assertMessage("arange: step must be finite and nonzero, got NaN",
        () -> Tensor.arange(F64, 0, 1, Double.NaN));
  }

  @Test
  void randomFactoriesBadParameters() {
    assertMessage("uniform: low 2.0 is greater than high 1.0",
        () -> Tensor.uniform(new java.util.SplittableRandom(1), F64, 2, 1, 3));
    assertMessage("normal: std must be >= 0, got -1.0",
        () -> Tensor.normal(new java.util.SplittableRandom(1), F64, 0, -1, 3));
  }

  @Test
  void itemOnMultiElement() {
    assertMessage("item: tensor of shape [2] has 2 elements, expected 1", () -> zeros(2).item());
    assertMessage("item: tensor of shape [0] has 0 elements, expected 1", () -> zeros(0).item());
  }

  @Test
  void toDoubleMatrixNot2d() {
    assertMessage("toDoubleMatrix: expected a 2-d tensor, got shape [2, 3, 4]",
        () -> zeros(2, 3, 4).toDoubleMatrix());
  }

  @Test
  void clampMinGreaterThanMax() {
    assertMessage("clamp: min 2.0 is greater than max 1.0", () -> zeros(3).clamp(2, 1));
  }

  @Test
  void sumToNotBroadcastable() {
    assertMessage("sum_to: [4] is not broadcastable to [2, 3], so [2, 3] cannot be summed down "
        + "to it", () -> zeros(2, 3).sumTo(4));
  }

  // ---------------------------------------------------------------- autodiff

  @Test
  void backwardOnNonScalar() {
    Tensor x = zeros(2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    String msg = message(y::backward);
    assertEquals("backward: output 0 has shape [2, 3]; a non-scalar output needs an explicit "
        + "gradient of that shape", msg);
    assertTrue(msg.contains("[2, 3]") && msg.contains("gradient"), msg);
    assertEquals(null, x.grad(), "nothing is modified when backward throws");
  }

  @Test
  void backwardWithoutRequiresGrad() {
    assertMessage("backward: tensor of shape [] does not require grad (it is a constant, or was "
        + "computed under noGrad or from detached inputs)", () -> zeros(3).sum().backward());
  }

  @Test
  void backwardUnderNoGrad() {
    Tensor x = zeros(2).requiresGrad(true);
    Tensor y = Autograd.noGrad(() -> x.mul(3).sum());
    assertMessage("backward: tensor of shape [] does not require grad (it is a constant, or was "
        + "computed under noGrad or from detached inputs)", y::backward);
  }

  @Test
  void backwardGradientShapeMismatch() {
    Tensor x = zeros(2, 3).requiresGrad(true);
    Tensor y = x.mul(2);
    assertMessage("backward: gradient for output 0 has shape [3], expected the output's shape "
        + "[2, 3]", () -> y.backward(zeros(3)));
    assertEquals(null, x.grad());
  }

  @Test
  void backwardNullGradient() {
    Tensor y = zeros(2).requiresGrad(true).mul(2);
    assertMessage("backward: gradOutput is null", () -> y.backward(null));
  }

  @Test
  void autogradGradInputWithoutRequiresGrad() {
    Tensor x = zeros(2).requiresGrad(true);
    Tensor c = zeros(2);
    Tensor y = x.mul(c).sum();
    assertMessage("grad: input 1 (shape [2]) does not require grad; call requiresGrad(true) on "
        + "it before computing the outputs", () -> Autograd.grad(y, x, c));
  }

  @Test
  void autogradGradNonScalarOutput() {
    Tensor x = zeros(2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertMessage("grad: output has shape [2]; pass a gradient of that shape with grad(outputs, "
        + "inputs, gradOutputs, createGraph)", () -> Autograd.grad(y, x));
  }

  @Test
  void autogradGradListMismatches() {
    Tensor x = zeros(2).requiresGrad(true);
    Tensor y = x.mul(2);
    assertMessage("grad: no outputs given", () -> Autograd.grad(List.of(), List.of(x), null,
        false));
    assertMessage("grad: no inputs given", () -> Autograd.grad(List.of(y), List.of(), null,
        false));
    assertMessage("grad: 2 gradients given for 1 outputs",
        () -> Autograd.grad(List.of(y), List.of(x), List.of(zeros(2), zeros(2)), false));
    assertMessage("grad: gradient for output 0 has shape [3], expected the output's shape [2]",
        () -> Autograd.grad(List.of(y), List.of(x), List.of(zeros(3)), false));
    assertMessage("grad: output 0 has shape [2]; a non-scalar output needs an explicit gradient "
        + "of that shape", () -> Autograd.grad(List.of(y), List.of(x), null, false));
  }

  @Test
  void requiresGradOnNonLeaf() {
    Tensor x = zeros(2).requiresGrad(true);
    Tensor y = x.mul(x);
    assertMessage("requiresGrad: only leaf tensors can be marked; this one was produced by "
        + "'mul' (detach() it first)", () -> y.requiresGrad(true));
    assertMessage("requiresGrad: only leaf tensors can be marked; this one was produced by "
        + "'exp' (detach() it first)", () -> x.exp().requiresGrad(false));
  }
}
