#!/usr/bin/env bash
# `scripts/check-clean.sh DIR…`: fails when git sees any change under DIR (modified, deleted or new untracked
# files), printing what differs. CI runs it on web/src/api/ after `npm run gen:api` to catch client drift.
set -euo pipefail
drift=$(git status --porcelain --untracked-files=all -- "$@")
if [ -n "$drift" ]; then
  echo "$drift"
  git diff -- "$@" | head -200
  exit 1
fi
