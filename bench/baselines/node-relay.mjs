// A model of the original Node project's data path, the baseline Switchyard is measured against.
// Per session: one `ws` server connection from the client and one `ws` client connection to the
// provider; per message: JSON.parse, a translation into the other dialect's shape, JSON.stringify.
// That is the per-message work of the original relay; what it did besides (accounts, logging,
// metrics) is left out, so this baseline is, if anything, cheaper than the original.
//
// Routes, as the gateway's:
//   /core/openai/v1/realtime   OpenAI client → OpenAI core: parsed and re-serialised unchanged
//   /core/gemini/v1/realtime   OpenAI client → Gemini core: input_audio_buffer.append ↔
//                              realtimeInput.audio, serverContent.modelTurn → output_audio.delta
//   /core/openai/ws/…BidiGenerateContent   Gemini client → OpenAI core: the reverse
// Audio is carried as base64 without resampling unless --resample is given (then 24 ↔ 16 kHz by
// linear interpolation in JS, decoding and re-encoding the base64).
//
//   node node-relay.mjs --openai-upstream ws://127.0.0.1:P/v1 --gemini-upstream ws://127.0.0.1:Q
//       [--port 0] [--tls-cert F --tls-key F] [--ca F] [--resample]
// Prints "LISTENING <port> 0" (or "LISTENING 0 <port>" with TLS) once it accepts. With
// --expose-gc, SIGUSR2 runs a full garbage collection (the benchmark reads memory after one).
import { readFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';

const { values: opt } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'openai-upstream': { type: 'string' },
    'gemini-upstream': { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    ca: { type: 'string' },
    resample: { type: 'boolean', default: false },
  },
});

const GEMINI_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const ca = opt.ca ? readFileSync(opt.ca) : undefined;

// --- audio: PCM16 little-endian, linear interpolation between neighbouring samples ---
function resampleBase64(b64, from, to) {
  const inBuf = Buffer.from(b64, 'base64');
  const n = inBuf.length >> 1;
  const out = Buffer.alloc(Math.floor((n * to) / from) * 2);
  const m = out.length >> 1;
  for (let i = 0; i < m; i++) {
    const pos = (i * from) / to;
    const k = Math.floor(pos);
    const f = pos - k;
    const a = inBuf.readInt16LE(2 * k);
    const b = k + 1 < n ? inBuf.readInt16LE(2 * (k + 1)) : a;
    out.writeInt16LE(Math.round(a + (b - a) * f), 2 * i);
  }
  return out.toString('base64');
}
const carry = (b64, from, to) => (opt.resample ? resampleBase64(b64, from, to) : b64);

// --- the three relays: each returns { upstreamUrl, onUpstreamOpen?, fromClient, fromUpstream } ---
function openaiToOpenai(client, send) {
  return {
    upstreamUrl: `${opt['openai-upstream']}/realtime?model=gpt-realtime`,
    fromClient: (ev) => send.upstream(ev),
    fromUpstream: (ev) => send.client(ev),
  };
}

function openaiToGemini(client, send) {
  let n = 0;
  send.client({ type: 'session.created', event_id: 'event_0', session: { type: 'realtime', object: 'realtime.session' } });
  return {
    upstreamUrl: `${opt['gemini-upstream']}${GEMINI_PATH}?key=relay`,
    onUpstreamOpen: () => send.upstream({
      setup: { model: 'models/gemini-2.0-flash-live-001', generationConfig: { responseModalities: ['AUDIO'] } },
    }),
    fromClient: (ev) => {
      switch (ev.type) {
        case 'input_audio_buffer.append':
          send.upstream({ realtimeInput: { audio: { mimeType: 'audio/pcm;rate=16000', data: carry(ev.audio, 24000, 16000) } } });
          break;
        case 'input_audio_buffer.commit':
          send.upstream({ realtimeInput: { audioStreamEnd: true } });
          break;
        default: break;  // session.update etc.: the benchmark does not send them
      }
    },
    fromUpstream: (msg) => {
      if (msg.setupComplete) {
        send.client({ type: 'session.updated', event_id: `event_${++n}`, session: { type: 'realtime' } });
        return;
      }
      const parts = msg.serverContent?.modelTurn?.parts;
      if (parts) {
        for (const p of parts) {
          if (p.inlineData) {
            send.client({
              type: 'response.output_audio.delta', event_id: `event_${++n}`, response_id: 'resp_1',
              item_id: 'item_1', output_index: 0, content_index: 0, delta: p.inlineData.data,
            });
          }
        }
      }
      if (msg.serverContent?.turnComplete) send.client({ type: 'response.done', event_id: `event_${++n}` });
    },
  };
}

