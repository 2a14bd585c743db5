package dev.jgrad.testing;

import dev.jgrad.DType;
import dev.jgrad.Tensor;
import java.lang.annotation.Annotation;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets jqwik properties take {@code @ForAll Tensor} parameters, configured by
 * {@link TensorSpec}. Registered through {@code META-INF/services} and the module descriptor,
 * so having jgrad-core and jqwik on the test class path is enough.
 */
public final class TensorArbitraryProvider implements ArbitraryProvider {
  /** The defaults documented on {@link TensorSpec}. */
  private static final TensorSpec DEFAULT = new TensorSpec() {
    @Override
    public Class<? extends Annotation> annotationType() {
      return TensorSpec.class;
    }

    @Override
    public int[] shape() {
      return new int[0];
    }

    @Override
    public int maxRank() {
      return 3;
    }

    @Override
    public int maxDim() {
      return 4;
    }

    @Override
    public double min() {
      return -2;
    }

    @Override
    public double max() {
      return 2;
    }

    @Override
    public DType dtype() {
      return DType.FLOAT64;
    }
  };

  /** Public no-argument constructor for ServiceLoader. */
  public TensorArbitraryProvider() {}

  @Override
  public boolean canProvideFor(TypeUsage targetType) {
    return targetType.isOfType(Tensor.class);
  }

  @Override
  public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
    TensorSpec spec = targetType.findAnnotation(TensorSpec.class).orElse(DEFAULT);
    return Set.of(TensorArbitraries.fromSpec(spec));
  }
}
