#!/bin/bash
# olrd stream end to end at batch 1 (online_full, fused engine, Adam every step; 2 layers, H = 64,
# N = 32, the drift task, 3,000 steps): two checkouts side by side, interleaved, 3 rounds.
# Usage: bash bench/stream-ab.sh OLD_CHECKOUT NEW_CHECKOUT   (both built with `pnpm build`)
# e.g. git worktree add --detach ../olrd-old e88aa1d && (cd ../olrd-old && pnpm i --offline && pnpm build)
set -euo pipefail
old=${1:?usage: bench/stream-ab.sh OLD_CHECKOUT NEW_CHECKOUT}
new=${2:?usage: bench/stream-ab.sh OLD_CHECKOUT NEW_CHECKOUT}
work=$(mktemp -d)
for round in 1 2 3; do
  for side in old new; do
    root=$old; [ "$side" = new ] && root=$new
    out=$work/$side-$round
    node "$root/apps/cli/dist/olrd.js" stream --steps 3000 --d-model 64 --d-hidden 32 \
      --engine fused --out "$out" > /dev/null
    node -e "const s = require('$out/summary.json'); console.log('$side round $round:', Math.round(s.stepsPerSecond), 'steps/s')"
  done
done
rm -rf "$work"