function geminiToOpenai(client, send) {
  let setupSeen = false;
  return {
    upstreamUrl: `${opt['openai-upstream']}/realtime?model=gpt-realtime`,
    fromClient: (msg) => {
      if (msg.setup && !setupSeen) {
        setupSeen = true;
        send.upstream({
          type: 'session.update',
          session: {
            type: 'realtime', output_modalities: ['audio'],
            audio: { input: { format: { type: 'audio/pcm', rate: 24000 } }, output: { format: { type: 'audio/pcm', rate: 24000 } } },
          },
        });
      } else if (msg.realtimeInput?.audio) {
        send.upstream({ type: 'input_audio_buffer.append', audio: carry(msg.realtimeInput.audio.data, 16000, 24000) });
      }
    },
    fromUpstream: (ev) => {
      switch (ev.type) {
        case 'session.updated':
          send.client({ setupComplete: {} });
          break;
        case 'response.output_audio.delta':
          send.client({ serverContent: { modelTurn: { parts: [{ inlineData: { mimeType: 'audio/pcm;rate=24000', data: ev.delta } }] } } });
          break;
        case 'response.done':
          send.client({ serverContent: { turnComplete: true } });
          break;
        default: break;
      }
    },
  };
}

function route(url) {
  const path = url.split('?')[0];
  if (path === '/core/openai/v1/realtime') return openaiToOpenai;
  if (path === '/core/gemini/v1/realtime') return openaiToGemini;
  if (path === `/core/openai${GEMINI_PATH}`) return geminiToOpenai;
  return null;
}

// --- one session: client ↔ relay ↔ upstream ---
function session(client, req) {
  const make = route(req.url);
  if (!make) { client.close(1008, 'unknown route'); return; }
  let upstream = null;
  const pending = [];  // client messages before the upstream is open
  const send = {
    client: (obj) => { if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(obj)); },
    upstream: (obj) => {
      const text = JSON.stringify(obj);
      if (upstream?.readyState === WebSocket.OPEN) upstream.send(text); else pending.push(text);
    },
  };
  const relay = make(client, send);
  upstream = new WebSocket(relay.upstreamUrl, { ca, perMessageDeflate: false });
  upstream.on('open', () => {
    relay.onUpstreamOpen?.();
    // Anything queued before the upstream opened goes after the upstream's own opening message.
    for (const text of pending.splice(0)) upstream.send(text);
  });
  upstream.on('message', (data) => relay.fromUpstream(JSON.parse(data.toString())));
  upstream.on('close', () => client.close(1000));
  upstream.on('error', () => client.close(1011));
  client.on('message', (data) => relay.fromClient(JSON.parse(data.toString())));
  client.on('close', () => upstream.close(1000));
  client.on('error', () => upstream.terminate());
}

const tls = Boolean(opt['tls-cert']);
const server = tls
  ? createHttps({ cert: readFileSync(opt['tls-cert']), key: readFileSync(opt['tls-key']) })
  : createHttp();
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', session);
if (typeof global.gc === 'function') process.on('SIGUSR2', () => global.gc());
process.on('SIGTERM', () => process.exit(0));
server.listen(Number(opt.port), opt.host, () => {
  const { port } = server.address();
  console.log(tls ? `LISTENING 0 ${port}` : `LISTENING ${port} 0`);
});
