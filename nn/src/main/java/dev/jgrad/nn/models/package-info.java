/**
 * The classic models, in the course's progression: {@link dev.jgrad.nn.models.Perceptron}
 * (its own rule), {@link dev.jgrad.nn.models.Adaline} (batch and stochastic gradient descent on
 * SSE/2), {@link dev.jgrad.nn.models.LogisticRegression}, {@link
 * dev.jgrad.nn.models.SoftmaxRegression}, {@link dev.jgrad.nn.models.MultiLabelClassifier} (K
 * independent sigmoid neurons), {@link dev.jgrad.nn.models.RegressionNetwork}, {@link
 * dev.jgrad.nn.models.ShallowNetwork} and the L-layer {@link dev.jgrad.nn.models.DeepNetwork}
 * builder. All but the perceptron are trained by {@code backward()}.
 */
package dev.jgrad.nn.models;
