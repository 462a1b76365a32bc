#!/usr/bin/env node
// Load generator for the ShareDB peer (sharedb-server.js), written with
// ShareDB's own client over the ws package. It applies the loads the
// project's benchmark applies to conferd, so the two can be reported side by
// side.
//
// Usage: node sharedb-load.js NODE_MODULES_DIR PORT MODE [ARGS]
//   capacity CONNECTIONS SECONDS
//       Each connection creates its own document bench/cap-<i> and appends
//       one character at a time, waiting for each ack before the next op.
//       Prints {"mode":"capacity","connections","seconds","ops","ops_per_s",
//       "p50_ms","p99_ms","load_cpu"}: acks received within SECONDS and
//       their latency.
//   fanout CLIENTS SECONDS RATE
//       All clients subscribe to bench/fanout; each types RATE characters a
//       second at random places for SECONDS seconds. An op's latency runs
//       from its submitOp until the last of the other clients has it.
//       Prints {"mode":"fanout","clients","seconds","rate","ops","p50_ms",
//       "p95_ms","p99_ms","submitted","undelivered","load_cpu"}. The timers
//       fire late when this process is saturated, so "submitted" can fall
//       short of CLIENTS*RATE*SECONDS; "ops" counts the ops that reached
//       every other client within 5 s of the end of typing.
//   burst TRACE.json.gz
//       Replays an editing trace into bench/burst as fast as submitOp takes
//       it (ShareDB's client composes whatever waits for an ack), then waits
//       for nothing to be pending and checks the text, locally and as the
//       server stores it. Prints {"mode":"burst","ops","ms","ok"}.
// "load_cpu" is this process's CPU use during the measurement, in cores.
// Exits 0 on success (for burst: and ok), 1 on failure, 2 on bad arguments;
// errors go to stderr.
'use strict'

const path = require('path')
const fs = require('fs')
const zlib = require('zlib')

const usage = () => {
  console.error('usage: node sharedb-load.js NODE_MODULES_DIR PORT ' +
    '(capacity CONNECTIONS SECONDS | fanout CLIENTS SECONDS RATE | burst TRACE.json.gz)')
  process.exit(2)
}
if (process.argv.length < 5) usage()

const modules = path.resolve(process.argv[2])
const port = Number(process.argv[3])
const mode = process.argv[4]
const args = process.argv.slice(5)

const sharedb = require(path.join(modules, 'sharedb', 'lib', 'client'))
const WebSocket = require(path.join(modules, 'ws'))
const textType = require(path.join(modules, 'ot-text-unicode')).type
sharedb.types.register(textType)

const COLLECTION = 'bench'
const now = () => process.hrtime.bigint()
const msSince = t0 => Number(now() - t0) / 1e6
const fail = message => {
  console.error('sharedb-load: ' + message)
  process.exit(1)
}
const positiveInt = (text, what) => {
  const n = Number(text)
  if (!Number.isInteger(n) || n <= 0) {
    console.error('sharedb-load: ' + what + ' must be a positive integer, not ' + text)
    usage()
  }
  return n
}

// Nearest-rank percentile of an ascending array of milliseconds.
const percentile = (sorted, p) => {
  if (sorted.length === 0) return null
  const rank = Math.ceil((p / 100) * sorted.length)
  return round(sorted[Math.min(sorted.length, Math.max(1, rank)) - 1])
}
const round = x => Math.round(x * 1000) / 1000
const ascending = values => Float64Array.from(values).sort()

// The load generator's own CPU use over a stretch of wall time, in cores
// (1 = one core busy all along): near 1 means this process, not the server,
// may be what limits the figures.
const cpuMeter = () => {
  const cpu0 = process.cpuUsage()
  const t0 = now()
  return () => {
    const cpu = process.cpuUsage(cpu0)
    return round((cpu.user + cpu.system) / 1000 / msSince(t0))
  }
}

const connections = []
const connect = () => {
  const socket = new WebSocket('ws://127.0.0.1:' + port, { perMessageDeflate: false })
  const connection = new sharedb.Connection(socket)
  connection.on('error', err => fail('connection: ' + (err.message || err)))
  connections.push(connection)
  return connection
}

