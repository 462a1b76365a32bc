#!/usr/bin/env node
// The ShareDB peer of the server benchmarks: a ShareDB 7 backend with its
// in-memory database and the ot-text-unicode type, served over WebSockets
// (the ws package) on 127.0.0.1.
// Usage: node sharedb-server.js NODE_MODULES_DIR PORT
// PORT 0 picks a free port. Prints one line "listening PORT" on stdout once
// the socket is bound, then serves until it is killed (SIGTERM or SIGINT).
'use strict'

const path = require('path')
const { Duplex } = require('stream')

if (process.argv.length < 4) {
  console.error('usage: node sharedb-server.js NODE_MODULES_DIR PORT')
  process.exit(2)
}
const modules = path.resolve(process.argv[2])
const port = Number(process.argv[3])
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('sharedb-server: bad port ' + process.argv[3])
  process.exit(2)
}

const ShareDB = require(path.join(modules, 'sharedb'))
const WebSocket = require(path.join(modules, 'ws'))
ShareDB.types.register(require(path.join(modules, 'ot-text-unicode')).type)

// backend.listen() wants a Duplex stream of JSON-decoded message objects.
// This one wraps a ws socket: each text frame is one JSON message.
class SocketStream extends Duplex {
  constructor (socket) {
    super({ objectMode: true, allowHalfOpen: false })
    this.socket = socket
    socket.on('message', data => {
      let message
      try {
        message = JSON.parse(data.toString('utf8'))
      } catch (err) {
        this.destroy(new Error('message is not JSON'))
        return
      }
      this.push(message)
    })
    socket.on('close', () => {
      this.push(null)
      this.destroy()
    })
    socket.on('error', err => this.destroy(err))
  }

  _read () {
    // Messages are pushed as they arrive; ShareDB reads them in flowing mode.
  }

  _write (message, encoding, callback) {
    // ws queues frames itself, so each write completes at once instead of
    // waiting for the kernel; the next message is never held up behind it.
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message))
    callback()
  }

  _final (callback) {
    this.socket.close()
    callback()
  }

  _destroy (err, callback) {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) {
      this.socket.terminate()
    }
    callback(err)
  }
}

const backend = new ShareDB()
const server = new WebSocket.WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false })

server.on('connection', (socket, request) => {
  const stream = new SocketStream(socket)
  // Errors end that one connection; they are not the server's.
  stream.on('error', () => {})
  backend.listen(stream, request)
})
server.on('listening', () => {
  process.stdout.write('listening ' + server.address().port + '\n')
})
server.on('error', err => {
  console.error('sharedb-server: ' + err.message)
  process.exit(1)
})

const stop = () => {
  server.close()
  backend.close(() => process.exit(0))
  setTimeout(() => process.exit(0), 1000).unref()
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
