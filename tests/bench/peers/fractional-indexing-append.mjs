#!/usr/bin/env node
// The peer side of tests/bench/bench-fractional-index.c: the same
// measurements through the npm package fractional-indexing 4.0.0.
// Usage: node fractional-indexing-append.mjs NODE_MODULES_DIR KEYS RUNS
// Prints one JSON object per line: {"case", "keys", "ms", "last", "bytes"},
// ms the best of RUNS runs, last the last key made and bytes the length of
// all keys, so the C side can check both made the same keys.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const pkgDir = path.join(path.resolve(process.argv[2]), 'fractional-indexing')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.main
const { generateKeyBetween, generateNKeysBetween } = await import(pathToFileURL(path.join(pkgDir, entry)).href)
const count = Number(process.argv[3] || 100000)
const runs = Number(process.argv[4] || 9)

const cases = {
  // Each key generateKeyBetween(last, null), kept as a board keeps them.
  append: () => {
    const keys = new Array(count)
    let last = null
    for (let i = 0; i < count; i++) keys[i] = last = generateKeyBetween(last, null)
    return keys
  },
  'n_between (null, null)': () => generateNKeysBetween(null, null, count),
  'n_between (a0, a1)': () => generateNKeysBetween('a0', 'a1', count),
}

for (const [name, run] of Object.entries(cases)) {
  let best = Infinity
  let keys
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint()
    keys = run()
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
  }
  const bytes = keys.reduce((sum, k) => sum + k.length, 0)
  console.log(JSON.stringify({ case: name, keys: keys.length, ms: best, last: keys[keys.length - 1], bytes }))
}
