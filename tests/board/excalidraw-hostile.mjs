// Writes hostile .excalidraw scenes for tests/board/check-excalidraw.sh:
// values of the wrong type everywhere, points that are not numbers or far
// too many, 10 MB strings, duplicate and missing ids, missing and
// out-of-order indices, unknown and deleted elements, images with bad data
// URLs, dangling bindings, legacy fields and Confer's sticky notes.
// Usage: node excalidraw-hostile.mjs OUT_DIR

import { writeFileSync } from 'node:fs';
import path from 'node:path';

const out = process.argv[2];
if (!out) {
  process.stderr.write('usage: excalidraw-hostile.mjs OUT_DIR\n');
  process.exit(2);
}

const scene = (elements, extra = {}) => ({ type: 'excalidraw', version: 2, source: 'hostile', elements, ...extra });
const rect = (id, more = {}) => ({ id, type: 'rectangle', x: 10, y: 20, width: 30, height: 40, ...more });
const write = (name, data) =>
  writeFileSync(path.join(out, `hostile-${name}.excalidraw`), typeof data === 'string' ? data : JSON.stringify(data));

// The 1x1 PNG of the PNG specification's examples.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const wrong = [null, 'abc', '10', true, [], {}, [1, 2], -1, 1e12, 0];
const fields = ['x', 'y', 'width', 'height', 'angle', 'strokeColor', 'backgroundColor', 'fillStyle', 'strokeWidth',
                'strokeStyle', 'roughness', 'opacity', 'seed', 'groupIds', 'frameId', 'roundness', 'boundElements',
                'updated', 'link', 'locked', 'customData'];
const values = [];
fields.forEach((f, i) => wrong.forEach((v, k) => values.push(rect(`v${i}_${k}`, { [f]: v }))));
// restore() calls .trim() on a truthy link: a link that is not a string
// makes Excalidraw refuse the whole file, so those are in a file of their own.
// The same for boundElements that are not lists (.reduce).
const refused = (e) => (e.link && typeof e.link !== 'string') || (e.boundElements && !Array.isArray(e.boundElements));
write('values', scene(values.filter((e) => !refused(e))));
write('values-refused', scene(values.filter(refused)));

write('texts', scene([
  { id: 't1', type: 'text', text: 'plain' },
  { id: 't2', type: 'text', text: 'sized', fontSize: '20', fontFamily: 'x', lineHeight: 'big' },
  { id: 't3', type: 'text', text: 'ctl\u0001chars\u0007', fontSize: 16 },
  { id: 't4', type: 'text', text: 'a\r\nb\rc', height: 60, fontSize: 10 },
  { id: 't5', type: 'text', text: 'font', font: '28px Virgil', width: 10, height: 35 },
  { id: 't6', type: 'text', text: 42, width: 10 },
  { id: 't7', type: 'text', text: '', width: 10, height: 10, lineHeight: 1.25 },
  { id: 't8', type: 'text', text: 'aligned', textAlign: 'sideways', verticalAlign: 7, lineHeight: 1.5 },
  { id: 't9', type: 'text', text: 'x'.repeat(100001), lineHeight: 1.25 },
]));

