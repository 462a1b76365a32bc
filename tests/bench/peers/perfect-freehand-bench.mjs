#!/usr/bin/env node
// The peer side of tests/bench/bench-freehand.c: the same outlines through
// getStroke() of the npm package perfect-freehand 1.2.3.
// Usage: node perfect-freehand-bench.mjs NODE_MODULES_DIR STROKES POINTS RUNS
// Prints one JSON object per line: {"case", "strokes", "ms", "points",
// "sum"}, ms the best of RUNS runs, points the outline points of all
// strokes and sum the sum of all their coordinates, so the C side can
// check both drew the same outlines.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const pkgDir = path.join(path.resolve(process.argv[2]), 'perfect-freehand')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
const { getStroke } = await import(pathToFileURL(path.join(pkgDir, pkg.module)).href)
const nStrokes = Number(process.argv[3] || 10000)
const nPoints = Number(process.argv[4] || 50)
const runs = Number(process.argv[5] || 9)

// The strokes of bench-freehand.c's make_strokes(), number for number:
// xorshift32 from 1, a hand moving with a velocity that drifts, and a
// pen's pressure that drifts too.
let state = 1
function random () {
  state ^= state << 13; state >>>= 0
  state ^= state >>> 17
  state ^= state << 5; state >>>= 0
  return state / 4294967296
}

const mouse = []
const pen = []
for (let s = 0; s < nStrokes; s++) {
  let x = random() * 1000
  let y = random() * 1000
  let vx = random() * 8 - 4
  let vy = random() * 8 - 4
  let p = 0.3 + random() * 0.4
  const m = []
  const q = []
  for (let i = 0; i < nPoints; i++) {
    m.push([x, y])
    q.push([x, y, p])
    vx += random() * 2 - 1
    vy += random() * 2 - 1
    x += vx
    y += vy
    p += random() * 0.1 - 0.05
    if (p < 0) p = 0
    if (p > 1) p = 1
  }
  mouse.push(m)
  pen.push(q)
}

const cases = {
  // Excalidraw 0.18's freedraw element, strokeWidth 2, drawn with a mouse.
  'excalidraw (mouse)': [mouse, {
    size: 2 * 4.25, thinning: 0.6, smoothing: 0.5, streamline: 0.5,
    easing: (t) => Math.sin(t * Math.PI / 2), simulatePressure: true, last: true,
  }],
  // getStroke's defaults, with a pen's pressures.
  'defaults (pen)': [pen, { simulatePressure: false }],
}

for (const [name, [strokes, options]] of Object.entries(cases)) {
  let best = Infinity
  let outlines
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint()
    outlines = strokes.map((s) => getStroke(s, options))
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6)
  }
  let points = 0
  let sum = 0
  for (const o of outlines) {
    points += o.length
    for (const [x, y] of o) sum += x + y
  }
  console.log(JSON.stringify({ case: name, strokes: strokes.length, ms: best, points, sum }))
}
