// call.js: a browser member of a Confer call, speaking Confer's protocol
// (docs/protocol.md) with nothing but the browser's own WebSocket and
// RTCPeerConnection, for tests/media/run-browser-call.sh.
//
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The page's query gives `link` (a `confer://` invite link of a conferd
// running with --insecure), `name`, `seconds` (how long to measure once a
// peer is connected), `width`, `height` and `fps` (what to ask of the
// camera). It joins the session and its call sending the browser's
// camera and microphone, follows Confer's rule of who offers (the member
// that joined later offers to each one before it; the earlier one waits),
// trickles ICE through `call.ice`, and lays out its transceivers as
// Confer's peers do: audio, camera, and a receive-only one for a shared
// screen. Everything it has to say is one console line each, starting
// `confer-browser ` and followed by JSON: `{"joined": MEMBER}`, a line per
// peer and second from getStats(), `{"error": TEXT}`, and last
// `{"result": {...}}` with what came from each peer.

'use strict';

const PREFIX = 'confer-browser ';
const params = new URLSearchParams(location.search);
const seconds = Number(params.get('seconds') || 10);
// Without a connected peer by then the page gives up, s.
const giveUpSeconds = Number(params.get('give_up') || 60);
// With `debug`, the session descriptions both ways are said too.
const debug = params.has('debug');

function say(object) {
  console.log(PREFIX + JSON.stringify(object));
}

let socket = null;
let txnCounter = 0;
let self = null;           // this side's member id, once joined
let room = null;           // its room
let media = null;          // the camera and microphone's MediaStream
const peers = new Map();   // member id -> Peer
let finished = false;

function send(object) {
  if (debug && object.sdp !== undefined)
    say({ sent: object.type, to: object.to, sdp: object.sdp });
  socket.send(JSON.stringify(object));
}

function txn() {
  txnCounter += 1;
  return 'browser-' + txnCounter;
}

// One other member: an RTCPeerConnection and what was measured of it.
class Peer {
  constructor(member, offerer) {
    this.member = member;
    this.offerer = offerer;
    this.pendingCandidates = [];
    this.connectedAt = null;  // performance.now() ms
    this.last = null;         // the last statistics read
    this.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    this.pc.onicecandidate = (event) => {
      const candidate = event.candidate;
      send({
        type: 'call.ice', to: this.member,
        candidate: candidate ? candidate.candidate : '',
        sdp_mline_index: candidate && candidate.sdpMLineIndex !== null ? candidate.sdpMLineIndex : 0,
        ...(candidate && candidate.sdpMid !== null ? { sdp_mid: candidate.sdpMid } : {}),
      });
    };
    this.pc.onconnectionstatechange = () => {
      const state = this.pc.connectionState;
      say({ peer: this.member, connection: state });
      if (state === 'connected' && this.connectedAt === null) {
        this.connectedAt = performance.now();
        setTimeout(finish, seconds * 1000);
      } else if (state === 'failed') {
        say({ error: 'the connection to ' + this.member + ' failed' });
      }
    };
    this.pc.ontrack = (event) => {
      // Played, so that the browser pulls the audio through its decoder
      // (and its audio statistics count); the video is shown.
      const element = document.createElement(event.track.kind);
      element.autoplay = true;
      element.srcObject = new MediaStream([event.track]);
      document.getElementById('remote').appendChild(element);
    };
    if (offerer) {
      const [audio] = media.getAudioTracks();
      const [video] = media.getVideoTracks();
      this.pc.addTransceiver(audio, { direction: 'sendrecv', streams: [media] });
      this.pc.addTransceiver(video, { direction: 'sendrecv', streams: [media] });
      this.pc.addTransceiver('video', { direction: 'recvonly' });
      this.offer().catch((error) => fail('making the offer to ' + member + ': ' + error));
    }
  }

  async offer() {
    const description = await this.pc.createOffer();
    await this.pc.setLocalDescription(description);
    send({ type: 'call.offer', to: this.member, sdp: this.pc.localDescription.sdp });
  }

