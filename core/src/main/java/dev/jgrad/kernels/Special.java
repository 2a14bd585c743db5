package dev.jgrad.kernels;

/**
 * The error function family to full double precision.
 *
 * <ul>
 *   <li>{@link #erf} and {@link #erfc}: W. J. Cody's rational Chebyshev approximations ("Rational
 *       Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631-637), with
 *       the coefficients and the three intervals of his SPECFUN routine CALERF (ACM TOMS
 *       Algorithm 715): {@code erf(x) = x·A(x²)/B(x²)} for {@code |x| <= 0.46875},
 *       {@code erfc(x) = e^(-x²)·C(x)/D(x)} up to 4 and {@code e^(-x²)/x·(1/√π - P(1/x²)/Q(1/x²))}
 *       beyond, {@code e^(-x²)} evaluated as {@code e^(-h²)·e^(-(x-h)(x+h))} with h = x rounded
 *       down to 1/16 so that the rounding of {@code x²} does not cost relative accuracy in the
 *       tail. erfc keeps its relative accuracy down to the underflow near 26.5 (erfc is not
 *       computed as {@code 1 - erf}).
 *   <li>{@link #erfinv}: M. Giles' polynomial approximation ("Approximating the erfinv function",
 *       GPU Computing Gems, Jade Edition, 2011), refined by one Halley step on
 *       {@code erf(x) = y}, taken on {@code erfc(x) = 1 - y} for {@code |y| > 1/2}, where
 *       {@code 1 - y} is exact and the tail keeps its relative accuracy.
 * </ul>
 *
 * The tests compare all three with 700-digit {@code BigDecimal} series.
 */
public final class Special {
  private Special() {}

  /** {@code 2/√π}. */
  public static final double TWO_OVER_SQRT_PI = 1.1283791670955126;

  private static final double INV_SQRT_PI = 0.56418958354775628695;
  private static final double THRESHOLD = 0.46875;
  /** erfc(x) underflows to 0 for x at least this (Cody's XBIG for IEEE double). */
  private static final double UNDERFLOW = 26.543;

  // Cody's coefficients: erf on [0, 0.46875].
  private static final double[] A = {3.16112374387056560e00, 1.13864154151050156e02,
      3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1};
  private static final double[] B = {2.36012909523441209e01, 2.44024637934444173e02,
      1.28261652607737228e03, 2.84423683343917062e03};
  // erfc on (0.46875, 4].
  private static final double[] C = {5.64188496988670089e-1, 8.88314979438837594e00,
      6.61191906371416295e01, 2.98635138197400131e02, 8.81952221241769090e02,
      1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03,
      2.15311535474403846e-8};
  private static final double[] D = {1.57449261107098347e01, 1.17693950891312499e02,
      5.37181101862009858e02, 1.62138957456669019e03, 3.29079923573345963e03,
      4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03};
  // erfc on (4, 26.543).
  private static final double[] P = {3.05326634961232344e-1, 3.60344899949804439e-1,
      1.25781726111229246e-1, 1.60837851487422766e-2, 6.58749161529837803e-4,
      1.63153871373020978e-2};
  private static final double[] Q = {2.56852019228982242e00, 1.87295284992346047e00,
      5.27905102951428412e-1, 6.05183413124413191e-2, 2.33520497626869185e-3};

