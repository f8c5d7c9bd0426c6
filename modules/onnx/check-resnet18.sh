#!/usr/bin/env bash
# Checks Axiom's ONNX import on torchvision's resnet18 (too large to commit, 280 MB with its golden
# values): PyTorch (Debian's python3-torch and python3-torchvision) exports it and computes the
# golden numbers in float64 and float32, then ImportedFixturesTest compares Axiom's with them
# (logits, input gradients, expected gradients, and the parameter gradients of cross-entropy +
# λ·TV(EG) in train mode), as for the committed fixtures.
# Usage: modules/onnx/check-resnet18.sh [DIR]   (needs ../shared/peers/setup.sh and
#        apt-get install python3-torchvision python3-onnx once)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-/tmp/axiom-resnet18-fixture}
/usr/bin/python3 "$root/onnx-models/imported/make_fixtures.py" --model resnet18 --out "$dir"
cd "$root"
mvn -q -B -o install -Dmaven.test.skip=true -pl modules/onnx -am 2>/dev/null || mvn -q -B install -Dmaven.test.skip=true -pl modules/onnx -am
mvn -B -o -pl modules/onnx test -Dtest=ImportedFixturesTest -Daxiom.fixtures="$dir" -Dsurefire.failIfNoSpecifiedTests=false \
  | grep -E '^  |Tests run:|FAIL' 
