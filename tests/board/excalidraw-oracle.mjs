// Runs the real Excalidraw package (@excalidraw/excalidraw, pinned by
// install-excalidraw-oracle.sh) under node, as an oracle for Confer's
// whiteboard import/export.
//
// Usage:
//   node excalidraw-oracle.mjs NODE_MODULES_DIR restore FILE
//     Loads FILE the way Excalidraw opens a .excalidraw file (loadFromBlob:
//     JSON.parse, validity check, deleted elements dropped, then
//     restore(..., { repairBindings: true, refreshDimensions: false })) and
//     prints one JSON document: {"elements": [...], "files": {ID: {...}}}
//     (files: each entry without its dataURL).
//   node excalidraw-oracle.mjs NODE_MODULES_DIR serialize FILE
//     Same load, then prints serializeAsJSON(elements, appState, files, "local").
//
// Exits 1 with a message on stderr when the package refuses the file, 2 on
// bad usage, 77 when the package cannot be loaded from NODE_MODULES_DIR.
//
// Restore is not deterministic: an element without "updated" gets Date.now(),
// one without an id (or with a duplicate id) gets a random nanoid, and a text
// element with empty text is marked deleted with a random versionNonce.  Set
// EXCALIDRAW_ORACLE_NOW=<ms since epoch> to pin Date.now() (this also seeds
// the package's versionNonce generator, which is seeded from Date.now()).
//
// The package is an ESM browser bundle: it imports extensionless paths
// ("roughjs/bin/rough"), directories, JSON main files and packages whose
// node entry is CommonJS while the bundler entry ("module") is ESM.  The
// resolve/load hooks below do what a bundler does; the globals below are
// the few browser objects its modules touch while being evaluated.  No DOM
// library is needed, and nothing that restore or serializeAsJSON runs
// touches these stubs (text is not re-measured: refreshDimensions is false).

