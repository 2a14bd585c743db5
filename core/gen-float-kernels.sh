#!/usr/bin/env bash
# Generates the float32 kernels (GemmF, VectorGemmF) from the float64 ones: edit the *D.java
# files, then run this. KernelSourcesTest fails when a generated file is out of date.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/src/main/java/dev/jgrad/kernels"
for base in GemmD VectorGemmD; do
  {
    echo "// Generated from $base.java by core/gen-float-kernels.sh: do not edit."
    sed -e 's/Double/Float/g; s/double/float/g; s/Float64/Float32/g' \
        -e 's/GemmD\b/GemmF/g; s/\b0\.0\b/0f/g' "$dir/$base.java"
  } > "$dir/${base%D}F.java"
done