const done = (resolve, reject) => err => (err ? reject(err) : resolve())
const subscribe = doc => new Promise((resolve, reject) => doc.subscribe(done(resolve, reject)))
const fetchDoc = doc => new Promise((resolve, reject) => doc.fetch(done(resolve, reject)))
const create = (doc, text) => new Promise((resolve, reject) => doc.create(text, textType.uri, done(resolve, reject)))
const nothingPending = doc => new Promise(resolve => doc.whenNothingPending(resolve))

// Gets a document with its current snapshot, creating it with `text` when it
// does not exist yet.
const openDoc = async (connection, id, text, live) => {
  const doc = connection.get(COLLECTION, id)
  doc.on('error', err => fail('document ' + id + ': ' + (err.message || err)))
  await (live ? subscribe(doc) : fetchDoc(doc))
  if (!doc.type) await create(doc, text)
  return doc
}

// Inserting one character: ot-text-unicode's [n, 'x'], or ['x'] at 0.
const insertOp = (pos, text) => (pos === 0 ? [text] : [pos, text])

const finish = result => {
  process.stdout.write(JSON.stringify(result) + '\n', () => {
    for (const connection of connections) connection.close()
    process.exit(0)
  })
}

async function capacity (count, seconds) {
  const docs = await Promise.all(Array.from({ length: count }, (_, i) =>
    openDoc(connect(), 'cap-' + i, '', false)))
  const latencies = []
  const cpu = cpuMeter()
  const start = now()
  const deadline = start + BigInt(seconds) * 1000000000n
  // Each document types in lockstep: the next op goes once the last is acked.
  // The documents hold only 'x', so their length in code points is .length.
  await Promise.all(docs.map(doc => new Promise((resolve, reject) => {
    const next = () => {
      const t0 = now()
      if (t0 >= deadline) return resolve()
      doc.submitOp(insertOp(doc.data.length, 'x'), err => {
        if (err) return reject(err)
        const t1 = now()
        if (t1 <= deadline) latencies.push(Number(t1 - t0) / 1e6)
        next()
      })
    }
    next()
  })))
  const sorted = ascending(latencies)
  finish({
    mode: 'capacity',
    connections: count,
    seconds,
    ops: sorted.length,
    ops_per_s: round(sorted.length / seconds),
    p50_ms: percentile(sorted, 50),
    p99_ms: percentile(sorted, 99),
    load_cpu: cpu()
  })
}

// Fanout ops are told apart by what they insert: one code point of the CJK
// block U+4E00..U+9FFF, lent to the op until every other client has received
// it. A code point is never lent twice at once, so a received op maps to
// exactly one submission even when ShareDB's client has composed several
// pending ops into one or the op was transformed on its way. The document
// holds only these BMP characters, so its length in code points is .length.
const POOL_BASE = 0x4e00
const POOL_SIZE = 0x9fff - 0x4e00 + 1

