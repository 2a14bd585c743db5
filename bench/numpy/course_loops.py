"""The course's NumPy code for the two cat/non-cat training loops, timed per iteration on
synthetic float64 data of the same shapes as CourseLoopsBench (X [12288, 209] in [0, 1), 0/1
labels): logistic regression (lr 0.005) and the L-layer network [12288, 20, 7, 5, 1] (ReLU,
sigmoid output, lr 0.0075, init randn / sqrt(n_prev)).

    OPENBLAS_NUM_THREADS=1 python3 bench/numpy/course_loops.py   # and =2

Prints the median and best milliseconds per iteration over 7 rounds of 20 iterations.
"""
import time

import numpy as np

rng = np.random.default_rng(7)
X = rng.random((12288, 209))
Y = rng.integers(0, 2, (1, 209)).astype(np.float64)
m = X.shape[1]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


w = np.zeros((12288, 1))
b = 0.0


def logistic_step():
    global w, b
    A = sigmoid(w.T @ X + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    dw = X @ (A - Y).T / m
    db = np.sum(A - Y) / m
    w = w - 0.005 * dw
    b = b - 0.005 * db
    return cost


dims = [12288, 20, 7, 5, 1]
params = {}
for l in range(1, len(dims)):
    params["W%d" % l] = rng.standard_normal((dims[l], dims[l - 1])) / np.sqrt(dims[l - 1])
    params["b%d" % l] = np.zeros((dims[l], 1))
L = len(dims) - 1


def deep_step():
    caches = []
    A = X
    for l in range(1, L + 1):
        Z = params["W%d" % l] @ A + params["b%d" % l]
        caches.append((A, Z))
        A = np.maximum(0, Z) if l < L else sigmoid(Z)
    AL = A
    cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m
    dA = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    for l in range(L, 0, -1):
        A_prev, Z = caches[l - 1]
        if l == L:
            s = sigmoid(Z)
            dZ = dA * s * (1 - s)
        else:
            dZ = np.array(dA, copy=True)
            dZ[Z <= 0] = 0
        dW = dZ @ A_prev.T / m
        db = np.sum(dZ, axis=1, keepdims=True) / m
        dA = params["W%d" % l].T @ dZ
        params["W%d" % l] -= 0.0075 * dW
        params["b%d" % l] -= 0.0075 * db
    return cost


for name, step in (("logisticRegression", logistic_step), ("deepNetwork", deep_step)):
    for _ in range(20):
        step()
    rounds = []
    for _ in range(7):
        t = time.perf_counter()
        for _ in range(20):
            step()
        rounds.append((time.perf_counter() - t) / 20 * 1e3)
    rounds.sort()
    print("%-20s median %.3f ms  best %.3f ms per iteration" % (name, rounds[3], rounds[0]))
