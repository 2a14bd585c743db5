package dev.jgrad.testing;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.DType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Shrinkable;
import net.jqwik.api.ShrinkingDistance;

/**
 * The element values of generated tensors. The allowed values are {@code [min, max]} minus the
 * neighbourhoods {@code |x - p| < margin} (and the points {@code p} themselves) of the avoided
 * points: a union of closed intervals on a decimal grid of {@value #SIGNIFICANT_DIGITS}
 * significant digits for the range's magnitude. Values are drawn uniformly from the grid (so
 * each interval in proportion to its length; no bias toward 0 and no edge cases, unlike jqwik's
 * own doubles, whose 0.01 grid and edge values 0 and ±1 sit on the kinks of common functions).
 * A value shrinks toward its interval's value nearest to 0, trying the simplest decimals first
 * (fewer digits, then steps of 5, 2 and 1 in each decimal place), so a counterexample is short to
 * read and reached in a few hundred evaluations rather than jqwik's tens of thousands at this
 * precision.
 */
final class ElementValues {
  /** Significant decimal digits of generated values (a double holds 15-17). */
  static final int SIGNIFICANT_DIGITS = 12;

  /** A closed piece {@code [lo, hi]} of the allowed values, its ends on the grid. */
  record Interval(BigDecimal lo, BigDecimal hi) {}

  private final DType dtype;
  private final double min;
  private final double max;
  private final double margin;
  private final double[] avoid;
  private final int scale;
  private final List<Interval> pieces;
  private final BigInteger[] counts; // grid values per piece
  private final BigInteger total;