  // The peer's offer: its m-lines become this side's transceivers, in
  // order — the first audio one sends the microphone, the first video
  // one the camera, any other receives only.
  async answer(sdp) {
    await this.pc.setRemoteDescription({ type: 'offer', sdp });
    let audioSent = false;
    let videoSent = false;
    for (const transceiver of this.pc.getTransceivers()) {
      const kind = transceiver.receiver.track.kind;
      const track = kind === 'audio' ? media.getAudioTracks()[0] : media.getVideoTracks()[0];
      const first = kind === 'audio' ? !audioSent : !videoSent;
      if (first) {
        await transceiver.sender.replaceTrack(track);
        transceiver.sender.setStreams(media);
        transceiver.direction = 'sendrecv';
        if (kind === 'audio') audioSent = true; else videoSent = true;
      } else {
        transceiver.direction = 'recvonly';
      }
    }
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    send({ type: 'call.answer', to: this.member, sdp: this.pc.localDescription.sdp });
    await this.flushCandidates();
  }

  async remoteAnswer(sdp) {
    await this.pc.setRemoteDescription({ type: 'answer', sdp });
    await this.flushCandidates();
  }

  async flushCandidates() {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending)
      await this.addCandidate(candidate);
  }

  async addCandidate(candidate) {
    if (!this.pc.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    // An empty candidate ends the peer's gathering.
    await this.pc.addIceCandidate(candidate.candidate === ''
      ? null
      : { candidate: candidate.candidate, sdpMLineIndex: candidate.sdpMLineIndex, sdpMid: candidate.sdpMid });
  }

  // What getStats() says now of the media both ways.
  async measure() {
    const report = await this.pc.getStats();
    const now = { video: null, audio: null, sent: null };
    report.forEach((stat) => {
      if (stat.type === 'inbound-rtp' && stat.kind === 'video' &&
          (now.video === null || (stat.framesDecoded || 0) > now.video.framesDecoded)) {
        now.video = {
          framesDecoded: stat.framesDecoded || 0, width: stat.frameWidth || 0, height: stat.frameHeight || 0,
          fps: stat.framesPerSecond || 0, codec: report.get(stat.codecId)?.mimeType || null,
        };
      } else if (stat.type === 'inbound-rtp' && stat.kind === 'audio') {
        now.audio = {
          energy: stat.totalAudioEnergy || 0, duration: stat.totalSamplesDuration || 0,
          level: stat.audioLevel || 0, codec: report.get(stat.codecId)?.mimeType || null,
        };
      } else if (stat.type === 'outbound-rtp' && stat.kind === 'video' && (stat.framesEncoded || 0) > 0) {
        now.sent = { framesEncoded: stat.framesEncoded, width: stat.frameWidth || 0, height: stat.frameHeight || 0 };
      }
    });
    now.at = performance.now();
    if (this.connectedAt !== null && this.atConnect === undefined)
      this.atConnect = now;
    this.last = now;
    return now;
  }

  // What came from the peer since the connection was up: frames decoded,
  // their size, the rate; the audio's level (RMS from the energy, dBFS).
  summary() {
    const last = this.last;
    const first = this.atConnect;
    const result = { peer: this.member, state: this.pc.connectionState, offerer: this.offerer };
    if (last === null)
      return result;
    if (last.video !== null) {
      const frames = last.video.framesDecoded - (first && first.video ? first.video.framesDecoded : 0);
      const span = first ? (last.at - first.at) / 1000 : 0;
      result.video = {
        frames_decoded: last.video.framesDecoded, width: last.video.width, height: last.video.height,
        fps: span > 0 ? Math.round(frames / span * 10) / 10 : 0, codec: last.video.codec,
      };
    }
    if (last.audio !== null) {
      const energy = last.audio.energy;
      const duration = last.audio.duration;
      result.audio = {
        duration_s: Math.round(duration * 10) / 10,
        dbfs: duration > 0 && energy > 0 ? Math.round(10 * Math.log10(energy / duration) * 10) / 10 : -200,
        codec: last.audio.codec,
      };
    }
    if (last.sent !== null)
      result.sent = { frames_encoded: last.sent.framesEncoded, width: last.sent.width, height: last.sent.height };
    return result;
  }

  close() {
    this.pc.close();
  }
}

function fail(text) {
  say({ error: text });
}

// Ends the run: the last statistics, the result line, leaving the call.
async function finish() {
  if (finished)
    return;
  finished = true;
  for (const peer of peers.values())
    await peer.measure().catch(() => {});
  say({ result: { member: self, peers: [...peers.values()].map((peer) => peer.summary()) } });
  for (const peer of peers.values())
    peer.close();
  if (socket.readyState === WebSocket.OPEN)
    send({ type: 'call.leave', txn: txn() });
}

function peerFor(member, offerer) {
  let peer = peers.get(member);
  if (peer === undefined) {
    peer = new Peer(member, offerer);
    peers.set(member, peer);
  }
  return peer;
}

