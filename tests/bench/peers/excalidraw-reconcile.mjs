// Excalidraw's own merge of local and remote elements, timed for the
// board merge benchmark (tests/bench/bench-board.c runs it in the same run).
//
// Usage: node excalidraw-reconcile.mjs NODE_MODULES_DIR N RUNS
//   Makes N rectangles with the package's restoreElements, a local copy
//   where every element moved (version + 1) and a remote copy where every
//   element changed colour (version + 2), then times, best of RUNS,
//   reconcileElements(local, remote, appState): the step a collaborating
//   Excalidraw client runs on each scene update it receives. Prints one
//   line of JSON: {"n": N, "ms": best, "median_ms", "first_ms" (before the
//   JIT warmed up), "kept_remote": how many remote versions won}.

import { performance } from 'node:perf_hooks';
import { loadExcalidraw } from '../../board/excalidraw-oracle.mjs';

const [dir, nArg, runsArg] = process.argv.slice(2);
const n = Number(nArg), runs = Number(runsArg);
const { mod } = await loadExcalidraw(dir);

const base = mod.restoreElements(Array.from({ length: n }, (_, i) => ({
  id: `e${i}`, type: 'rectangle', x: i, y: i, width: 100, height: 50, version: 1, versionNonce: i + 1,
})), null);
const local = base.map((e) => ({ ...e, x: e.x + 10, version: e.version + 1, versionNonce: e.versionNonce + 7 }));
const remote = base.map((e) => ({ ...e, strokeColor: '#e03131', version: e.version + 2, versionNonce: e.versionNonce + 13 }));
const appState = { editingTextElement: null, resizingElement: null, newElement: null, selectedElementIds: {} };

const times = [];
let result = null;
for (let r = 0; r < runs; r++) {
  const t0 = performance.now();
  result = mod.reconcileElements(local, remote, appState);
  times.push(performance.now() - t0);
}
const sorted = [...times].sort((a, b) => a - b);
const keptRemote = result.filter((e) => e.strokeColor === '#e03131').length;
process.stdout.write(JSON.stringify({ n, ms: sorted[0], median_ms: sorted[Math.floor(runs / 2)], first_ms: times[0],
                                      kept_remote: keptRemote }) + '\n');
process.exit(0);