async function fanout (count, seconds, rate) {
  if (count < 2) fail('fanout needs at least 2 clients')
  const first = await openDoc(connect(), 'fanout', '', true)
  const docs = [first].concat(await Promise.all(Array.from({ length: count - 1 }, async () => {
    const doc = connect().get(COLLECTION, 'fanout')
    doc.on('error', err => fail('document fanout: ' + (err.message || err)))
    await subscribe(doc)
    return doc
  })))

  const inFlight = new Map() // code point -> { t0, remaining }
  const latencies = []
  let cursor = 0
  let submitted = 0
  let dropped = 0
  let drained = null // resolves once inFlight empties, after typing stops

  const lend = () => {
    for (let k = 0; k < POOL_SIZE; k++) {
      const cp = POOL_BASE + cursor
      cursor = (cursor + 1) % POOL_SIZE
      if (!inFlight.has(cp)) return cp
    }
    return -1
  }

  for (const doc of docs) {
    doc.on('op', (op, source) => {
      if (source) return // this client's own op
      for (const component of op) {
        if (typeof component !== 'string') continue
        for (const ch of component) {
          const cp = ch.codePointAt(0)
          const entry = inFlight.get(cp)
          if (entry === undefined) continue
          if (--entry.remaining === 0) {
            latencies.push(Number(now() - entry.t0) / 1e6)
            inFlight.delete(cp)
            if (drained && inFlight.size === 0) drained()
          }
        }
      }
    })
  }

  const interval = 1000 / rate
  const timers = []
  const cpu = cpuMeter()
  const type = doc => {
    const cp = lend()
    if (cp < 0) { dropped++; return }
    const pos = Math.floor(Math.random() * (doc.data.length + 1))
    inFlight.set(cp, { t0: now(), remaining: count - 1 })
    submitted++
    doc.submitOp(insertOp(pos, String.fromCodePoint(cp)), err => {
      if (err) fail('submitOp: ' + (err.message || err))
    })
  }
  for (const doc of docs) {
    const handle = { timer: null }
    handle.timer = setTimeout(() => {
      type(doc)
      handle.timer = setInterval(() => type(doc), interval)
    }, Math.random() * interval)
    timers.push(handle)
  }

  await new Promise(resolve => setTimeout(resolve, seconds * 1000))
  for (const handle of timers) { clearTimeout(handle.timer); clearInterval(handle.timer) }
  const loadCpu = cpu()

  // Wait up to 5 s for the last ops to reach everyone.
  if (inFlight.size > 0) {
    await new Promise(resolve => {
      drained = resolve
      setTimeout(resolve, 5000)
    })
  }
  const sorted = ascending(latencies)
  finish({
    mode: 'fanout',
    clients: count,
    seconds,
    rate,
    ops: sorted.length,
    p50_ms: percentile(sorted, 50),
    p95_ms: percentile(sorted, 95),
    p99_ms: percentile(sorted, 99),
    submitted,
    undelivered: inFlight.size + dropped,
    load_cpu: loadCpu
  })
}

async function burst (file) {
  const trace = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)))
  const ops = []
  for (const txn of trace.txns) {
    for (const [pos, deleted, inserted] of txn.patches) {
      const op = textType.normalize([pos, { d: deleted }, inserted])
      if (op.length > 0) ops.push(op)
    }
  }
  const startContent = trace.startContent || ''
  const doc = await openDoc(connect(), 'burst', startContent, false)
  if (doc.data !== startContent) fail('bench/burst already exists with other text; use a fresh server')

  const t0 = now()
  for (const op of ops) doc.submitOp(op, err => { if (err) fail('submitOp: ' + (err.message || err)) })
  await nothingPending(doc)
  const ms = msSince(t0)

  // The server's copy, read through a connection of its own.
  const stored = await openDoc(connect(), 'burst', startContent, false)
  const ok = doc.data === trace.endContent && stored.data === trace.endContent
  if (!ok) {
    console.error('sharedb-load: burst text mismatch (local ' +
      (doc.data === trace.endContent ? 'ok' : 'differs') + ', server ' +
      (stored.data === trace.endContent ? 'ok' : 'differs') + ')')
    process.exitCode = 1
  }
  process.stdout.write(JSON.stringify({ mode: 'burst', ops: ops.length, ms: round(ms), ok }) + '\n', () => {
    for (const connection of connections) connection.close()
    process.exit(ok ? 0 : 1)
  })
}

let run
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error('sharedb-load: bad port ' + process.argv[3])
  usage()
} else if (mode === 'capacity' && args.length === 2) {
  run = capacity(positiveInt(args[0], 'CONNECTIONS'), positiveInt(args[1], 'SECONDS'))
} else if (mode === 'fanout' && args.length === 3) {
  run = fanout(positiveInt(args[0], 'CLIENTS'), positiveInt(args[1], 'SECONDS'), positiveInt(args[2], 'RATE'))
} else if (mode === 'burst' && args.length === 1) {
  run = burst(args[0])
} else {
  usage()
}
run.catch(err => fail((err && err.stack) || String(err)))
