// unicode-trace.js: a real editing trace whose typing is made of emoji, CJK
// and combining marks, for tests that must see such text arrive.
// Usage: node unicode-trace.js IN.json.gz OUT.json.gz [TXNS]
// Every code point typed is replaced by one code point (so positions and
// delete counts, which count code points, stay right): some letters by an
// emoji beyond the BMP, some by CJK ideographs, some by a combining mark
// that joins the letter before it. Only the first TXNS transactions are
// kept (default: all), with endContent recomputed.
'use strict';
const fs = require('fs');
const zlib = require('zlib');

const [input, output, limit] = process.argv.slice(2);
const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(input)).toString('utf8'));
const swap = { a: '😀', e: '中', i: '\u0301', o: '文', u: '🎉', n: 'ñ', s: '\u0308', t: '字' };
const map = (text) => Array.from(text, (c) => swap[c] || c).join('');

const txns = trace.txns.slice(0, limit ? Number(limit) : trace.txns.length).map((txn) => ({
  ...txn,
  patches: txn.patches.map(([pos, del, ins]) => [pos, del, map(ins)]),
}));
let doc = Array.from(trace.startContent);
for (const txn of txns)
  for (const [pos, del, ins] of txn.patches)
    doc.splice(pos, del, ...Array.from(ins));
const out = { startContent: trace.startContent, endContent: doc.join(''), txns };
fs.writeFileSync(output, zlib.gzipSync(JSON.stringify(out)));
