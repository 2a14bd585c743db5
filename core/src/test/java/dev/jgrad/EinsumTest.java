package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#einsum} against the ops it generalizes (matmul, trace, diagonal, outer,
 * transpose, sums, batched and broadcast products), against a brute-force loop over every index
 * assignment, through gradient checks in both modes, and by the message of every malformed string.
 */
class EinsumTest {
  private static final DType F64 = DType.FLOAT64;

  private static Tensor random(long seed, int... shape) {
    return Tensor.uniform(new SplittableRandom(seed), F64, -1, 1, shape);
  }

  private static void assertClose(Tensor expected, Tensor got) {
    assertEquals(expected.shape(), got.shape(), "shape");
    assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), 1e-13);
  }

  /**
   * Brute force for letter-only subscripts with an explicit output: loops over every assignment
   * of the indices and adds the product of the operands' entries into the output entry.
   */
  private static Tensor naive(String eq, Tensor... ops) {
    String[] io = eq.replace(" ", "").split("->", -1);
    String[] terms = io[0].split(",", -1);
    String out = io[1];
    Map<Character, Integer> size = new HashMap<>();
    for (int i = 0; i < terms.length; i++) {
      for (int a = 0; a < terms[i].length(); a++) {
        size.merge(terms[i].charAt(a), ops[i].shape().dim(a), Math::max);
      }
    }
    List<Character> labels = new ArrayList<>(size.keySet());
    int[] outDims = new int[out.length()];
    for (int a = 0; a < outDims.length; a++) {
      outDims[a] = size.get(out.charAt(a));
    }
    double[] res = new double[Shape.of(outDims).numel()];
    int total = 1;
    for (char c : labels) {
      total *= size.get(c);
    }
    double[][] vals = new double[ops.length][];
    for (int i = 0; i < ops.length; i++) {
      vals[i] = ops[i].toDoubleArray();
    }
    Map<Character, Integer> at = new HashMap<>();
    for (int code = 0; code < total; code++) {
      int c = code;
      for (char l : labels) {
        at.put(l, c % size.get(l));
        c /= size.get(l);
      }
      double p = 1;
      for (int i = 0; i < ops.length; i++) {
        int flat = 0;
        for (int a = 0; a < terms[i].length(); a++) {
          int d = ops[i].shape().dim(a);
          flat = flat * d + (d == 1 ? 0 : at.get(terms[i].charAt(a))); // size 1 broadcasts
        }
        p *= vals[i][flat];
      }
      int o = 0;
      for (int a = 0; a < out.length(); a++) {
        o = o * outDims[a] + at.get(out.charAt(a));
      }
      res[o] += p;
    }
    return Tensor.of(res, outDims);
  }

  @Test
  void matchesTheOpsItGeneralizes() {
    Tensor a = random(1, 3, 4);
    Tensor b = random(2, 4, 5);
    Tensor sq = random(3, 4, 4);
    Tensor v = random(4, 4);
    Tensor w = random(5, 4);
    assertClose(a.matmul(b), Tensor.einsum("ij,jk->ik", a, b));
    assertClose(a.matmul(b), Tensor.einsum("ij,jk", a, b)); // implicit output: i, k
    assertClose(a.matmul(b), Tensor.einsum(" ij , jk -> ik ", a, b));
    assertClose(b.transpose().matmul(a.transpose()), Tensor.einsum("ij,jk->ki", a, b));
    assertClose(a.transpose(), Tensor.einsum("ij->ji", a));
    assertClose(a.transpose(), Tensor.einsum("ji", a)); // implicit output sorted: i, j
    assertClose(sq.trace(), Tensor.einsum("ii", sq));
    assertClose(sq.trace(), Tensor.einsum("ii->", sq));
    assertClose(sq.diagonal(0, 0, 1), Tensor.einsum("ii->i", sq));
    assertClose(v.outer(w), Tensor.einsum("i,j->ij", v, w));
    assertClose(v.mul(w).sum(), Tensor.einsum("i,i", v, w));
    assertClose(a.sum(), Tensor.einsum("ij->", a));
    assertClose(a.sum(0), Tensor.einsum("ij->j", a));
    assertClose(v.matmul(sq).matmul(w), Tensor.einsum("i,ij,j->", v, sq, w));
    assertClose(a.matmul(sq).matmul(b), Tensor.einsum("ij,jk,kl->il", a, sq, b));
    assertClose(a.matmul(b), Tensor.einsum("Ab,bC->AC", a, b));
    assertClose(a, Tensor.einsum("ij->ij", a));
  }

  @Test
  void batchesAndBroadcastsLikeMatmul() {
    Tensor x = random(6, 2, 3, 4);
    Tensor y = random(7, 2, 4, 5);
    assertClose(x.matmul(y), Tensor.einsum("bij,bjk->bik", x, y));
    Tensor p = random(8, 2, 1, 3, 4);
    Tensor q = random(9, 5, 4, 2);
    assertClose(p.matmul(q), Tensor.einsum("...ij,...jk->...ik", p, q));
    assertClose(p.matmul(q), Tensor.einsum("...ij,...jk", p, q));
    Tensor vec = random(10, 4);
    assertClose(p.matmul(vec), Tensor.einsum("...ij,j->...i", p, vec));
    // Explicit output without the ellipsis sums the ellipsis axes.
    assertClose(x.sum(0), Tensor.einsum("...ij->ij", x));
    // A named index of size 1 broadcasts: in a product, and in a contraction.
    Tensor row = random(11, 1, 4);
    Tensor m = random(12, 3, 4);
    assertClose(m.mul(row), Tensor.einsum("ij,ij->ij", m, row));
    Tensor one = random(13, 1, 5);
    assertClose(m.sum(new int[] {1}, true).matmul(one), Tensor.einsum("ij,jk->ik", m, one));
  }

  @Test
  void agreesWithBruteForceOnRepeatedIndicesAndManyOperands() {
    String[] eqs = {"iij,jk->ik", "ij,ij->", "ijk,kji->j", "abc,cd,da->b", "ij,jk,kl,li->",
        "ii,ij->j", "i,i,i->i", "ijj->ji", "ab,ab,ab->", "ij,kl->ijkl", "iji->j"};
    int[][][] shapes = {{{3, 3, 2}, {2, 4}}, {{2, 3}, {2, 3}}, {{2, 3, 4}, {4, 3, 2}},
        {{2, 3, 4}, {4, 5}, {5, 2}}, {{2, 3}, {3, 4}, {4, 5}, {5, 2}}, {{3, 3}, {3, 2}},
        {{4}, {4}, {4}}, {{2, 3, 3}}, {{2, 3}, {2, 3}, {2, 3}}, {{2, 3}, {2, 2}}, {{3, 2, 3}}};
    for (int e = 0; e < eqs.length; e++) {
      Tensor[] ops = new Tensor[shapes[e].length];
      for (int i = 0; i < ops.length; i++) {
        ops[i] = random(100 + 10 * e + i, shapes[e][i]);
      }
      String eq = eqs[e];
      assertClose(naive(eq, ops), Tensor.einsum(eq, ops));
    }
  }

  @Test
  void keepsFloat32AndPromotesMixedDtypes() {
    Tensor a = random(14, 2, 3).to(DType.FLOAT32);
    Tensor b = random(15, 3, 2);
    assertEquals(DType.FLOAT32, Tensor.einsum("ij,jk->ik", a, b.to(DType.FLOAT32)).dtype());
    assertEquals(DType.FLOAT64, Tensor.einsum("ij,jk->ik", a, b).dtype());
    assertEquals(DType.FLOAT64, Tensor.einsum("ij,jk->ik", Tensor.of(new long[] {1, 2}, 1, 2),
        b.slice(0, 0, 2)).dtype());
  }

  @Test
  void derivativesFollowInBothModesToSecondOrder() {
    GradCheck check = GradCheck.create().secondOrder(true).forwardMode(true);
    check.check(in -> Tensor.einsum("ij,jk->ik", in[0], in[1]), random(16, 2, 3),
        random(17, 3, 2));
    check.check(in -> Tensor.einsum("bij,bjk->bik", in[0], in[1]), random(18, 2, 2, 3),
        random(19, 2, 3, 2));
    check.check(in -> Tensor.einsum("...ij,...j->...i", in[0], in[1]), random(20, 2, 1, 2, 3),
        random(21, 3, 3));
    check.check(in -> Tensor.einsum("iij,jk->ik", in[0], in[1]), random(22, 2, 2, 3),
        random(23, 3, 2));
    check.check(in -> Tensor.einsum("i,ij,j->", in[0], in[1], in[2]).square(), random(24, 3),
        random(25, 3, 3), random(26, 3));
    check.check(in -> Tensor.einsum("ii->i", in[0]).exp(), random(27, 3, 3));
  }

  @Test
  void theReadmeExampleHoldsWhatItSays() {
    var rng = new SplittableRandom(0);
    Tensor x = Tensor.uniform(rng, DType.FLOAT64, -1, 1, 16, 3);
    Tensor y = Tensor.uniform(rng, DType.FLOAT64, -1, 1, 16, 4);
    Tensor w = Tensor.uniform(rng, DType.FLOAT64, -1, 1, 3, 4).requiresGrad(true);
    Tensor scores = Tensor.einsum("bi,ij,bj->b", x, w, y);
    assertClose(x.matmul(w.detach()).mul(y).sum(1), scores);
    scores.sum().backward();
    assertClose(x.transpose().matmul(y), w.grad());
    assertClose(x.transpose().matmul(x), Tensor.einsum("bi,bj->ij", x, x));
  }

  private static void assertMessage(String expected, String eq, Tensor... ops) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class,
        () -> Tensor.einsum(eq, ops)).getMessage());
  }

  @Test
  void malformedSubscriptsNameThePositionAndTheProblem() {
    Tensor m = Tensor.zeros(F64, 2, 3);
    Tensor n = Tensor.zeros(F64, 3, 4);
    assertMessage("einsum: subscript 'ij,jk->il': output index 'l' appears in no input",
        "ij,jk->il", m, n);
    assertMessage("einsum: subscript 'ij,j?': invalid character '?' at position 4 (indices are "
        + "letters a-z and A-Z)", "ij,j?", m, n);
    assertMessage("einsum: subscript 'i.j': '.' at position 1 is not part of an ellipsis '...'",
        "i.j", m);
    assertMessage("einsum: subscript '...i...->i': second ellipsis in one term at position 4",
        "...i...->i", m);
    assertMessage("einsum: subscript 'ij-k': '-' at position 2 is not followed by '>'", "ij-k",
        m);
    assertMessage("einsum: subscript 'ij->j->i': second '->' at position 5", "ij->j->i", m);
    assertMessage("einsum: subscript 'ij->j,i': ',' at position 5 comes after '->' (the output "
        + "is one term)", "ij->j,i", m);
    assertMessage("einsum: subscript 'ij,jk': 2 operand terms but 3 operands given", "ij,jk", m,
        n, n);
    assertMessage("einsum: subscript 'ijk,jk': operand 0 has shape [2, 3] (rank 2) but its term "
        + "'ijk' names 3 indices", "ijk,jk", m, n);
    assertMessage("einsum: subscript 'i...jk': operand 0 has shape [2, 3] (rank 2) but its term "
        + "'i...jk' names 3 indices besides the ellipsis", "i...jk", m);
    assertMessage("einsum: subscript 'ii': index 'i' is repeated in operand 0 (shape [2, 3]) with "
        + "sizes 2 and 3; its diagonal needs equal sizes", "ii", m);
    assertMessage("einsum: subscript 'ij,jk': index 'j' has size 3 in operand 0 (shape [2, 3]) "
        + "and 4 in operand 1 (shape [4, 5]) (sizes must be equal or 1)", "ij,jk", m,
        Tensor.zeros(F64, 4, 5));
    assertMessage("einsum: subscript 'ij->ii': output index 'i' appears twice (positions 4 and "
        + "5)", "ij->ii", m);
    assertMessage("einsum: subscript '...i,...i': ellipsis axis 0 has size 2 in operand 0 (shape "
        + "[2, 3]) and 4 in operand 1 (shape [4, 3]) (sizes must be equal or 1)", "...i,...i", m,
        Tensor.zeros(F64, 4, 3));
    assertMessage("einsum: subscript 'ij->ji': needs floating-point operands (convert with "
        + "to(DType))", "ij->ji", Tensor.of(new long[] {1, 2}, 1, 2));
    assertMessage("einsum: subscript 'ij' needs at least one operand", "ij");
  }
}
