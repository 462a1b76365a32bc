#!/usr/bin/env node
// Generates test vectors for Confer's text OT from the real ot-text-unicode
// package: node generate-vectors.js NODE_MODULES_DIR SEED COUNT > out.jsonl
//
// Each output line is one case:
//   {"kind":"apply","doc":D,"op":O,"result":D2}
//   {"kind":"transform","op":A,"other":B,"side":"left"|"right","result":A2}
//   {"kind":"compose","op":A,"next":B,"result":C}
//   {"kind":"position","op":O,"pos":N,"result":N2}
//   {"kind":"invert","op":O,"result":O2}
//   {"kind":"check","op":O,"valid":true|false}
// Half the operations come from the package's own generator (test/genOp.js),
// half from a generator here that mixes ASCII, CJK, combining marks and
// astral-plane emoji and uses both delete forms.
'use strict'

const path = require('path')
const modules = path.resolve(process.argv[2])
const seed = Number(process.argv[3] || 1)
const count = Number(process.argv[4] || 4000)

// A seeded Math.random (mulberry32), installed before the package's
// generator loads, so the same seed always gives the same file.
let state = seed >>> 0
Math.random = () => {
  state = (state + 0x6D2B79F5) >>> 0
  let t = state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const { type } = require(path.join(modules, 'ot-text-unicode'))
const genOp = require(path.join(modules, 'ot-text-unicode', 'test', 'genOp.js'))

const rand = n => Math.floor(Math.random() * n)
const pick = list => list[rand(list.length)]

// Pieces are whole code point sequences, so slicing by code point is safe.
const pieces = [
  'a', 'b', 'c', 'x', ' ', '\n', 'Hello', 'the ', '{', '"', '\\', '\t',
  '中', '文', '字', '漢', 'かな', '한국',
  'e\u0301', 'n\u0303', 'a\u0308\u0323', '\u0301',
  '😀', '👩‍💻', '🇫🇷', '𝄞', '🤖', '𐍈',
]

const randomText = (max) => {
  let s = ''
  for (let n = 1 + rand(max); n > 0; n--) s += pick(pieces)
  return s
}

const chars = s => Array.from(s)

// An operation on doc built from this file's alphabet.
const unicodeOp = (doc) => {
  const cps = chars(doc)
  const op = []
  let pos = 0
  while (pos < cps.length || rand(3) === 0) {
    const r = rand(10)
    if (r < 3 && pos < cps.length) {
      const n = 1 + rand(Math.min(6, cps.length - pos))
      op.push(n)
      pos += n
    } else if (r < 6) {
      op.push(randomText(4))
    } else if (pos < cps.length) {
      const n = 1 + rand(Math.min(6, cps.length - pos))
      op.push({ d: rand(2) ? n : cps.slice(pos, pos + n).join('') })
      pos += n
    }
    if (rand(5) === 0) break
    if (pos >= cps.length && rand(2) === 0) break
  }
  return type.normalize(op)
}

const randomDoc = () => (rand(6) === 0 ? '' : randomText(24))
const makeOp = (doc) => (rand(2) ? genOp(doc)[0] : unicodeOp(doc))
const emit = c => process.stdout.write(JSON.stringify(c) + '\n')

// Inputs ot-text-unicode's checkOp refuses or accepts as they are.
const checkCases = [
  [0, 'x'], [-1, 'x'], [1, 1, 'x'], [1], ['x', 2], [''], [{ d: 0 }], [{ d: '' }],
  [{ d: -2 }], [{ d: true }], [{}], 'abc', 3, {}, null,
  ['x'], [1, 'x'], [{ d: 2 }], [{ d: 'ab' }], ['a', 'b'], [{ d: 1 }, { d: 'x' }],
  [2, { d: 1 }, 'x'], ['😀', 3, { d: '中' }],
]
for (const op of checkCases) {
  let valid = true
  try { type.checkOp(op) } catch (e) { valid = false }
  emit({ kind: 'check', op, valid })
}

for (let i = 0; i < count; i++) {
  const doc = randomDoc()
  const a = makeOp(doc)
  const b = makeOp(doc)
  const after = type.apply(doc, a)

  emit({ kind: 'apply', doc, op: a, result: after })
  emit({ kind: 'transform', op: a, other: b, side: 'left', result: type.transform(a, b, 'left') })
  emit({ kind: 'transform', op: a, other: b, side: 'right', result: type.transform(a, b, 'right') })

  const next = makeOp(after)
  emit({ kind: 'compose', op: a, next, result: type.compose(a, next) })

  const pos = rand(chars(doc).length + 1)
  emit({ kind: 'position', op: a, pos, result: type.transformPosition(pos, a) })

  const invertible = type.makeInvertible(a, doc)
  emit({ kind: 'invert', op: invertible, result: type.invert(invertible) })
}
