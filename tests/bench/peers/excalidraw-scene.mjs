// Large Excalidraw scene for the whiteboard import benchmark, made and loaded
// by the real @excalidraw/excalidraw package (installed by
// tests/board/install-excalidraw-oracle.sh).
//
// Usage:
//   node excalidraw-scene.mjs NODE_MODULES_DIR generate SEED OUT.excalidraw [COUNT [POINTS]]
//     Writes COUNT (default 15000) freedraw elements of POINTS (default 50)
//     seeded random-walk points each, with pressures, serialised by the
//     package's serializeAsJSON(elements, appState, {}, "local").  The same
//     SEED gives the same bytes (ids, seeds, nonces, timestamps and fractional
//     indices all come from SEED).
//   node excalidraw-scene.mjs NODE_MODULES_DIR load FILE
//     Times, in node, reading FILE, JSON.parse and restore() as Excalidraw
//     does on opening a file (restore(..., { repairBindings: true,
//     refreshDimensions: false })), then loadFromBlob end to end, and prints
//     one line of JSON with the milliseconds and the peak RSS.

import { readFileSync, writeFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadExcalidraw, loadScene } from '../../board/excalidraw-oracle.mjs';

// mulberry32: small, seedable, good enough for test data.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ID_ALPHABET = 'useandom-26T198340PX75pxJACKVERYMINDBUSHWOLF_GQZbfghjklqvwyzrict';
const COLORS = ['#1e1e1e', '#e03131', '#2f9e44', '#1971c2', '#f08c00', '#6741d9'];

async function generate(dir, seed, out, count, npoints) {
  const { mod } = await loadExcalidraw(dir);
  // The fractional-indexing that the package itself uses (3.2.0), which may
  // sit under it when another oracle installed a different one at the top.
  const req = createRequire(path.join(path.resolve(dir), '@excalidraw', 'excalidraw', 'package.json'));
  const { generateNKeysBetween } = await import(pathToFileURL(req.resolve('fractional-indexing')).href);
  const r = rng(seed);
  const int31 = () => Math.floor(r() * 2 ** 31);
  const id = () => Array.from({ length: 21 }, () => ID_ALPHABET[Math.floor(r() * 64)]).join('');
  const indices = generateNKeysBetween(null, null, count);
  const updated = 1700000000000 + (seed % 1000) * 1000;
  const raw = [];
  for (let i = 0; i < count; i++) {
    const points = [[0, 0]];
    const pressures = [0.5];
    let px = 0, py = 0, p = 0.5;
    let minX = 0, maxX = 0, minY = 0, maxY = 0;
    for (let k = 1; k < npoints; k++) {
      px += (r() - 0.5) * 20;
      py += (r() - 0.5) * 20;
      p = Math.min(1, Math.max(0, p + (r() - 0.5) * 0.2));
      points.push([px, py]);
      pressures.push(p);
      minX = Math.min(minX, px); maxX = Math.max(maxX, px);
      minY = Math.min(minY, py); maxY = Math.max(maxY, py);
    }
    // Same fields, in the same order, as the package's newFreeDrawElement.
    raw.push({
      id: id(), type: 'freedraw',
      x: (r() - 0.5) * 20000, y: (r() - 0.5) * 20000,
      width: maxX - minX, height: maxY - minY, angle: 0,
      strokeColor: COLORS[Math.floor(r() * COLORS.length)], backgroundColor: 'transparent',
      fillStyle: 'solid', strokeWidth: 2, strokeStyle: 'solid', roughness: 1, opacity: 100,
      groupIds: [], frameId: null, index: indices[i], roundness: null,
      seed: int31(), version: 1 + Math.floor(r() * 100), versionNonce: int31(),
      isDeleted: false, boundElements: null, updated, link: null, locked: false,
      points, pressures, simulatePressure: false, lastCommittedPoint: null,
    });
  }
  // Normalise through the package, as if the scene had been drawn in it.
  const elements = mod.restoreElements(raw, null, { repairBindings: true, refreshDimensions: false });
  const appState = mod.restoreAppState({ viewBackgroundColor: '#ffffff' }, null);
  const json = mod.serializeAsJSON(elements, appState, {}, 'local');
  writeFileSync(out, json);
  const size = statSync(out).size;
  process.stdout.write(JSON.stringify({ file: out, elements: elements.length, points: npoints, bytes: size,
                                        mb: +(size / 1e6).toFixed(1) }) + '\n');
}

async function load(dir, file) {
  const { mod } = await loadExcalidraw(dir);
  const ms = (t) => +(performance.now() - t).toFixed(1);
  let t = performance.now();
  const text = readFileSync(file, 'utf8');
  const readMs = ms(t);
  t = performance.now();
  const data = JSON.parse(text);
  const parseMs = ms(t);
  t = performance.now();
  const scene = mod.restore({ elements: data.elements, appState: data.appState, files: data.files }, null, null,
                            { repairBindings: true, refreshDimensions: false });
  const restoreMs = ms(t);
  const rssAfterRestore = process.resourceUsage().maxRSS;
  const n = scene.elements.length;
  t = performance.now();
  const viaBlob = await loadScene(mod, text);
  const loadFromBlobMs = ms(t);
  process.stdout.write(JSON.stringify({
    file, bytes: statSync(file).size, elements: n, elementsViaLoadFromBlob: viaBlob.elements.length,
    readMs, parseMs, restoreMs, parsePlusRestoreMs: +(parseMs + restoreMs).toFixed(1), loadFromBlobMs,
    peakRssMiBAfterParseRestore: +(rssAfterRestore / 1024).toFixed(1),
    peakRssMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
  }) + '\n');
}

const [dir, cmd, a, b, c, d] = process.argv.slice(2);
if (cmd === 'generate' && a !== undefined && b) {
  await generate(dir, Number(a) >>> 0, b, c ? Number(c) : 15000, d ? Number(d) : 50);
} else if (cmd === 'load' && a) {
  await load(dir, a);
} else {
  process.stderr.write('usage: excalidraw-scene.mjs NODE_MODULES_DIR generate SEED OUT.excalidraw [COUNT [POINTS]]\n' +
                       '       excalidraw-scene.mjs NODE_MODULES_DIR load FILE\n');
  process.exit(2);
}