  /**
   * The error function {@code erf(x) = 2/√π ∫_0^x e^(-t²) dt}: odd, {@code erf(±∞) = ±1},
   * NaN for NaN.
   *
   * @param x the argument
   * @return erf(x)
   */
  public static double erf(double x) {
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      return central(x);
    }
    if (x != x) {
      return x;
    }
    // 1 - c as (1/2 - c) + 1/2: the first difference is exact for c in [1/4, 1] (Cody's form).
    double e = 0.5 - tail(y) + 0.5;
    return x < 0 ? -e : e;
  }

  /**
   * The complementary error function {@code erfc(x) = 1 - erf(x)}, accurate relative to its own
   * size for large x (where {@code 1 - erf(x)} would be all rounding error): {@code erfc(+∞) = 0},
   * {@code erfc(-∞) = 2}, NaN for NaN.
   *
   * @param x the argument
   * @return erfc(x)
   */
  public static double erfc(double x) {
    double y = Math.abs(x);
    if (y <= THRESHOLD) {
      return 1 - central(x);
    }
    if (x != x) {
      return x;
    }
    double c = tail(y);
    return x < 0 ? 2 - c : c;
  }

  /** {@code erf(x) = x·A(x²)/B(x²)} for {@code |x| <= 0.46875}. */
  private static double central(double x) {
    double z = x * x;
    double num = A[4] * z;
    double den = z;
    for (int i = 0; i < 3; i++) {
      num = (num + A[i]) * z;
      den = (den + B[i]) * z;
    }
    return x * (num + A[3]) / (den + B[3]);
  }

  /** {@code erfc(y)} for {@code y > 0.46875} (0 from the underflow threshold on). */
  private static double tail(double y) {
    if (y >= UNDERFLOW) {
      return 0;
    }
    double r;
    if (y <= 4) {
      double num = C[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + C[i]) * y;
        den = (den + D[i]) * y;
      }
      r = (num + C[7]) / (den + D[7]);
    } else {
      double z = 1 / (y * y);
      double num = P[5] * z;
      double den = z;
      for (int i = 0; i < 4; i++) {
        num = (num + P[i]) * z;
        den = (den + Q[i]) * z;
      }
      r = (INV_SQRT_PI - z * (num + P[4]) / (den + Q[4])) / y;
    }
    // e^(-y²) = e^(-h²)·e^(-(y-h)(y+h)): h² is exact, the second factor is close to 1.
    double h = Math.floor(y * 16) / 16;
    return Math.exp(-h * h) * Math.exp(-(y - h) * (y + h)) * r;
  }

  /**
   * The inverse error function: {@code erf(erfinv(y)) = y} for y in (-1, 1), {@code ±∞} at
   * {@code ±1}, NaN outside [-1, 1] and for NaN; odd ({@code erfinv(-0.0) = -0.0}).
   *
   * @param y the argument
   * @return the x with erf(x) = y
   */
  public static double erfinv(double y) {
    double a = Math.abs(y);
    if (!(a < 1)) {
      return a == 1 ? Math.copySign(Double.POSITIVE_INFINITY, y) : Double.NaN;
    }
    if (a == 0) {
      return y;
    }
    // Giles: w = -log(1 - y²), written (1 - a)(1 + a) so that it stays accurate near |y| = 1.
    double w = -Math.log((1 - a) * (1 + a));
    double x = a * (w < 6.25 ? horner(G_CENTRAL, w - 3.125)
        : w < 16 ? horner(G_MIDDLE, Math.sqrt(w) - 3.25) : horner(G_FAR, Math.sqrt(w) - 5));
    // One Halley step on f(x) = erf(x) - a, f'' = -2x·f': x -= δ / (1 + x·δ), δ = f / f'.
    double f = a <= 0.5 ? erf(x) - a : (1 - a) - erfc(x);
    double d = f / (TWO_OVER_SQRT_PI * Math.exp(-x * x));
    x -= d / (1 + x * d);
    return Math.copySign(x, y);
  }

  /** Giles' polynomial for {@code w < 6.25}, in {@code w - 3.125}. */
  private static final double[] G_CENTRAL = {
      -3.6444120640178196996e-21, -1.685059138182016589e-19,
      1.2858480715256400167e-18, 1.115787767802518096e-17, -1.333171662854620906e-16,
      2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
      -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11,
      -5.4154120542946279317e-11, 1.051212273321532285e-09, -4.1126339803469836976e-09,
      -2.9070369957882005086e-08, 4.2347877827932403518e-07, -1.3654692000834678645e-06,
      -1.3882523362786468719e-05, 0.0001867342080340571352, -0.00074070253416626697512,
      -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356};

  /** Giles' polynomial for {@code 6.25 <= w < 16}, in {@code √w - 3.25}. */
  private static final double[] G_MIDDLE = {
      2.2137376921775787049e-09, 9.0756561938885390979e-08,
      -2.7517406297064545428e-07, 1.8239629214389227755e-08, 1.5027403968909827627e-06,
      -4.013867526981545969e-06, 2.9234449089955446044e-06, 1.2475304481671778723e-05,
      -4.7318229009055733981e-05, 6.8284851459573175448e-05, 2.4031110387097893999e-05,
      -0.0003550375203628474796, 0.00095328937973738049703, -0.0016882755560235047313,
      0.0024914420961078508066, -0.0037512085075692412107, 0.005370914553590063617,
      1.0052589676941592334, 3.0838856104922207635};

  /** Giles' polynomial for {@code w >= 16} (up to about 37 in double), in {@code √w - 5}. */
  private static final double[] G_FAR = {
      -2.7109920616438573243e-11, -2.5556418169965252055e-10,
      1.5076572693500548083e-09, -3.7894654401267369937e-09, 7.6157012080783393804e-09,
      -1.4960026627149240478e-08, 2.9147953450901080826e-08, -6.7711997758452339498e-08,
      2.2900482228026654717e-07, -9.9298272942317002539e-07, 4.5260625972231537039e-06,
      -1.9681778105531670567e-05, 7.5995277030017761139e-05, -0.00021503011930044477347,
      -0.00013871931833623122026, 1.0103004648645343977, 4.8499064014085844221};

  /** {@code c[0]·t^(n-1) + ... + c[n-1]} (coefficients from the highest power). */
  private static double horner(double[] c, double t) {
    double p = c[0];
    for (int i = 1; i < c.length; i++) {
      p = p * t + c[i];
    }
    return p;
  }
}