function dropPeer(member) {
  const peer = peers.get(member);
  if (peer !== undefined) {
    peer.close();
    peers.delete(member);
  }
}

// The call's members changed: a peer for each other member of this side's
// room (offering to those listed before it), none for anyone else.
function reconcile(members) {
  if (self === null || finished)
    return;
  const mine = members.find((member) => member.member === self);
  if (mine === undefined)
    return;
  room = mine.room;
  const wanted = new Set();
  let before = true;
  for (const member of members) {
    if (member.member === self) {
      before = false;
      continue;
    }
    if (member.room !== room)
      continue;
    wanted.add(member.member);
    peerFor(member.member, before);
  }
  for (const member of [...peers.keys()])
    if (!wanted.has(member))
      dropPeer(member);
}

function handle(message) {
  if (debug && message.sdp !== undefined)
    say({ received: message.type, from: message.from, sdp: message.sdp });
  switch (message.type) {
  case 'welcome':
    send({ type: 'call.join', txn: txn(), audio: true, video: true });
    break;
  case 'call.joined':
    self = message.member;
    say({ joined: self });
    reconcile(message.call.members);
    break;
  case 'call.state':
    reconcile(message.call.members);
    break;
  case 'call.left':
    dropPeer(message.member);
    break;
  case 'call.offer': {
    if (self === null || finished)
      break;
    const peer = peerFor(message.from, false);
    if (peer.offerer)
      break;  // Confer's rule: only the later member offers.
    peer.answer(message.sdp).catch((error) => fail('answering ' + message.from + ': ' + error));
    break;
  }
  case 'call.answer': {
    const peer = peers.get(message.from);
    if (peer !== undefined && peer.offerer)
      peer.remoteAnswer(message.sdp).catch((error) => fail('setting the answer of ' + message.from + ': ' + error));
    break;
  }
  case 'call.ice': {
    const peer = peers.get(message.from);
    if (peer !== undefined)
      peer.addCandidate({ candidate: message.candidate, sdpMLineIndex: message.sdp_mline_index,
                          sdpMid: message.sdp_mid === undefined ? null : message.sdp_mid })
        .catch((error) => fail('adding a candidate of ' + message.from + ': ' + error));
    break;
  }
  case 'error':
    fail('conferd: ' + message.code + ': ' + message.message);
    break;
  default:
    break;
  }
}

async function main() {
  const link = new URL(params.get('link'));
  const session = link.pathname.replace(/^\//, '');
  const invite = link.searchParams.get('invite');
  if (link.protocol !== 'confer:' || link.searchParams.has('fp') || !session || !invite)
    throw new Error('not an insecure confer:// invite link: ' + params.get('link'));

  media = await navigator.mediaDevices.getUserMedia({
    // Unprocessed: the fake microphone's speech should arrive as it is.
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    video: {
      width: { exact: Number(params.get('width') || 320) },
      height: { exact: Number(params.get('height') || 240) },
      frameRate: { ideal: Number(params.get('fps') || 15) },
    },
  });
  // Keep the camera's size however busy the machine is: the receiver
  // checks it.
  media.getVideoTracks()[0].contentHint = 'detail';
  document.getElementById('local').srcObject = media;

  socket = new WebSocket('ws://' + link.host + '/ws');
  socket.onopen = () => send({
    type: 'hello', version: 1, session, invite, name: params.get('name') || 'Chromium',
  });
  socket.onmessage = (event) => handle(JSON.parse(event.data));
  socket.onclose = (event) => {
    if (!finished)
      fail('conferd closed the connection (' + event.code + ')');
  };
  setInterval(() => {
    if (socket.readyState === WebSocket.OPEN)
      send({ type: 'ping', txn: txn() });
  }, 10000);
  setInterval(async () => {
    for (const peer of peers.values()) {
      const now = await peer.measure().catch(() => null);
      if (now !== null)
        say({ peer: peer.member, state: peer.pc.connectionState, video: now.video, audio: now.audio, sent: now.sent });
    }
  }, 1000);
  setTimeout(() => {
    if ([...peers.values()].every((peer) => peer.connectedAt === null)) {
      fail('no peer connected within ' + giveUpSeconds + ' s');
      finish();
    }
  }, giveUpSeconds * 1000);
}

main().catch((error) => {
  fail(String(error));
  finished = true;
  say({ result: { member: self, peers: [] } });
});
