#!/usr/bin/env node
// The peer side of tests/bench/bench-ot.c: the same measurements through
// the npm package ot-text-unicode.
// Usage: node ot-text-unicode-bench.js NODE_MODULES_DIR TRANSFORM_PAIRS TRACE...
// Prints one JSON object per line: {"trace", "ops", "ms"} per trace, then
// {"transforms", "per_second"}.
'use strict'

const path = require('path')
const fs = require('fs')
const zlib = require('zlib')
const { type } = require(path.join(path.resolve(process.argv[2]), 'ot-text-unicode'))
const pairs = Number(process.argv[3])
const traces = process.argv.slice(4)

for (const file of traces) {
  const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)))
  const ops = []
  for (const txn of trace.txns) {
    for (const [pos, del, ins] of txn.patches) {
      ops.push(type.normalize([pos, { d: del }, ins]))
    }
  }
  let doc = trace.startContent || ''
  const start = process.hrtime.bigint()
  for (const op of ops) doc = type.apply(doc, op)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (doc !== trace.endContent) throw Error('ot-text-unicode replay of ' + file + ' mismatched')
  console.log(JSON.stringify({ trace: path.basename(file), ops: ops.length, ms }))
}

// Single-keystroke operations on a 1000-character document: insert one
// character or delete one, at a random place; seeded xorshift32.
let seed = 2463534242
const rand = n => {
  seed ^= seed << 13; seed >>>= 0
  seed ^= seed >>> 17
  seed ^= seed << 5; seed >>>= 0
  return seed % n
}
const keystroke = () => {
  const pos = rand(1000)
  return type.normalize(rand(3) === 0 ? [pos, { d: 1 }] : [pos, 'k'])
}
const a = []; const b = []
for (let i = 0; i < 4096; i++) { a.push(keystroke()); b.push(keystroke()) }
let sink = 0
const start = process.hrtime.bigint()
for (let i = 0; i < pairs; i++) {
  const x = a[i & 4095]; const y = b[i & 4095]
  sink += type.transform(x, y, 'left').length + type.transform(y, x, 'right').length
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(JSON.stringify({ transforms: 2 * pairs, per_second: (2 * pairs) / seconds, sink }))
