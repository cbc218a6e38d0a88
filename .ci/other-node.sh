#!/usr/bin/env bash
# Runs the kit's unit tests (test/kit/, test/grader/) and the grader's self-proof of the named labs on
# another Node.js. That Node comes from the npm registry (node-<platform>-<arch> ships bin/node and the
# headers node-gyp needs to build better-sqlite3 for its ABI), into .work/node-VERSION/node. The kit is
# copied to .work/node-VERSION/kit and installed from the lock file there by that Node, so this
# checkout's node_modules (Node 20's, used by `npm test`) stays untouched.
# The vitest report lands in .work/node-VERSION/kit/.work/vitest-results.json (for .ci/summary.mjs).
# Usage: bash .ci/other-node.sh VERSION [LAB ...]     e.g. bash .ci/other-node.sh 22.23.5 01 02
# With no LAB, no proof runs.
# Run it after `npm ci` in this checkout: copying the kit uses its tsx.
set -euo pipefail
shopt -s nullglob
cd "$(dirname "$0")/.."

version=${1:?usage: bash .ci/other-node.sh VERSION [LAB ...]}
shift
labs=("$@") # none: the unit tests only (the student edition has no proofs)

base=.work/node-$version
node_dir=$PWD/$base/node
kit=$base/kit
package=node-$(node -p 'process.platform + "-" + process.arch')

# Runs one part in a subshell that stops at its first failing command, and says how long it took.
timed() {
  local label=$1 start=$SECONDS status
  shift
  set +e
  (set -e; "$@")
  status=$?
  set -e
  echo "node $version: $label took $((SECONDS - start)) s$([ "$status" -eq 0 ] || echo " and FAILED (exit $status)")"
  return "$status"
}

fetch_node() {
  if [ "$("$node_dir/bin/node" --version 2>/dev/null)" = "v$version" ] && [ -f "$node_dir/include/node/node.h" ]; then
    echo "node $version: using the copy in $base/node"
    return
  fi
  rm -rf "$node_dir" && mkdir -p "$node_dir"
  # npm pack checks the tarball against the registry's integrity hash.
  local tarball
  tarball=$(cd "$node_dir" && npm pack --loglevel=error "$package@$version")
  tar xzf "$node_dir/$tarball" -C "$node_dir" --strip-components=1
  rm "$node_dir/$tarball"
  if [ ! -f "$node_dir/include/node/node.h" ]; then
    echo "node $version: $package@$version has no include/node headers; node-gyp cannot build for it" >&2
    return 1
  fi
}

install_kit() {
  node --import tsx .ci/copy-kit.ts "$kit"
  # From here on `node`, npm's install scripts and node-gyp all run on this Node and build against
  # its own headers (the machine's npm config points node-gyp at Node 20's).
  (
    export PATH="$node_dir/bin:$PATH" npm_config_nodedir="$node_dir"
    cd "$kit"
    echo "node $(node --version), npm $(npm --version) in $kit"
    npm ci --no-audit --no-fund
    node .ci/check-install.mjs
  )
}

run_tests() {
  local excluded=() proof lab
  for lab in "${labs[@]}"; do
    [ -f "$kit/test/grader/lab$lab-proof.test.ts" ] || { echo "node $version: no test/grader/lab$lab-proof.test.ts" >&2; return 1; }
  done
  for proof in "$kit"/test/grader/lab*-proof.test.ts; do
    lab=$(basename "$proof" | sed -E 's/^lab([0-9]+)-proof\.test\.ts$/\1/')
    [[ " ${labs[*]} " == *" $lab "* ]] || excluded+=(--exclude "test/grader/$(basename "$proof")")
  done
  (
    export PATH="$node_dir/bin:$PATH"
    cd "$kit"
    echo "node $(node --version): test/kit/ and test/grader/ with the proof of lab(s) ${labs[*]:-none}"
    ./node_modules/.bin/vitest run test/kit/ test/grader/ "${excluded[@]}"
  )
}

# No report from an earlier run may stand in for this one's.
rm -rf "$kit"
timed "fetching $package@$version" fetch_node
timed "copying the kit and npm ci" install_kit
timed "the tests" run_tests