import { register, createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const HOOKS = String.raw`
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import path from 'node:path';
function bareName(s) {
  if (s.startsWith('.') || s.startsWith('/') || /^[a-z]+:/.test(s)) return null;
  const parts = s.split('/');
  return s.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
export async function resolve(specifier, context, next) {
  const name = bareName(specifier);
  // A package with no "exports" but an ESM "module" entry: take it, as bundlers do.
  if (name && name === specifier && context.parentURL && context.parentURL.startsWith('file:')) {
    let dir = path.dirname(fileURLToPath(context.parentURL));
    for (;;) {
      const pj = path.join(dir, 'node_modules', name, 'package.json');
      if (existsSync(pj)) {
        const p = JSON.parse(readFileSync(pj, 'utf8'));
        if (!p.exports && typeof p.module === 'string')
          return { url: pathToFileURL(path.join(dir, 'node_modules', name, p.module)).href,
                   format: 'module', shortCircuit: true };
        break;
      }
      const up = path.dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  try {
    return await next(specifier, context);
  } catch (e) {
    // Extensionless file or directory import: resolve it the CommonJS way.
    if (e && (e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'ERR_UNSUPPORTED_DIR_IMPORT') &&
        context.parentURL && context.parentURL.startsWith('file:')) {
      const f = createRequire(context.parentURL).resolve(specifier);
      return { url: pathToFileURL(f).href, shortCircuit: true };
    }
    throw e;
  }
}
export async function load(url, context, next) {
  if (url.endsWith('.json'))
    return next(url, { ...context, importAttributes: { type: 'json' } });
  if (url.endsWith('.css') || url.endsWith('.scss'))
    return { format: 'module', source: 'export default {};', shortCircuit: true };
  return next(url, context);
}
`;

function installBrowserStubs() {
  const g = globalThis;
  const noop = () => {};
  const ctx2d = {
    filter: 'none', font: '', canvas: null,
    measureText: () => ({ width: 0, actualBoundingBoxAscent: 0, actualBoundingBoxDescent: 0 }),
    save: noop, restore: noop, scale: noop, translate: noop, rotate: noop,
    fillRect: noop, clearRect: noop, fillText: noop, strokeText: noop,
    setLineDash: noop, getLineDash: () => [], beginPath: noop, closePath: noop,
    moveTo: noop, lineTo: noop, stroke: noop, fill: noop, drawImage: noop,
  };
  const element = () => ({
    style: {}, dataset: {}, classList: { add: noop, remove: noop, toggle: noop },
    setAttribute: noop, appendChild: noop, removeChild: noop, addEventListener: noop,
    getContext: () => ctx2d,
  });
  if (g.window === undefined) g.window = g;
  if (g.navigator === undefined)
    g.navigator = { userAgent: 'node', platform: 'Linux', language: 'en-US', languages: ['en-US'] };
  if (g.location === undefined) g.location = new URL('https://excalidraw.com/');
  if (g.devicePixelRatio === undefined) g.devicePixelRatio = 1;
  if (g.Element === undefined) g.Element = class Element { replaceChildren() {} };
  if (g.FontFace === undefined)
    g.FontFace = class FontFace {
      constructor(family, source, descriptors = {}) {
        Object.assign(this, { family, source, status: 'unloaded', ...descriptors });
      }
      load() { return Promise.resolve(this); }
    };
  if (g.document === undefined)
    g.document = {
      createElement: element, createElementNS: element,
      documentElement: element(), body: element(), head: element(),
      addEventListener: noop, removeEventListener: noop,
      fonts: { add: noop, delete: noop, has: () => false, check: () => true,
               load: async () => [], ready: Promise.resolve(), addEventListener: noop },
    };
  // loadFromBlob reads the Blob through FileReader.
  if (g.FileReader === undefined)
    g.FileReader = class FileReader {
      static DONE = 2;
      readyState = 0;
      result = null;
      readAsText(blob) {
        blob.text().then((t) => {
          this.result = t;
          this.readyState = 2;
          this.onload?.({ target: this });
          this.onloadend?.({ target: this });
        }, (e) => { this.readyState = 2; this.onerror?.(e); this.onloadend?.({ target: this }); });
      }
    };
}

// Loads the package from NODE_MODULES_DIR; console output of the package goes
// to stderr so that stdout carries only the JSON document.
export async function loadExcalidraw(nodeModulesDir) {
  const dir = path.resolve(nodeModulesDir);
  const pinned = process.env.EXCALIDRAW_ORACLE_NOW;
  if (pinned) {
    const now = Number(pinned);
    Date.now = () => now;
  }
  installBrowserStubs();
  for (const k of ['log', 'info', 'warn', 'debug'])
    console[k] = (...a) => process.stderr.write(a.map(String).join(' ') + '\n');
  register('data:text/javascript,' + encodeURIComponent(HOOKS));
  const req = createRequire(path.join(dir, '..', 'package.json'));
  const entry = req.resolve('@excalidraw/excalidraw');
  const pkg = JSON.parse(readFileSync(path.join(dir, '@excalidraw', 'excalidraw', 'package.json'), 'utf8'));
  const mod = await import(pathToFileURL(entry).href);
  return { mod, version: pkg.version };
}

// What Excalidraw does when the user opens FILE (loadFromBlob with no
// current scene): returns { elements, appState, files }, or throws.
export async function loadScene(mod, text) {
  const blob = new Blob([text], { type: 'application/json' });
  return mod.loadFromBlob(blob, null, null, null);
}

// loadFromBlob reports every failure as "Error: invalid file"; find out why.
async function refusalCause(mod, text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return ` (not JSON: ${e.message})`;
  }
  if (data?.type === 'excalidrawlib') return ' (an Excalidraw library, not a scene)';
  if (data?.type !== 'excalidraw') return ` (type is ${JSON.stringify(data?.type)}, not "excalidraw")`;
  if (data.elements && !Array.isArray(data.elements)) return ' (elements is not an array)';
  if (data.appState && typeof data.appState !== 'object') return ' (appState is not an object)';
  try {
    mod.restore({ elements: (data.elements || []).filter((e) => !e.isDeleted), appState: {}, files: data.files },
                null, null, { repairBindings: true, refreshDimensions: false });
  } catch (e) {
    return ` (restore threw ${e.name}: ${e.message})`;
  }
  return '';
}

async function main() {
  const [dir, cmd, file] = process.argv.slice(2);
  if (!dir || !file || (cmd !== 'restore' && cmd !== 'serialize')) {
    process.stderr.write('usage: excalidraw-oracle.mjs NODE_MODULES_DIR restore|serialize FILE\n');
    process.exit(2);
  }
  let mod;
  try {
    ({ mod } = await loadExcalidraw(dir));
  } catch (e) {
    process.stderr.write(`cannot load @excalidraw/excalidraw from ${dir}: ${e.message}\n`);
    process.exit(77);
  }
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`${file}: ${e.message}\n`);
    process.exit(1);
  }
  let scene;
  try {
    scene = await loadScene(mod, text);
  } catch (e) {
    process.stderr.write(`${file}: refused by @excalidraw/excalidraw: ${e.message}${await refusalCause(mod, text)}\n`);
    process.exit(1);
  }
  let out;
  if (cmd === 'restore') {
    const files = {};
    for (const [id, f] of Object.entries(scene.files || {})) {
      const { dataURL, ...rest } = f || {};
      files[id] = rest;
    }
    out = JSON.stringify({ elements: scene.elements, files }, null, 2);
  } else {
    out = mod.serializeAsJSON(scene.elements, scene.appState, scene.files, 'local');
  }
  process.stdout.write(out + '\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href)
  await main();
