#!/usr/bin/env node
// Records strokes through getStroke() of the npm package perfect-freehand
// 1.2.3, the oracle for Confer's confer_freehand_outline()
// (tests/test-freehand.c --oracle).
// Usage: node freehand-oracle.mjs NODE_MODULES_DIR SEED COUNT
//
// Prints COUNT JSON lines, one stroke each:
//   {"i", "kind", "points": [x0, y0, x1, y1, …], "pressures": [p0, …] | null,
//    "options": {size, thinning, smoothing, streamline, easing: "linear" |
//      "sine", simulate_pressure, start_taper, start_cap, end_taper,
//      end_cap, last},
//    "outline": [x0, y0, …]}
// with ConferFreehandOptions's names; a taper of -1 is the package's
// `taper: true`. NaN and infinities in the outline print as null.
//
// The strokes are seeded random walks of 1 to 200 points (smooth ones,
// jagged ones with sharp corners, back-and-forth ones), with and without
// pressures (some negative, which the package ignores), and degenerate
// ones: a single point, two points, repeated identical points, points far
// from the origin (up to 1e12) and tiny moves (down to 1e-9). The options
// run through every combination of the easings, simulated pressure, caps,
// tapers (none, a length, the whole stroke) and `last`, with random sizes,
// thinning (0 included, negative too), smoothing and streamline, and
// Excalidraw's freedraw options for a share of the strokes.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const pkgDir = path.join(path.resolve(process.argv[2]), 'perfect-freehand')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
if (pkg.version !== '1.2.3') {
  console.error(`freehand-oracle: perfect-freehand ${pkg.version} is installed, not 1.2.3`)
  process.exit(1)
}
const { getStroke } = await import(pathToFileURL(path.join(pkgDir, pkg.module)).href)
const seed = Number(process.argv[3] || 1)
const count = Number(process.argv[4] || 1500)

// mulberry32
let state = seed >>> 0
function random () {
  state = (state + 0x6d2b79f5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (list) => list[Math.floor(random() * list.length)]
const uniform = (lo, hi) => lo + (hi - lo) * random()

function pointCount () {
  const r = random()
  if (r < 0.08) return 1
  if (r < 0.16) return 2
  if (r < 0.3) return 3 + Math.floor(random() * 8)
  return 1 + Math.floor(random() * 200)
}

function makePoints (kind, n) {
  const base = kind === 'huge' ? pick([1e6, -3e8, 1e9, 7e10, -1e12]) : uniform(-500, 500)
  const step = kind === 'tiny' ? pick([1e-3, 1e-6, 1e-9]) : pick([0.5, 2, 5, 15, 40])
  let x = base + uniform(-10, 10) * (kind === 'tiny' ? step : 1)
  let y = (kind === 'huge' ? -base / 3 : uniform(-500, 500)) + uniform(-10, 10) * (kind === 'tiny' ? step : 1)
  let angle = uniform(0, 2 * Math.PI)
  const points = []
  for (let i = 0; i < n; i++) {
    points.push(x, y)
    switch (kind) {
      case 'same':
        break
      case 'repeats':
        if (random() < 0.5) break
      // fall through
      case 'smooth':
      case 'huge':
      case 'tiny':
        angle += uniform(-0.4, 0.4)
        x += Math.cos(angle) * step * uniform(0.2, 2)
        y += Math.sin(angle) * step * uniform(0.2, 2)
        break
      case 'jagged':
        x += uniform(-1, 1) * step * 2
        y += uniform(-1, 1) * step * 2
        break
      case 'zigzag': {
        const dir = i % 4 < 2 ? 1 : -1
        x += dir * step * 3
        y += random() < 0.2 ? step : 0
        break
      }
      case 'grid':
        // Whole numbers, as a canvas at zoom 1 reports them.
        x = Math.round(x + uniform(-3, 3) * step)
        y = Math.round(y + uniform(-3, 3) * step)
        break
    }
  }
  return points
}

function makePressures (n) {
  const r = random()
  if (r < 0.4) return null
  const pressures = []
  let p = random()
  for (let i = 0; i < n; i++) {
    if (r < 0.5) pressures.push(pick([0, 1, 0.5]))
    else if (r < 0.6 && random() < 0.2) pressures.push(-1)
    else {
      p = Math.min(1, Math.max(0, p + uniform(-0.15, 0.15)))
      pressures.push(p)
    }
  }
  return pressures
}

function makeOptions (i) {
  // The switches run through all 2^7 combinations in turn, three tapers
  // each side included: easing, simulated pressure, both caps, last, and
  // whether each taper is there (its kind picked at random).
  const combo = i % 128
  const bit = (b) => (combo >> b) & 1
  const taper = (on) => on ? pick([-1, uniform(1, 300), uniform(0.1, 5)]) : 0
  if (i % 10 === 9) {
    return {
      size: pick([1, 2, 4]) * 4.25, thinning: 0.6, smoothing: 0.5, streamline: 0.5, easing: 'sine',
      simulate_pressure: random() < 0.5, start_taper: 0, start_cap: true, end_taper: 0, end_cap: true,
      last: random() < 0.8,
    }
  }
  const size = random() < 0.03 ? pick([0, -4]) : pick([1, 4, 8.5, 16, uniform(0.1, 60)])
  return {
    size,
    thinning: pick([0, 0.5, 0.6, uniform(-1, 1)]),
    smoothing: pick([0, 0.5, 1, random()]),
    streamline: pick([0, 0.5, 1, random()]),
    easing: bit(0) ? 'sine' : 'linear',
    simulate_pressure: !!bit(1),
    start_cap: !!bit(2),
    end_cap: !!bit(3),
    last: !!bit(4),
    start_taper: taper(bit(5)),
    end_taper: taper(bit(6)),
  }
}

function toPackage (o) {
  const taper = (t) => t === -1 ? true : t
  return {
    size: o.size,
    thinning: o.thinning,
    smoothing: o.smoothing,
    streamline: o.streamline,
    easing: o.easing === 'sine' ? (t) => Math.sin(t * Math.PI / 2) : (t) => t,
    simulatePressure: o.simulate_pressure,
    start: { taper: taper(o.start_taper), cap: o.start_cap },
    end: { taper: taper(o.end_taper), cap: o.end_cap },
    last: o.last,
  }
}

const kinds = ['smooth', 'smooth', 'jagged', 'zigzag', 'grid', 'same', 'repeats', 'huge', 'tiny']
for (let i = 0; i < count; i++) {
  const kind = pick(kinds)
  const n = pointCount()
  const points = makePoints(kind, n)
  const pressures = makePressures(n)
  const options = makeOptions(i)
  const input = []
  for (let k = 0; k < n; k++) {
    input.push(pressures ? [points[2 * k], points[2 * k + 1], pressures[k]] : [points[2 * k], points[2 * k + 1]])
  }
  const outline = getStroke(input, toPackage(options)).flat()
  console.log(JSON.stringify({ i, kind, points, pressures, options, outline }))
}
