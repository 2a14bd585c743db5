package dev.jgrad;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The linear-algebra ops beyond what the generic properties check: closed forms for 2x2 and 3x3,
 * identities on larger matrices (which exercise the kernels beyond the samples' sizes), the
 * documented conventions and degenerate cases, the symmetric-input contract of cholesky and
 * eigh, and every error message.
 */
class LinalgTest {
  private static final DType F64 = DType.FLOAT64;
  private static final double TOL = 1e-12;

  private static Tensor random(long seed, int... shape) {
    return Tensor.uniform(new SplittableRandom(seed), F64, -1, 1, shape);
  }

  /** A well-conditioned n x n matrix: random plus n on the diagonal. */
  private static Tensor wellConditioned(long seed, int n) {
    return random(seed, n, n).add(Tensor.eye(F64, n).mul(n));
  }

  private static Tensor spd(long seed, int n) {
    Tensor b = random(seed, n, n);
    return b.transpose().matmul(b).add(Tensor.eye(F64, n));
  }

  private static void assertClose(Tensor expected, Tensor got, double tol) {
    assertEquals(expected.shape(), got.shape(), "shape");
    assertArrayEquals(expected.toDoubleArray(), got.toDoubleArray(), tol);
  }

  private static void assertOrthonormalColumns(Tensor q, double tol) {
    int k = q.shape().dim(-1);
    Tensor qtq = q.transpose().matmul(q);
    assertClose(Tensor.eye(F64, k).expand(qtq.shape().dims()), qtq, tol);
  }

  private static String message(Executable body) {
    return assertThrows(IllegalArgumentException.class, body).getMessage();
  }

  // ---------------------------------------------------------------- det, slogdet

  @Test
  void detOfSmallMatricesMatchesClosedForms() {
    assertEquals(-14, Tensor.of(new double[][] {{3, 8}, {4, 6}}).det().item(), TOL);
    // Sarrus: 2(0·5 + 4) + 3(10 + 1) + (8 - 0) = 49
    assertEquals(49, Tensor.of(new double[][] {{2, -3, 1}, {2, 0, -1}, {1, 4, 5}}).det().item(),
        TOL);
    assertEquals(-2.5, Tensor.of(new double[] {-2.5}, 1, 1).det().item(), 0);
    assertEquals(1, Tensor.zeros(F64, 0, 0).det().item(), 0, "the empty product");
    assertEquals(0, Tensor.of(new double[][] {{1, 2}, {2, 4}}).det().item(), 0);
  }

  @Test
  void detIsMultiplicativeAndBatched() {
    Tensor a = random(1, 6, 6);
    Tensor b = random(2, 6, 6);
    assertEquals(a.det().item() * b.det().item(), a.matmul(b).det().item(),
        1e-12 * Math.abs(a.det().item() * b.det().item()));
    assertEquals(a.det().item(), a.transpose().det().item(), 1e-12 * Math.abs(a.det().item()));
    Tensor stack = Tensor.stack(0, a, b, a.matmul(b));
    Tensor d = stack.det();
    assertEquals(Shape.of(3), d.shape());
    assertArrayEquals(new double[] {a.det().item(), b.det().item(), a.matmul(b).det().item()},
        d.toDoubleArray(), 0);
  }

  @Test
  void slogdetMatchesLogAbsDetAndDoesNotOverflow() {
    Tensor a = random(3, 5, 5);
    Tensor[] sl = a.slogdet();
    double det = a.det().item();
    assertEquals(Math.signum(det), sl[0].item(), 0);
    assertEquals(Math.log(Math.abs(det)), sl[1].item(), 1e-12);
    assertFalse(sl[0].requiresGrad(), "no grad needed: constant input");
    // det(10·I) of order 400 is 1e400, beyond double; its logarithm is not.
    Tensor big = Tensor.eye(F64, 400).mul(10.0);
    assertEquals(Double.POSITIVE_INFINITY, big.det().item());
    Tensor[] bsl = big.slogdet();
    assertEquals(1, bsl[0].item());
    assertEquals(400 * Math.log(10), bsl[1].item(), 1e-9);
    assertEquals(400 * Math.log(10), big.logdet().item(), 1e-9);
  }

  @Test
  void slogdetSignIsAConstantAndLogdetFollowsPyTorchAtNegativeAndZeroDeterminants() {
    Tensor a = Tensor.of(new double[][] {{0, 1}, {1, 0}}).requiresGrad(true); // det -1
    Tensor[] sl = a.slogdet();
    assertEquals(-1, sl[0].item());
    assertEquals(0, sl[1].item(), 1e-15);
    assertFalse(sl[0].requiresGrad(), "the sign is a constant");
    assertTrue(sl[1].requiresGrad());
    assertTrue(Double.isNaN(a.logdet().item()), "log of a negative determinant");
    Tensor singular = Tensor.of(new double[][] {{1, 2}, {2, 4}});
    Tensor[] ssl = singular.slogdet();
    assertEquals(0, ssl[0].item());
    assertEquals(Double.NEGATIVE_INFINITY, ssl[1].item());
    assertEquals(Double.NEGATIVE_INFINITY, singular.logdet().item());
    // d log|det A| / dA = A⁻ᵀ, here A⁻ᵀ = A.
    sl[1].backward();
    assertArrayEquals(new double[] {0, 1, 1, 0}, a.grad().toDoubleArray(), 1e-15);
  }

  @Test
  void detGradientIsTheCofactorMatrixAndNeedsAnInvertibleMatrix() {
    Tensor a = Tensor.of(new double[][] {{3, 8}, {4, 6}}).requiresGrad(true);
    a.det().backward();
    // d(ad - bc) = [[d, -c], [-b, a]]
    assertArrayEquals(new double[] {6, -4, -8, 3}, a.grad().toDoubleArray(), 1e-13);
    Tensor s = Tensor.of(new double[][] {{1, 2}, {2, 4}}).requiresGrad(true);
    Tensor d = s.det();
    assertEquals("inverse: matrix [2, 2] is singular (pivot 1 is 0)", message(d::backward));
  }

  // ---------------------------------------------------------------- inverse, solve

  @Test
  void inverseOfSmallMatricesMatchesClosedForms() {
    assertClose(Tensor.of(new double[][] {{0.6, -0.7}, {-0.2, 0.4}}),
        Tensor.of(new double[][] {{4, 7}, {2, 6}}).inverse(), 1e-15);
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {0, 1, 4}, {5, 6, 0}});
    assertClose(Tensor.of(new double[][] {{-24, 18, 5}, {20, -15, -4}, {-5, 4, 1}}), a.inverse(),
        1e-12);
  }

  @Test
  void inverseTimesMatrixIsTheIdentityBatched() {
    Tensor a = Tensor.stack(0, wellConditioned(4, 30), random(5, 30, 30));
    Tensor eye = Tensor.eye(F64, 30);
    Tensor prod = a.inverse().matmul(a);
    assertClose(Tensor.stack(0, eye, eye), prod, 1e-10);
    assertEquals(DType.FLOAT32, a.to(DType.FLOAT32).inverse().dtype());
  }

  @Test
  void solveMatchesClosedFormsForVectorsAndMatrices() {
    Tensor a2 = Tensor.of(new double[][] {{2, 1}, {1, 3}});
    assertClose(Tensor.of(new double[] {0.8, 1.4}), a2.solve(Tensor.of(new double[] {3, 5})),
        1e-15);
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {0, 1, 4}, {5, 6, 0}});
    assertClose(Tensor.of(new double[] {27, -22, 6}), a.solve(Tensor.of(new double[] {1, 2, 3})),
        1e-12);
    Tensor b = random(6, 3, 4);
    assertClose(a.inverse().matmul(b), a.solve(b), 1e-12);
    assertClose(b, a.matmul(a.solve(b)), 1e-12);
  }

  @Test
  void solveTreatsBLikeAWithoutItsLastAxisAsABatchOfVectors() {
    Tensor a = Tensor.stack(0, wellConditioned(7, 3), wellConditioned(8, 3));
    Tensor b = random(9, 2, 3);
    Tensor x = a.solve(b); // [2, 3]: one vector per matrix (PyTorch's rule)
    assertEquals(Shape.of(2, 3), x.shape());
    for (int t = 0; t < 2; t++) {
      Tensor at = a.slice(0, t, t + 1).squeeze(0);
      Tensor bt = b.slice(0, t, t + 1).squeeze(0);
      assertClose(at.solve(bt), x.slice(0, t, t + 1).squeeze(0), 1e-14);
    }
    // A single matrix broadcast against a batch of right-hand sides.
    Tensor bs = random(10, 5, 3, 2);
    Tensor xs = a.slice(0, 0, 1).squeeze(0).solve(bs);
    assertEquals(Shape.of(5, 3, 2), xs.shape());
    assertClose(bs, a.slice(0, 0, 1).squeeze(0).matmul(xs), 1e-12);
  }

  // ---------------------------------------------------------------- cholesky, triangular

  @Test
  void choleskyMatchesClosedFormsAndReadsOnlyTheLowerTriangle() {
    assertClose(Tensor.of(new double[][] {{2, 0}, {1, Math.sqrt(2)}}),
        Tensor.of(new double[][] {{4, 2}, {2, 3}}).cholesky(), 1e-15);
    Tensor a = Tensor.of(new double[][] {{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    Tensor expected = Tensor.of(new double[][] {{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}});
    assertClose(expected, a.cholesky(), 1e-14);
    Tensor garbage = Tensor.of(new double[][] {{4, 99, 7}, {12, 37, -1e9}, {-16, -43, 98}});
    assertClose(expected, garbage.cholesky(), 1e-14);
  }

  @Test
  void choleskyReconstructsLargeSpdMatrices() {
    Tensor a = spd(11, 40);
    Tensor l = a.cholesky();
    assertClose(a, l.matmul(l.transpose()), 1e-11);
    double[][] lv = l.toDoubleMatrix();
    for (int i = 0; i < 40; i++) {
      assertTrue(lv[i][i] > 0, "positive diagonal");
      for (int j = i + 1; j < 40; j++) {
        assertEquals(0, lv[i][j], 0, "lower triangular");
      }
    }
  }

  @Test
  void triangularSolveHonoursUpperTransposeAndUnitDiagonal() {
    Tensor a = Tensor.of(new double[][] {{2, 5, 7}, {3, 4, 6}, {1, -1, 8}});
    Tensor b = random(12, 3, 2);
    Tensor lower = Tensor.of(new double[][] {{2, 0, 0}, {3, 4, 0}, {1, -1, 8}});
    Tensor upper = Tensor.of(new double[][] {{2, 5, 7}, {0, 4, 6}, {0, 0, 8}});
    Tensor unitLower = Tensor.of(new double[][] {{1, 0, 0}, {3, 1, 0}, {1, -1, 1}});
    assertClose(lower.solve(b), a.solveTriangular(b, false, false, false), 1e-14);
    assertClose(upper.solve(b), a.solveTriangular(b, true, false, false), 1e-14);
    assertClose(upper.transpose().solve(b), a.solveTriangular(b, true, true, false), 1e-14);
    assertClose(unitLower.solve(b), a.solveTriangular(b, false, false, true), 1e-14);
    assertClose(unitLower.transpose().solve(b), a.solveTriangular(b, false, true, true), 1e-14);
    // The unit diagonal is not read, so even a zero diagonal is fine.
    Tensor zeroDiag = a.mul(Tensor.ones(F64, 3, 3).sub(Tensor.eye(F64, 3)));
    assertClose(unitLower.solve(b), zeroDiag.solveTriangular(b, false, false, true), 1e-14);
  }

  // ---------------------------------------------------------------- qr

  @Test
  void qrMatchesClosedFormsWithTheNonNegativeDiagonalConvention() {
    Tensor[] qr = Tensor.of(new double[][] {{3}, {4}}).qr();
    assertClose(Tensor.of(new double[][] {{0.6}, {0.8}}), qr[0], 1e-15);
    assertClose(Tensor.of(new double[][] {{5}}), qr[1], 1e-15);
    Tensor[] swap = Tensor.of(new double[][] {{0, 1}, {1, 0}}).qr();
    assertClose(Tensor.of(new double[][] {{0, 1}, {1, 0}}), swap[0], 1e-15);
    assertClose(Tensor.eye(F64, 2), swap[1], 1e-15);
    Tensor[] neg = Tensor.of(new double[][] {{-2, 1}, {0, -3}}).qr();
    assertClose(Tensor.of(new double[][] {{-1, 0}, {0, -1}}), neg[0], 1e-15);
    assertClose(Tensor.of(new double[][] {{2, -1}, {0, 3}}), neg[1], 1e-15);
  }

  @Test
  void qrReconstructsTallWideAndRankDeficientMatrices() {
    for (int[] s : new int[][] {{50, 30}, {30, 50}, {7, 7}, {1, 4}, {4, 1}}) {
      Tensor a = random(13 + s[0], 2, s[0], s[1]);
      Tensor[] qr = a.qr();
      int k = Math.min(s[0], s[1]);
      assertEquals(Shape.of(2, s[0], k), qr[0].shape());
      assertEquals(Shape.of(2, k, s[1]), qr[1].shape());
      assertClose(a, qr[0].matmul(qr[1]), 1e-12);
      assertOrthonormalColumns(qr[0], 1e-12);
      double[] r = qr[1].toDoubleArray();
      for (int t = 0; t < 2; t++) {
        for (int i = 0; i < k; i++) {
          assertTrue(r[(t * k + i) * s[1] + i] >= 0, "non-negative diagonal");
          for (int j = 0; j < i; j++) {
            assertEquals(0, r[(t * k + i) * s[1] + j], 0, "upper triangular");
          }
        }
      }
    }
    Tensor deficient = Tensor.of(new double[][] {{1, 0, 2}, {2, 0, 4}, {3, 0, 1}});
    Tensor[] qr = deficient.qr();
    assertClose(deficient, qr[0].matmul(qr[1]), 1e-14);
    assertOrthonormalColumns(qr[0], 1e-14);
  }

  // ---------------------------------------------------------------- eigh

  @Test
  void eighMatchesAClosedFormWithItsSignConvention() {
    // [[5, 2], [2, 2]]: eigenvalues 1 and 6, vectors (1, -2)/√5 (flipped: largest entry
    // positive) and (2, 1)/√5.
    Tensor[] e = Tensor.of(new double[][] {{5, 2}, {2, 2}}).eigh();
    assertClose(Tensor.of(new double[] {1, 6}), e[0], 1e-14);
    double r = 1 / Math.sqrt(5);
    assertClose(Tensor.of(new double[][] {{-r, 2 * r}, {2 * r, r}}), e[1], 1e-15);
  }

  @Test
  void eighDiagonalizesLargeSymmetricMatricesReadingTheLowerTriangle() {
    Tensor x = random(14, 60, 60);
    Tensor a = x.add(x.transpose());
    Tensor[] e = a.eigh();
    Tensor v = e[1];
    assertClose(a.matmul(v), v.mul(e[0].unsqueeze(0)), 1e-12);
    assertOrthonormalColumns(v, 1e-13);
    double[] w = e[0].toDoubleArray();
    for (int i = 1; i < w.length; i++) {
      assertTrue(w[i] >= w[i - 1], "ascending");
    }
    double[][] vm = v.toDoubleMatrix();
    for (int j = 0; j < 60; j++) {
      int big = 0;
      for (int i = 1; i < 60; i++) {
        big = Math.abs(vm[i][j]) > Math.abs(vm[big][j]) ? i : big;
      }
      assertTrue(vm[big][j] > 0, "largest entry of each eigenvector is positive");
    }
    // The strict upper triangle is never read.
    double[] junk = a.toDoubleArray();
    for (int i = 0; i < 60; i++) {
      for (int j = i + 1; j < 60; j++) {
        junk[i * 60 + j] = Double.NaN;
      }
    }
    Tensor[] ej = Tensor.of(junk, 60, 60).eigh();
    assertArrayEquals(e[0].toDoubleArray(), ej[0].toDoubleArray(), 0);
    assertArrayEquals(e[1].toDoubleArray(), ej[1].toDoubleArray(), 0);
  }

  @Test
  void eighOfRepeatedEigenvaluesReturnsAnOrthonormalBasisAndExactEigenvalueGradients() {
    Tensor d = Tensor.of(new double[][] {{2, 0, 0}, {0, 1, 0}, {0, 0, 2}});
    Tensor[] e = d.eigh();
    assertClose(Tensor.of(new double[] {1, 2, 2}), e[0], 1e-15);
    assertOrthonormalColumns(e[1], 1e-15);
    assertClose(d.matmul(e[1]), e[1].mul(e[0].unsqueeze(0)), 1e-15);
    // Σ w² = ‖A‖² for symmetric A: the gradient is 2A, also where all eigenvalues are equal.
    Tensor x = Tensor.eye(F64, 3).requiresGrad(true);
    Tensor[] ex = LinalgOps.sym(x).eigh();
    ex[0].square().sum().backward();
    assertClose(Tensor.eye(F64, 3).mul(2.0), x.grad(), 1e-14);
  }

  @Test
  void eighHandlesDiagonalBlockDiagonalAndOneByOneMatrices() {
    // Already diagonal: the Householder stage finds nothing to annihilate.
    Tensor[] d = Tensor.of(new double[][] {{3, 0, 0}, {0, -1, 0}, {0, 0, 2}}).eigh();
    assertClose(Tensor.of(new double[] {-1, 2, 3}), d[0], 0);
    assertClose(Tensor.of(new double[][] {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}}), d[1], 0);
    // Two decoupled 2x2 blocks, [[2, 1], [1, 2]] (1 and 3) and [[5, 2], [2, 2]] (1 and 6).
    Tensor block = Tensor.of(new double[][] {{2, 0, 1, 0}, {0, 5, 0, 2}, {1, 0, 2, 0},
        {0, 2, 0, 2}});
    Tensor[] b = block.eigh();
    assertClose(Tensor.of(new double[] {1, 1, 3, 6}), b[0], 1e-14);
    assertClose(block.matmul(b[1]), b[1].mul(b[0].unsqueeze(0)), 1e-14);
    assertOrthonormalColumns(b[1], 1e-15);
    Tensor[] one = Tensor.of(new double[] {-4}, 1, 1).eigh();
    assertClose(Tensor.of(new double[] {-4}), one[0], 0);
    assertClose(Tensor.of(new double[][] {{1}}), one[1], 0);
  }

  // ---------------------------------------------------------------- svd

  @Test
  void svdMatchesAClosedForm() {
    // AᵀA = [[25, 20], [20, 25]]: s² = 45 and 5.
    Tensor a = Tensor.of(new double[][] {{3, 0}, {4, 5}});
    Tensor[] usv = a.svd();
    assertClose(Tensor.of(new double[] {3 * Math.sqrt(5), Math.sqrt(5)}), usv[1], 1e-14);
    assertClose(a, usv[0].mul(usv[1].unsqueeze(0)).matmul(usv[2]), 1e-14);
    Tensor[] row = Tensor.of(new double[][] {{3, -4}}).svd();
    assertClose(Tensor.of(new double[] {5}), row[1], 1e-15);
    assertClose(Tensor.of(new double[][] {{1}}), row[0], 0);
    assertClose(Tensor.of(new double[][] {{0.6, -0.8}}), row[2], 1e-15);
  }

  private static void checkSvd(Tensor a, double tol) {
    Tensor[] usv = a.svd();
    int m = a.shape().dim(-2);
    int n = a.shape().dim(-1);
    int k = Math.min(m, n);
    assertEquals(Shape.of(m, k), usv[0].shape());
    assertEquals(Shape.of(k), usv[1].shape());
    assertEquals(Shape.of(k, n), usv[2].shape());
    assertClose(a, usv[0].mul(usv[1].unsqueeze(0)).matmul(usv[2]), tol);
    assertOrthonormalColumns(usv[0], tol);
    assertOrthonormalColumns(usv[2].transpose(), tol);
    double[] s = usv[1].toDoubleArray();
    for (int i = 0; i < k; i++) {
      assertTrue(s[i] >= 0 && (i == 0 || s[i] <= s[i - 1]), "non-negative, descending");
    }
    double[][] u = usv[0].toDoubleMatrix();
    for (int j = 0; j < k; j++) {
      int big = 0;
      for (int i = 1; i < m; i++) {
        big = Math.abs(u[i][j]) > Math.abs(u[big][j]) ? i : big;
      }
      assertTrue(u[big][j] > 0, "largest entry of each left singular vector is positive");
    }
  }

  @Test
  void svdReconstructsTallWideSquareAndRankDeficientMatrices() {
    checkSvd(random(15, 40, 25), 1e-12);
    checkSvd(random(16, 25, 40), 1e-12);
    checkSvd(random(17, 30, 30), 1e-12);
    // Rank one: the left vectors of the zero singular values are completed to an orthonormal set.
    Tensor rank1 = Tensor.of(new double[] {1, 2, 3, 4}).outer(Tensor.of(new double[] {1, -1, 2}));
    checkSvd(rank1, 1e-13);
    double[] s = rank1.svd()[1].toDoubleArray();
    assertEquals(Math.sqrt(30) * Math.sqrt(6), s[0], 1e-13);
    assertEquals(0, s[1], 0);
    assertEquals(0, s[2], 0);
    checkSvd(rank1.transpose(), 1e-13); // wide: the right vectors are completed instead
    checkSvd(Tensor.zeros(F64, 3, 2), 0);
    checkSvd(Tensor.zeros(F64, 2, 3), 0);
    // Singular values agree with the eigenvalues of AᵀA.
    Tensor a = random(18, 12, 8);
    double[] w = a.transpose().matmul(a).eigh()[0].toDoubleArray();
    double[] sv = a.svd()[1].toDoubleArray();
    for (int i = 0; i < 8; i++) {
      assertEquals(Math.sqrt(w[7 - i]), sv[i], 1e-13);
    }
  }

  @Test
  void svdGradientOfSingularValuesIsExactAtRepeatedValues() {
    // The nuclear norm Σ s has gradient U·Vᵀ; for an orthogonal A (all s = 1) that is A itself.
    Tensor q = random(19, 4, 4).qr()[0];
    Tensor a = q.detach().requiresGrad(true);
    a.svd()[1].sum().backward();
    assertClose(q, a.grad(), 1e-13);
  }

  // ---------------------------------------------------------------- symmetric-input contract

  @Test
  void choleskyAndEighDerivativesTreatTheInputAsSymmetric() {
    Tensor a = spd(20, 3);
    Tensor u = random(21, 3, 3); // not symmetric
    List<Function<Tensor, Tensor>> fs = List.of(Tensor::cholesky, x -> {
      Tensor[] e = x.eigh();
      return Tensor.concat(0, e[0].unsqueeze(0), e[1]);
    });
    for (Function<Tensor, Tensor> f : fs) {
      Tensor ju = Functional.jvp(f, a, u).tangent();
      assertClose(Functional.jvp(f, a, LinalgOps.sym(u)).tangent(), ju, 1e-14);
      Tensor v = Tensor.uniform(new SplittableRandom(22), F64, -1, 1, ju.shape().dims());
      Tensor g = Functional.vjp(f, a, v);
      assertClose(g.transpose(), g, 1e-14);
      assertEquals(v.mul(ju).sum().item(), g.mul(u).sum().item(), 1e-12, "<v, J·u> = <Jᵀ·v, u>");
    }
  }

  // ---------------------------------------------------------------- outer, trace

  @Test
  void outerAndTraceMatchLoopsAndDifferentiate() {
    Tensor a = Tensor.of(new double[] {1, 2, 3});
    Tensor b = Tensor.of(new double[] {4, 5});
    assertClose(Tensor.of(new double[][] {{4, 5}, {8, 10}, {12, 15}}), a.outer(b), 0);
    Tensor m = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    assertEquals(6, m.trace().item(), 0, "rectangular: 1 + 5");
    Tensor stack = Tensor.stack(0, m, m.mul(2.0));
    assertArrayEquals(new double[] {6, 12}, stack.trace().toDoubleArray(), 0);
    assertEquals(DType.INT64, Tensor.of(new int[] {1, 2, 3, 4}, 2, 2).trace().dtype());
    GradCheck.create().secondOrder(true).forwardMode(true)
        .check(in -> in[0].outer(in[1]).trace(), random(23, 3), random(24, 3));
  }

  @Test
  void emptyMatricesAndEmptyBatchesHaveTheShapesTheirDefinitionsGive() {
    Tensor e = Tensor.zeros(F64, 0, 0);
    assertEquals(Shape.of(0, 0), e.inverse().shape());
    assertEquals(Shape.of(0, 2), e.solve(Tensor.zeros(F64, 0, 2)).shape());
    assertEquals(Shape.of(0, 0), e.cholesky().shape());
    assertEquals(Shape.of(0), e.eigh()[0].shape());
    Tensor batch0 = Tensor.zeros(F64, 0, 3, 3);
    assertEquals(Shape.of(0), batch0.det().shape());
    assertEquals(Shape.of(0, 3, 3), batch0.inverse().shape());
    assertEquals(Shape.of(0, 3), batch0.eigh()[0].shape());
    Tensor[] qr = Tensor.zeros(F64, 3, 0).qr();
    assertEquals(Shape.of(3, 0), qr[0].shape());
    assertEquals(Shape.of(0, 0), qr[1].shape());
    Tensor[] usv = Tensor.zeros(F64, 0, 4).svd();
    assertEquals(Shape.of(0, 0), usv[0].shape());
    assertEquals(Shape.of(0), usv[1].shape());
    assertEquals(Shape.of(0, 4), usv[2].shape());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void shapeAndDtypeErrorsNameTheOpAndShape() {
    assertEquals("det: expected a square matrix or a batch of them [..., n, n], got shape [2, 3]",
        message(() -> Tensor.zeros(F64, 2, 3).det()));
    assertEquals("inverse: expected a square matrix or a batch of them [..., n, n], got shape "
        + "[3]", message(() -> Tensor.zeros(F64, 3).inverse()));
    assertEquals("cholesky: needs a floating-point matrix, got int64 (convert with to(DType))",
        message(() -> Tensor.of(new long[] {1, 0, 0, 1}, 2, 2).cholesky()));
    assertEquals("qr: expected a matrix or a batch of them [..., m, n], got shape [4]",
        message(() -> Tensor.zeros(F64, 4).qr()));
    assertEquals("svd: needs a floating-point matrix, got bool (convert with to(DType))",
        message(() -> Tensor.of(new boolean[] {true, false}, 1, 2).svd()));
    assertEquals("solve: expected A [..., n, n] and B [..., n, k] or [..., n], got A [3, 3] and "
        + "B [2]", message(() -> Tensor.eye(F64, 3).solve(Tensor.zeros(F64, 2))));
    assertEquals("solve: batch dims of A [2, 3, 3] and B [4, 3, 1] do not broadcast (solve: "
        + "cannot broadcast [2] with [4]: axis 0 has sizes 2 and 4 (must be equal or 1))",
        message(() -> Tensor.zeros(F64, 2, 3, 3).solve(Tensor.zeros(F64, 4, 3, 1))));
    assertEquals("solve: needs a floating-point matrix, got int64 (convert with to(DType))",
        message(() -> Tensor.of(new long[] {1}, 1, 1).solve(Tensor.of(new long[] {1}))));
    assertEquals(DType.FLOAT32, Tensor.eye(DType.FLOAT32, 2).solve(Tensor.of(new long[] {1, 2}))
        .dtype(), "an integer right-hand side takes A's dtype");
    assertEquals("solve_triangular: expected A [..., n, n] and B [..., n, k], got A [3, 3] and B "
        + "[3]", message(() -> Tensor.eye(F64, 3).solveTriangular(Tensor.zeros(F64, 3), true,
            false, false)));
    assertEquals("outer: expects two vectors, got shapes [2, 2] and [3]",
        message(() -> Tensor.zeros(F64, 2, 2).outer(Tensor.zeros(F64, 3))));
    assertEquals("trace: expects a matrix or a batch of them [..., m, n], got shape [3]",
        message(() -> Tensor.zeros(F64, 3).trace()));
  }

  @Test
  void singularAndIndefiniteMatricesAreNamedWithTheirPivot() {
    Tensor s = Tensor.of(new double[][] {{1, 2, 3}, {2, 4, 6}, {1, 0, 1}});
    double[] before = s.toDoubleArray();
    assertEquals("inverse: matrix [3, 3] is singular (pivot 2 is 0)", message(s::inverse));
    assertArrayEquals(before, s.toDoubleArray(), 0, "nothing modified");
    assertEquals("solve: matrix [3, 3] is singular (pivot 2 is 0)",
        message(() -> s.solve(Tensor.ones(F64, 3))));
    Tensor batch = Tensor.stack(0, Tensor.eye(F64, 2), Tensor.of(new double[][] {{1, 2}, {2, 4}}));
    assertEquals("inverse: matrix [1] of the batch [2, 2, 2] is singular (pivot 1 is 0)",
        message(batch::inverse));
    Tensor indefinite = Tensor.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, -0.5}});
    assertEquals("cholesky: matrix [3, 3] is not positive definite (pivot 2 is -0.5)",
        message(indefinite::cholesky));
    Tensor spdThenNot = Tensor.stack(0, Tensor.eye(F64, 2), Tensor.of(new double[][] {{1, 2},
        {2, 1}})).reshape(1, 2, 2, 2);
    assertEquals("cholesky: matrix [0, 1] of the batch [1, 2, 2, 2] is not positive definite "
        + "(pivot 1 is -3)", message(spdThenNot::cholesky));
    assertEquals("solve_triangular: matrix [2, 2] is singular (diagonal entry 1 is 0)",
        message(() -> Tensor.of(new double[][] {{1, 0}, {5, 0}}).solveTriangular(
            Tensor.ones(F64, 2, 1), false, false, false)));
  }

  @Test
  void nonFiniteEntriesAreRefusedByTheIterativeDecompositions() {
    assertEquals("eigh: matrix [2, 2] has a non-finite entry NaN at [1, 0]",
        message(() -> Tensor.of(new double[][] {{1, 5}, {Double.NaN, 1}}).eigh()));
    // The upper triangle is not read, so a NaN there is harmless.
    assertClose(Tensor.of(new double[] {1, 3}),
        Tensor.of(new double[][] {{2, Double.NaN}, {1, 2}}).eigh()[0], 1e-15);
    assertEquals("svd: matrix [1] of the batch [2, 1, 2] has a non-finite entry Infinity at "
        + "[0, 1]", message(() -> Tensor.of(new double[] {1, 2, 3, Double.POSITIVE_INFINITY},
            2, 1, 2).svd()));
  }
}
