/**
 * The classic models, in the course's progression: {@link dev.jgrad.nn.models.Perceptron}
 * (whose SGD steps are Rosenblatt's rule), {@link dev.jgrad.nn.models.Adaline} (batch and
 * stochastic gradient descent on SSE/2), {@link dev.jgrad.nn.models.LogisticRegression}, {@link
 * dev.jgrad.nn.models.SoftmaxRegression}, {@link dev.jgrad.nn.models.MultiLabelClassifier} (K
 * independent sigmoid neurons), {@link dev.jgrad.nn.models.RegressionNetwork}, {@link
 * dev.jgrad.nn.models.ShallowNetwork} and the L-layer {@link dev.jgrad.nn.models.DeepNetwork}
 * builder. All are {@link dev.jgrad.nn.models.Network}s trained the same way,
 * {@code model.fit(loader, optimizer, epochs)}, by {@code backward()}; their constructors keep
 * the course's defaults.
 */
package dev.jgrad.nn.models;