const walk = (n) => Array.from({ length: n }, (_, i) => [i, (i * 7) % 13]);
write('points', scene([
  { id: 'p1', type: 'line', x: 5, y: 5, points: [[3, 4], [null, 1], ['a', 2], [5, 6, 7], [8], {}, 'x', [1e300, 1], [9, 10]] },
  { id: 'p2', type: 'arrow', points: [[0, 0], [true, false]] },
  { id: 'p3', type: 'line', points: walk(25000) },
  { id: 'p4', type: 'freedraw', points: walk(20001), pressures: [] },
  { id: 'p5', type: 'freedraw', x: 1, y: 2, points: [[2, 2], [5, 7], [9, 1]], pressures: [0.5, 2, 'x'] },
  { id: 'p6', type: 'arrow', x: -4, y: 9, points: [[10, 10], [20, 5], [0, 30]], endArrowhead: 'bogus' },
  { id: 'p7', type: 'draw', points: [[1, 1], [2, 2]] },
  { id: 'p8', type: 'freedraw', points: walk(1000), pressures: walk(1000).map((p) => p[1] / 13) },
  { id: 'p9', type: 'arrow', elbowed: true, points: [[0, 0], [0, 100], [50, 100.5]] },
  { id: 'p10', type: 'line', points: 'xy' },
]));
// Numbers JSON.stringify cannot write.
write('numbers', '{"type":"excalidraw","elements":[' +
  '{"id":"n1","type":"rectangle","x":1e999,"y":-1e999,"width":10,"height":10},' +
  '{"id":"n2","type":"line","points":[[0,0],[1e999,5],[3,4]]},' +
  '{"id":"n3","type":"rectangle","x":1.5e-320,"y":123456789012345678901234567890,"width":0.1,"height":1e-7}]}');

const big = 'x'.repeat(10 * 1024 * 1024);
write('strings', scene([
  { id: 's1', type: 'text', text: big.slice(0, 200000) + '\n' + 'y'.repeat(10), lineHeight: 1.25 },
  rect('s2', { strokeColor: big }),
  rect(big),
  rect('s4', { link: 'https://example.org/' + big }),
  rect('s5', { customData: { blob: big } }),
  rect('s6'),
]));

write('ids', scene([
  rect('a'), rect('a', { type: 'ellipse' }), rect(''), rect(undefined), rect(7), rect('has space'),
  rect('b', { frameId: 'a' }), rect('b'),
]));

write('indices', scene([
  rect('i1', { index: 'a5' }), rect('i2'), rect('i3', { index: 'a2' }), rect('i4', { index: 'a6' }),
  rect('i5', { index: 'a6' }), rect('i6', { index: 'a7' }), rect('i7', { index: 'a0' }), rect('i8', { index: 'b00' }),
  rect('i9', { index: 'Zz' }), rect('i10', { index: 'b01' }),
]));
write('indices-none', scene(Array.from({ length: 100 }, (_, i) => rect(`n${i}`))));

write('types', scene([
  rect('u1', { type: 'foo' }), rect('u2', { type: 'laser' }), rect('u3', { type: 'selection' }),
  rect('u4', { type: 'embeddable' }), rect('u5', { type: 'iframe' }), rect('u6', { type: 'magicframe', name: 'M' }),
  rect('u7', { type: 'frame', name: 'F' }), rect('u8', { type: 'sticky-note' }), rect('u9', { type: 5 }),
  rect('u10', { type: null }), rect('d1', { isDeleted: true }), rect('d2', { isDeleted: 'yes' }),
  rect('d3', { isDeleted: 0 }), rect('d4', { isDeleted: false, type: 'diamond' }), rect('z1', { width: 0, height: 0 }),
  { id: 'z2', type: 'ellipse' }, rect('k1', { type: 'ellipse' }),
]));

write('images', scene([
  rect('im1', { type: 'image', fileId: 'good', status: 'saved' }),
  rect('im2', { type: 'image', fileId: 'text' }),
  rect('im3', { type: 'image', fileId: 'notdata' }),
  rect('im4', { type: 'image', fileId: 'missing' }),
  rect('im5', { type: 'image' }),
  rect('im6', { type: 'image', fileId: 'huge' }),
  rect('im7', { type: 'image', fileId: 'good', scale: [-1, 1], crop: { x: 0, y: 0, width: 1, height: 1, naturalWidth: 1, naturalHeight: 1 } }),
  rect('im8', { type: 'image', fileId: 'nonb64' }),
], { files: {
  good: { mimeType: 'image/png', id: 'good', dataURL: `data:image/png;base64,${PNG}`, created: 1 },
  text: { mimeType: 'image/png', id: 'text', dataURL: 'data:image/png;base64,aGVsbG8=', created: 1 },
  notdata: { mimeType: 'image/png', id: 'notdata', dataURL: 'https://example.org/x.png', created: 1 },
  huge: { mimeType: 'image/png', id: 'huge',
          dataURL: 'data:image/png;base64,' + PNG.slice(0, 64) + 'A'.repeat(14 * 1024 * 1024), created: 1 },
  nonb64: { mimeType: 'image/png', id: 'nonb64', dataURL: 'data:image/png,%89PNG', created: 1 },
  unused: { mimeType: 'image/png', id: 'unused', dataURL: `data:image/png;base64,${PNG}`, created: 1 },
} }));

