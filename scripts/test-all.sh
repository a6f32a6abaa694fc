#!/usr/bin/env bash
# `npm test`: every check, in order, failing fast. Each step prints a header so a failure is
# easy to place. Contracts are compiled first: typecheck and lint need contracts/generated.
set -euo pipefail
cd "$(dirname "$0")/.."

step_no=0
started=$(date +%s)
step() {
  step_no=$((step_no + 1))
  local name="$1"
  shift
  printf '\n\033[1m==> [%d] %s\033[0m  (%s)\n' "$step_no" "$name" "$*"
  local t0
  t0=$(date +%s)
  if ! "$@"; then
    printf '\n\033[1;31m==> FAILED at step %d: %s\033[0m\n' "$step_no" "$name"
    exit 1
  fi
  printf '\033[32m==> ok: %s (%ss)\033[0m\n' "$name" "$(($(date +%s) - t0))"
}

step "contracts: compile (solc-js)" npm run --silent build:contracts
step "typecheck" npm run --silent typecheck
step "lint" npm run --silent lint
step "unit tests" npm run --silent test:unit
step "contract tests (anvil)" npm run --silent test:contracts
step "circuit tests" npm run --silent test:circuits
step "build the web app" npx vite build --logLevel warn
step "bundle budget (initial JS)" npm run --silent check:bundle
step "end-to-end (Playwright + Chromium)" npx playwright test

printf '\n\033[1;32m==> all %d steps passed in %ss\033[0m\n' "$step_no" "$(($(date +%s) - started))"
