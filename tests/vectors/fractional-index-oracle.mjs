#!/usr/bin/env node
// The npm package fractional-indexing 4.0.0 as the oracle for
// src/core/board/confer-fractional-index.c.
//
//   node fractional-index-oracle.mjs NODE_MODULES_DIR SEED COUNT > calls.jsonl
//
// makes COUNT seeded pseudo-random calls and prints one JSON line each:
//   {"fn":"between","a":A,"b":B,"result":KEY}
//   {"fn":"n_between","a":A,"b":B,"n":N,"result":[KEY…]}
// with "error" (the message) and "error_type" (Error, TypeError) in place of
// "result" when the package throws. A and B are keys or null. The calls walk
// a z-order the way a board does (appends, prepends, inserts between
// neighbours, runs of inserts at one spot that grow long keys, n keys at
// once for n from 0 to 50), visit the ends of the integer range, and feed
// the package keys it refuses or tolerates (trailing zeros, bad heads,
// short integer parts, characters outside the digits).
//
//   node fractional-index-oracle.mjs NODE_MODULES_DIR --check-tiebreak FILE
//
// reads lines {"a":A,"b":B,"participant":ID,"key":K} that
// confer_fractional_index_between_for() made and checks with the package
// that each K lies strictly between A and B, that the keys of one A and B
// differ, and that generateKeyBetween() takes K as a bound on either side
// and, between two participants' keys, returns a key between them.

import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

const modules = path.resolve(process.argv[2])
const pkgDir = path.join(modules, 'fractional-indexing')
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'))
if (pkg.version !== '4.0.0') {
  console.error(`fractional-indexing is ${pkg.version} in ${modules}, not 4.0.0`)
  process.exit(1)
}
const entry = typeof pkg.exports === 'string' ? pkg.exports : pkg.main
const { generateKeyBetween, generateNKeysBetween } = await import(pathToFileURL(path.join(pkgDir, entry)).href)

if (process.argv[3] === '--check-tiebreak') {
  checkTiebreak(process.argv[4])
} else {
  generate(Number(process.argv[3] || 1), Number(process.argv[4] || 120000))
}