write('bindings', scene([
  rect('r6', { frameId: 'nothere' }),
  { id: 't2', type: 'text', text: 'x', containerId: 'nothere' },
  rect('r7', { boundElements: [{ type: 'text', id: 't3' }, { type: 'text', id: 't3' }, { type: 'arrow', id: 'gone' }] }),
  { id: 't3', type: 'text', text: 'y' },
  rect('r8', { boundElements: [] }),
  { id: 't4', type: 'text', text: 'z', containerId: 'r8' },
  { id: 'a1', type: 'arrow', points: [[0, 0], [10, 10]], startBinding: { elementId: 'r8', gap: 1 },
    endBinding: { elementId: 'gone', focus: 0.5, gap: 1 } },
  { id: 'l1', type: 'line', points: [[0, 0], [10, 10]], startBinding: { elementId: 'r8', focus: 0, gap: 1 } },
  rect('fr', { type: 'frame', name: 'frame' }), rect('in', { frameId: 'fr' }),
]));

write('legacy', scene([
  rect('r1', { strokeSharpness: 'round' }), rect('r2', { type: 'diamond', strokeSharpness: 'round' }),
  rect('r3', { strokeSharpness: 'sharp' }), rect('r5', { width: -10, height: -20, boundElementIds: ['a1'] }),
  { id: 'a1', type: 'arrow', points: [[5, 5], [15, 25], [0, 40]], x: 1, y: 2, startBinding: { elementId: 'r5', gap: 3 } },
  rect('r6', { opacity: 0, strokeWidth: 0, roughness: 0, seed: 0, customData: { k: 1 }, groupIds: ['g'] }),
]));

write('sticky', scene([
  rect('note', { width: 200, height: 200, backgroundColor: '#ffec99', customData: { conferType: 'sticky-note' },
                 boundElements: [{ type: 'text', id: 'note-text' }] }),
  { id: 'note-text', type: 'text', x: 15, y: 100, width: 190, height: 25, text: 'Hello', fontSize: 20, fontFamily: 5,
    textAlign: 'center', verticalAlign: 'middle', containerId: 'note', lineHeight: 1.25 },
  rect('bare', { customData: { conferType: 'sticky-note' } }),
]));

write('not-objects', '{"type":"excalidraw","elements":[5,"x",[1],true,' + JSON.stringify(rect('ok')) + ']}');
write('no-elements', { type: 'excalidraw', version: 2, appState: {} });
write('library', { type: 'excalidrawlib', version: 2, libraryItems: [] });
write('deep', '{"type":"excalidraw","elements":[{"id":"d","type":"rectangle","width":1,"height":1,"customData":' +
  '['.repeat(40) + ']'.repeat(40) + '}]}');
// What makes restore() throw: an arrow without points, a text without text
// but with a height, an unbound elbow arrow with a slanted segment.
write('restore-throws', scene([
  { id: 'np', type: 'arrow', x: 1, y: 1 },
  { id: 'nt', type: 'text', width: 10, height: 20 },
  { id: 'el', type: 'arrow', elbowed: true, points: [[0, 0], [300, 200]] },
  rect('ok'),
]));