  /**
   * The values of a spec.
   *
   * @throws IllegalArgumentException if the bounds, the margin or a point are not finite,
   *     {@code min > max}, the margin is negative, or no value of the range keeps the margin
   *     from every point
   */
  ElementValues(DType dtype, double min, double max, double margin, double[] avoid) {
    this.dtype = dtype;
    this.min = min;
    this.max = max;
    this.margin = margin;
    this.avoid = avoid.clone();
    this.pieces = allowed(min, max, margin, avoid);
    this.scale = scale(min, max);
    this.counts = new BigInteger[pieces.size()];
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = gridSteps(pieces.get(i).lo(), pieces.get(i).hi()).add(BigInteger.ONE);
      sum = sum.add(counts[i]);
    }
    this.total = sum;
  }

  /**
   * One value, uniform over the allowed grid values (redrawn if rounding to float32 moves it
   * out of the range or into an avoided neighbourhood).
   *
   * @throws IllegalStateException if 1,000 draws in a row were all rounded out
   */
  Shrinkable<Double> next(Random random) {
    for (int attempt = 0; attempt < 1000; attempt++) {
      BigInteger k = below(total, random);
      int piece = 0;
      while (k.compareTo(counts[piece]) >= 0) {
        k = k.subtract(counts[piece]);
        piece++;
      }
      Interval in = pieces.get(piece);
      BigDecimal v = in.lo().add(new BigDecimal(k, scale));
      if (accepts(v)) {
        return new Value(v, target(in));
      }
    }
    throw new IllegalStateException("TensorSpec: 1000 draws in [" + min + ", " + max + "] were "
        + "all out of range or too close to avoid " + Arrays.toString(avoid) + " once rounded to "
        + dtype);
  }

  /** A value as the tensor holds it: rounded to float32 for FLOAT32. */
  private double rounded(BigDecimal v) {
    double x = v.doubleValue();
    return dtype == DType.FLOAT32 ? (float) x : x;
  }

  private boolean accepts(BigDecimal v) {
    double x = rounded(v);
    return min <= x && x <= max && keepsAway(x, margin, avoid);
  }

  /** The piece's value nearest to 0. */
  private static BigDecimal target(Interval in) {
    return in.lo().signum() > 0 ? in.lo() : in.hi().signum() < 0 ? in.hi()
        : BigDecimal.ZERO.setScale(in.lo().scale());
  }

  private BigInteger gridSteps(BigDecimal from, BigDecimal to) {
    return to.subtract(from).abs().movePointRight(scale).toBigIntegerExact();
  }

  private static BigInteger below(BigInteger n, Random random) {
    BigInteger k;
    do {
      k = new BigInteger(n.bitLength(), random);
    } while (k.compareTo(n) >= 0);
    return k;
  }

  /** An element value and its shrinking toward {@code target}, within its piece. */
  private final class Value implements Shrinkable<Double> {
    private final BigDecimal v;
    private final BigDecimal target;

    Value(BigDecimal v, BigDecimal target) {
      this.v = v;
      this.target = target;
    }

    @Override
    public Double value() {
      return rounded(v);
    }

    @Override
    public Stream<Shrinkable<Double>> shrink() {
      int side = v.compareTo(target);
      if (side == 0) {
        return Stream.empty();
      }
      Set<BigDecimal> candidates = new LinkedHashSet<>();
      candidates.add(target);
      int coarsest = scale - SIGNIFICANT_DIGITS + 1;
      for (int k = coarsest; k <= scale; k++) {
        candidates.add(v.setScale(k, side > 0 ? RoundingMode.FLOOR : RoundingMode.CEILING)
            .setScale(scale));
      }
      for (int k = coarsest; k <= scale; k++) {
        for (int m : new int[] {5, 2, 1}) {
          BigDecimal step = BigDecimal.valueOf(m).movePointLeft(k);
          candidates.add(side > 0 ? v.subtract(step) : v.add(step));
        }
      }
      BigDecimal distance = v.subtract(target).abs();
      return candidates.stream()
          .filter(c -> c.subtract(target).signum() * side >= 0 // not past the target
              && c.subtract(target).abs().compareTo(distance) < 0 && accepts(c))
          .map(c -> new Value(c, target));
    }

    @Override
    public ShrinkingDistance distance() {
      // Grid steps from the target, capped so that a million elements' distances still add up.
      BigInteger steps = gridSteps(v, target);
      return ShrinkingDistance.of(steps.min(BigInteger.ONE.shiftLeft(42)).longValueExact());
    }

    @Override
    public String toString() {
      return v.toPlainString();
    }
  }

  /**
   * Whether {@code x} is none of the points and at least {@code margin} from each (in double
   * arithmetic, as a user's own check would compute it).
   *
   * @param x a value
   * @param margin the distance to keep
   * @param avoid the points
   * @return true if {@code x != p} and {@code |x - p| >= margin} for every point {@code p}
   */
  static boolean keepsAway(double x, double margin, double... avoid) {
    for (double p : avoid) {
      if (x == p || Math.abs(x - p) < margin) {
        return false;
      }
    }
    return true;
  }

  /**
   * The allowed values of {@code [min, max]}: ordered, disjoint closed intervals whose ends lie
   * on the grid (see {@link #scale}) and keep the margin from every point.
   *
   * @throws IllegalArgumentException as the constructor
   */
  static List<Interval> allowed(double min, double max, double margin, double[] avoid) {
    checkArgument(Double.isFinite(min) && Double.isFinite(max) && min <= max,
        "TensorSpec: need finite min <= max, got min %s and max %s", min, max);
    checkArgument(Double.isFinite(margin) && margin >= 0,
        "TensorSpec: margin must be finite and >= 0, got %s", margin);
    for (double p : avoid) {
      checkArgument(Double.isFinite(p), "TensorSpec: avoided points must be finite, got %s",
          Arrays.toString(avoid));
    }
    int scale = scale(min, max);
    BigDecimal step = BigDecimal.ONE.movePointLeft(scale);
    // A single value is kept as it is; a range is cut to the grid.
    BigDecimal lo = min == max ? BigDecimal.valueOf(min)
        : BigDecimal.valueOf(min).setScale(scale, RoundingMode.CEILING);
    BigDecimal hi = min == max ? lo : BigDecimal.valueOf(max).setScale(scale, RoundingMode.FLOOR);
    checkArgument(lo.compareTo(hi) <= 0, "TensorSpec: [%s, %s] is narrower than the grid of "
        + "generated values (%s significant digits); widen it or use min == max", min, max,
        SIGNIFICANT_DIGITS);
    List<Interval> pieces = new ArrayList<>();
    pieces.add(new Interval(lo, hi));
    for (double p : avoid) {
      // The grid values nearest to p that keep the margin; beyond [lo, hi] they do not matter
      // (and stopping there keeps the step above the spacing of doubles).
      BigDecimal below = BigDecimal.valueOf(p - margin).setScale(scale, RoundingMode.FLOOR);
      while (inside(below, lo, hi) && !keepsAway(below.doubleValue(), margin, p)) {
        below = below.subtract(step);
      }
      BigDecimal above = BigDecimal.valueOf(p + margin).setScale(scale, RoundingMode.CEILING);
      while (inside(above, lo, hi) && !keepsAway(above.doubleValue(), margin, p)) {
        above = above.add(step);
      }
      List<Interval> next = new ArrayList<>();
      for (Interval in : pieces) {
        addIfNonEmpty(next, in.lo(), below.min(in.hi()));
        addIfNonEmpty(next, above.max(in.lo()), in.hi());
      }
      pieces = next;
    }
    checkArgument(!pieces.isEmpty(), "TensorSpec: no value in [%s, %s] is at least %s away "
        + "from every point of avoid %s", min, max, margin, Arrays.toString(avoid));
    return pieces;
  }

  /**
   * Decimals of the grid: {@value #SIGNIFICANT_DIGITS} significant digits at the larger
   * magnitude of the bounds (11 decimals for {@code [-2, 2]}), at least 0.
   */
  static int scale(double min, double max) {
    double magnitude = Math.max(Math.abs(min), Math.abs(max));
    if (magnitude == 0) {
      return SIGNIFICANT_DIGITS - 1;
    }
    int exponent = (int) Math.floor(Math.log10(magnitude));
    return Math.max(0, SIGNIFICANT_DIGITS - 1 - exponent);
  }

  private static boolean inside(BigDecimal x, BigDecimal lo, BigDecimal hi) {
    return x.compareTo(lo) >= 0 && x.compareTo(hi) <= 0;
  }

  private static void addIfNonEmpty(List<Interval> out, BigDecimal lo, BigDecimal hi) {
    if (lo.compareTo(hi) <= 0) {
      out.add(new Interval(lo, hi));
    }
  }
}