function generate (seed, count) {
  // mulberry32, as generate-vectors.js seeds its runs.
  let state = seed >>> 0
  const random = () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const rand = n => Math.floor(random() * n)
  const pick = list => list[rand(list.length)]

  const out = []
  let emitted = 0
  const flush = () => { process.stdout.write(out.join('')); out.length = 0 }
  const call = (a, b, n) => {
    const c = n === undefined ? { fn: 'between', a, b } : { fn: 'n_between', a, b, n }
    let result = null
    try {
      result = n === undefined ? generateKeyBetween(a, b) : generateNKeysBetween(a, b, n)
      c.result = result
    } catch (e) {
      c.error = e.message
      c.error_type = e.constructor.name
    }
    out.push(JSON.stringify(c) + '\n')
    if (out.length >= 4096) flush()
    emitted++
    return result
  }

  // A sorted z-order, as a board keeps it.
  const insert = (order, key) => {
    let lo = 0; let hi = order.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (order[mid] < key) lo = mid + 1; else hi = mid
    }
    if (order[lo] !== key) order.splice(lo, 0, key)
  }
  const insertAll = (order, keys) => {
    if (keys === null) return
    // Past the largest integer appends make ever longer keys: keys over
    // 800 characters stay out (the runs at one spot reset before then).
    for (const k of (Array.isArray(keys) ? keys : [keys])) if (k.length <= 800) insert(order, k)
    if (order.length > 2000) {
      const kept = order.filter(() => rand(3) !== 0)
      order.length = 0
      order.push(...kept)
    }
  }

  const zeros = n => '0'.repeat(n)
  const board = []
  // The ends of the integer range: 27-character integers, the heads next
  // to the middle, and the smallest keys there are.
  const edges = [
    'A' + zeros(25) + '1', 'A' + zeros(26) + '1', 'A' + zeros(26) + '01', 'A' + zeros(26) + 'V',
    'B' + 'z'.repeat(25), 'Az' + zeros(24) + '1', 'Y00', 'Yzz', 'Zz', 'Z0', 'a0', 'az', 'b00', 'bzz',
    'y' + 'z'.repeat(25), 'z' + zeros(26), 'z' + 'z'.repeat(25) + 'y', 'z'.repeat(27), 'z'.repeat(27) + 'V',
    'z'.repeat(27) + 'zzzz', 'z'.repeat(28),
  ]
  const edge = []
  insertAll(edge, edges)
  // Two keys that grow longer with every insert between them.
  let hot = null

  // Keys the package refuses, or takes though they hold characters that
  // are not digits.
  const garbage = [
    '!', '#', ' ', '~', '{', '/', ':', '@', '[', '`', '\t', '\u007f', '\u0001', '-', '_', '.',
  ]
  const mutate = key => {
    key = key || 'a0'
    switch (rand(12)) {
      case 0: return key + '0'
      case 1: return key.slice(0, Math.max(0, key.length - 1 - rand(3)))
      case 2: return pick(garbage) + key.slice(1)
      case 3: { const i = rand(key.length + 1); return key.slice(0, i) + pick(garbage) + key.slice(i) }
      case 4: return key + pick(garbage)
      case 5: return ''
      case 6: return 'A' + zeros(26)
      case 7: return 'A' + pick(garbage).repeat(26)
      case 8: return 'z'.repeat(27) + pick(['', 'V', '~', 'z!'])
      case 9: return 'z' + pick(garbage).repeat(26)
      case 10: return pick(['0', '9', 'Z', 'a', 'b0', 'c00', 'Ab', 'aV0', 'a00', 'a0a0'])
      default: { const i = 1 + rand(Math.max(1, key.length - 1)); return key.slice(0, i) + pick(garbage) + key.slice(i + 1) }
    }
  }
  const bound = order => (order.length === 0 || rand(8) === 0 ? null : pick(order))

  while (emitted < count) {
    const order = rand(10) === 0 ? edge : board
    const r = rand(100)
    if (r < 15 || order.length === 0) {
      // Append, sometimes a run of appends.
      let last = order.length ? order[order.length - 1] : null
      for (let run = rand(8) === 0 ? 1 + rand(100) : 1; run > 0 && emitted < count; run--) {
        last = call(last, null)
        if (last === null) break
        insertAll(order, last)
      }
    } else if (r < 25) {
      let first = order.length ? order[0] : null
      for (let run = rand(8) === 0 ? 1 + rand(100) : 1; run > 0 && emitted < count; run--) {
        first = call(null, first)
        if (first === null) break
        insertAll(order, first)
      }
    } else if (r < 50) {
      // Between neighbours.
      const i = rand(order.length)
      insertAll(order, call(order[i], order[i + 1] ?? null))
    } else if (r < 60) {
      // Inserts at one spot: the keys grow until they are reset.
      if (hot === null || hot[0].length + hot[1].length > 800 || rand(500) === 0) {
        const i = rand(Math.max(1, board.length - 1))
        hot = board.length > 1 ? [board[i], board[i + 1]] : ['a0', 'a1']
      }
      const k = call(hot[0], hot[1])
      if (k !== null) {
        hot[rand(2)] = k
        if (hot[0] > hot[1]) hot.reverse()
        insertAll(board, k)
      } else {
        hot = null
      }
    } else if (r < 65) {
      // Any two keys, in either order, sometimes the same one twice.
      const a = bound(order); const b = rand(10) === 0 ? a : bound(order)
      const k = call(a, b)
      if (a !== b) insertAll(order, k)
    } else if (r < 85) {
      // n keys at once.
      const n = rand(51)
      let a; let b
      switch (rand(5)) {
        case 0: a = null; b = null; break
        case 1: a = order.length ? order[order.length - 1] : null; b = null; break
        case 2: a = null; b = order.length ? order[0] : null; break
        case 3: { const i = rand(order.length); a = order[i] ?? null; b = order[i + 1] ?? null; break }
        default: a = bound(order); b = bound(order)
      }
      insertAll(order, call(a, b, n))
    } else if (r < 90) {
      // Known ends and keys next to them.
      const a = rand(3) ? pick(edges) : null
      const b = rand(3) ? pick(edges) : null
      const k = rand(2) ? call(a, b) : call(a, b, rand(51))
      if (a !== b) insertAll(edge, k)
    } else {
      // Keys the package refuses or tolerates; their results stay out of
      // the z-order.
      const a = rand(3) ? mutate(bound(order)) : bound(order)
      const b = rand(3) ? mutate(bound(order)) : bound(order)
      if (rand(3) === 0) call(a, b, rand(51)); else call(a, b)
    }
  }
  flush()
}

function checkTiebreak (file) {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(l => l !== '')
  const failures = []
  const fail = (what, line) => { if (failures.push(what + ': ' + line) <= 10) console.error(what + ': ' + line) }
  const between = (lo, k, hi) => (lo === null || lo < k) && (hi === null || k < hi)
  const groups = new Map()

  for (const line of lines) {
    const { a, b, participant, key } = JSON.parse(line)
    const lo = a !== null && b !== null && a > b ? b : a
    const hi = a !== null && b !== null && a > b ? a : b
    if (!between(lo, key, hi)) { fail('not strictly between the bounds', line); continue }
    try {
      for (const [x, y] of [[key, null], [null, key], [lo, key], [key, hi]]) {
        const k = generateKeyBetween(x, y)
        if (!between(x, k, y)) fail(`generateKeyBetween(${x}, ${y}) = ${k} is outside`, line)
      }
    } catch (e) {
      fail('the package refuses the key as a bound: ' + e.message, line)
    }
    const id = JSON.stringify([a, b])
    if (!groups.has(id)) groups.set(id, { lo, hi, keys: new Map() })
    const group = groups.get(id)
    if (group.keys.has(key) && group.keys.get(key) !== participant) fail('two participants share a key', line)
    group.keys.set(key, participant)
  }

  let pairs = 0
  for (const [id, group] of groups) {
    const keys = [...group.keys.keys()].sort()
    for (let i = 0; i + 1 < keys.length; i++) {
      try {
        const k = generateKeyBetween(keys[i], keys[i + 1])
        if (!between(keys[i], k, keys[i + 1])) fail(`between two participants' keys ${keys[i]} ${keys[i + 1]}: ${k}`, id)
        pairs++
      } catch (e) {
        fail(`the package refuses two participants' keys ${keys[i]} ${keys[i + 1]}: ${e.message}`, id)
      }
    }
  }
  console.log(`${lines.length} tie-break keys in ${groups.size} places, ${pairs} neighbouring pairs: ` +
              `${failures.length} failures`)
  process.exit(failures.length === 0 && lines.length > 0 ? 0 : 1)
}
