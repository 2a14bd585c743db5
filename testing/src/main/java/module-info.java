/**
 * jgrad testing: jqwik arbitraries for tensors, so a property can take {@code @ForAll Tensor}
 * parameters configured by {@code @TensorSpec}. Its own module (not part of
 * {@code dev.jgrad.core}) so that core has no optional jqwik edge: an optional
 * {@code requires static net.jqwik.api} in core made Maven put jqwik and JUnit's
 * {@code junit-platform-commons} on the module path of every modular user, where Surefire's
 * launcher, on the class path, could no longer read them.
 */
module dev.jgrad.testing {
  requires transitive dev.jgrad.core;
  requires transitive net.jqwik.api;
  requires com.google.common;

  exports dev.jgrad.testing;

  // jqwik finds the @ForAll Tensor provider with ServiceLoader: this clause on the module path,
  // META-INF/services on the class path.
  provides net.jqwik.api.providers.ArbitraryProvider
      with dev.jgrad.testing.TensorArbitraryProvider;
}
