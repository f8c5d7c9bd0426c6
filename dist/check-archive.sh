#!/usr/bin/env bash
# Checks that the release archive runs on its own: no Maven, no source tree, no network, nothing on
# PATH but java. Builds the archive when it is missing or older than the sources (./axiom dist),
# unpacks it into an empty temporary folder, and from another working directory, with a fresh HOME
# (so libtorch comes out of the archive's jar, not a cache), runs a one-epoch training, evaluate,
# export and serve-check (ONNX Runtime) on it, and the quick sparsity experiment; then --version
# through a symlink. Prints the archive's size and each step's time. `.ci/run` calls it.
set -euo pipefail
trap 'echo "check-archive: FAILED at line $LINENO: $BASH_COMMAND" >&2' ERR
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's|^  <version>\(.*\)</version>$|\1|p' "$root/pom.xml" | sed -n 1p)  # the parent pom's
archive="$root/dist/target/axiom-$version.tar.gz"

fail() {
  echo "check-archive: FAILED: $*" >&2
  exit 1
}

# 1. The archive, rebuilt when a file outside target/ folders is newer than it.
newer=
[ -f "$archive" ] && newer=$(find "$root/pom.xml" "$root/README.md" "$root/CHANGELOG.md" "$root/conf" \
    "$root/modules" "$root/actors" "$root/dist/pom.xml" "$root/dist/src" -name target -prune -o -type f -newer "$archive" -print -quit)
if [ ! -f "$archive" ] || [ -n "$newer" ]; then
  start=$SECONDS
  "$root/axiom" dist >/dev/null
  echo "check-archive: built $archive ($((SECONDS - start)) s)"
fi
[ -f "$archive" ] || fail "no archive at $archive"
echo "check-archive: archive size $(du -h "$archive" | cut -f1) ($(stat -c %s "$archive") bytes)"

# 2. Unpacked into an empty folder outside the source tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case "$work/" in "$root"/*) fail "the temporary folder $work is inside the source tree" ;; esac
mkdir "$work/unpacked" "$work/cwd" "$work/home"
tar -xzf "$archive" -C "$work/unpacked"
home="$work/unpacked/axiom-$version"

# 3. What must be inside: the launcher, every jar that lib/classpath.txt names (libtorch's native
#    jar and ONNX Runtime among them), the presets, the README and the licences.
[ -x "$home/bin/axiom" ] || fail "bin/axiom is missing or not executable"
for f in README.md conf/demo.conf conf/tabular-sparsity.conf licenses/THIRD-PARTY.txt lib/classpath.txt; do
  [ -f "$home/$f" ] || fail "$f is missing"
done
ls "$home"/lib/pytorch-native-cpu-*.jar "$home"/lib/onnxruntime-*.jar >/dev/null || fail "libtorch or ONNX Runtime is missing"
entries=$(tr ':' ' ' < "$home/lib/classpath.txt")
for jar in $entries; do
  [ -f "$home/$jar" ] || fail "lib/classpath.txt names $jar, which is not in the archive"
done
jars=$(find "$home/lib" -name '*.jar' | wc -l)
# shellcheck disable=SC2086
[ "$jars" -eq "$(printf '%s\n' $entries | wc -l)" ] || fail "lib/ has jars that lib/classpath.txt does not name"
echo "check-archive: unpacked into $home ($jars jars, $(du -sh "$home" | cut -f1))"

# 4. The commands, from another working directory, with only java's own folder on PATH. Java takes
#    the home folder from the password file, not $HOME, so DJL_CACHE_DIR points DJL's cache into the
#    fresh HOME: libtorch is unpacked from lib/, not found in an earlier run's ~/.djl.ai.
java_dir=$(dirname "$(readlink -f "$(command -v java)")")
touch "$work/before-runs"
run() {
  echo "check-archive: bin/axiom $*"
  local start=$SECONDS
  (cd "$work/cwd" && env -i PATH="$java_dir" HOME="$work/home" DJL_CACHE_DIR="$work/home/.djl.ai" \
      "$home/bin/axiom" "$@") || fail "bin/axiom $* exited with $?"
  echo "check-archive:   done in $((SECONDS - start)) s"
}
run train --set axiom.train.epochs=1 --out "$work/run"
[ -f "$work/run/report.md" ] || fail "train wrote no report.md"
# ONNX Runtime from the archive too (its native library, CLASSPATH rather than a long command line).
run evaluate --run "$work/run"
run export "$work/run" --out "$work/model.onnx"
run serve-check "$work/model.onnx" --run "$work/run" --limit 20
run experiment sparsity --quick --out "$work/exp"
[ -f "$work/exp/report.md" ] && [ -f "$work/exp/results.json" ] || fail "the experiment wrote no report.md or results.json"
[ -d "$work/home/.djl.ai/pytorch" ] || fail "DJL did not unpack libtorch into the fresh cache"
echo "check-archive: libtorch unpacked from lib/ into a fresh DJL cache ($(du -sh "$work/home/.djl.ai" | cut -f1))"
written=$(find "$home" -newer "$work/before-runs" -print -quit)
[ -z "$written" ] || fail "the commands wrote into the archive's folder: $written"

# 5. Through a symlink, from yet another folder (readlink is on PATH here, as on any Linux).
ln -s "$home/bin/axiom" "$work/cwd/axiom-link"
out=$(cd "$work/home" && env -i PATH="$java_dir:$(dirname "$(command -v readlink)")" HOME="$work/home" \
    "$work/cwd/axiom-link" --version) || fail "bin/axiom --version through a symlink failed"
[ "$out" = "axiom $version" ] || fail "bin/axiom --version printed '$out', not 'axiom $version'"
echo "check-archive: through a symlink: $out"

echo "check-archive: OK ($archive, $(du -h "$archive" | cut -f1))"
