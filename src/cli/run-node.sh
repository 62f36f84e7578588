#!/bin/sh
# Node as `npm start` and `npm run dev` run it (README, "Memory" and "Huge pages for the hashes"):
# V8's young generation capped at 2 × 16 MiB, and glibc's large blocks (argon2's 64 MiB) in
# transparent huge pages. Both go ahead of the caller's own NODE_OPTIONS and GLIBC_TUNABLES, so
# theirs win. `exec`: the server replaces this shell and gets npm's signals directly.
NODE_OPTIONS="--max-semi-space-size=16 $NODE_OPTIONS" \
  GLIBC_TUNABLES="glibc.malloc.hugetlb=1${GLIBC_TUNABLES:+:$GLIBC_TUNABLES}" \
  exec node "$@"
