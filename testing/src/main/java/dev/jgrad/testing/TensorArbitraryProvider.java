package dev.jgrad.testing;

import dev.jgrad.Tensor;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.providers.ArbitraryProvider;
import net.jqwik.api.providers.TypeUsage;

/**
 * Lets jqwik properties take {@code @ForAll Tensor} parameters, configured by
 * {@link TensorSpec} (its defaults without one). Registered through {@code META-INF/services}
 * and the module descriptor, so having jgrad-testing and jqwik on the test path is enough.
 */
public final class TensorArbitraryProvider implements ArbitraryProvider {
  /** Public no-argument constructor for ServiceLoader. */
  public TensorArbitraryProvider() {}

  /**
   * Whether the parameter is a {@link Tensor}.
   *
   * @param targetType the parameter's type
   * @return true for {@code Tensor}
   */
  @Override
  public boolean canProvideFor(TypeUsage targetType) {
    return targetType.isOfType(Tensor.class);
  }

  /**
   * The tensors its {@link TensorSpec} (or the defaults) describes.
   *
   * @param targetType the parameter's type and annotations
   * @param subtypeProvider unused
   * @return one arbitrary
   * @throws IllegalArgumentException if the spec is inconsistent
   */
  @Override
  public Set<Arbitrary<?>> provideFor(TypeUsage targetType, SubtypeProvider subtypeProvider) {
    return Set.of(targetType.findAnnotation(TensorSpec.class)
        .map(TensorArbitraries::fromSpec).orElseGet(TensorArbitraries::tensors));
  }
}
