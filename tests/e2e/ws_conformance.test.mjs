// Conformance of Switchyard's WebSocket server with a client nobody here wrote: the npm `ws`
// library, over plain TCP and TLS, against the echo application.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { once } from 'node:events';
import WebSocket from 'ws';
import { makeCert, startProgram } from './lib/spawn.mjs';

const server = process.env.SWITCHYARD_ECHO_SERVER;
let srv, cert;

before(async () => {
  assert.ok(server, 'SWITCHYARD_ECHO_SERVER must name the echo server program');
  cert = makeCert();
  srv = await startProgram(server, ['--shards', '2', '--port', '0', '--tls-port', '0',
    '--cert', cert.cert, '--key', cert.key, '--handshake-timeout-ms', '1500']);
});
after(async () => { if (srv) await srv.stop(); });

const urls = () => ({ plain: `ws://127.0.0.1:${srv.ports.ws}/echo`, tls: `wss://localhost:${srv.ports.wss}/echo` });

async function open(kind, opts = {}) {
  const ws = new WebSocket(urls()[kind], { ca: cert.ca, maxPayload: 64 << 20, ...opts });
  await once(ws, 'open');
  return ws;
}

function nextMessage(ws) {
  return new Promise((resolve, reject) => {
    ws.once('message', (data, isBinary) => resolve({ data, isBinary }));
    ws.once('close', (code) => reject(new Error(`closed ${code}`)));
  });
}

async function closeClean(ws) {
  ws.close(1000, 'done');
  const [code] = await once(ws, 'close');
  return code;
}

for (const kind of ['plain', 'tls']) {
  test(`${kind}: text and binary messages echo with their type`, async () => {
    const ws = await open(kind);
    ws.send('héllo wörld ✓');
    let m = await nextMessage(ws);
    assert.equal(m.isBinary, false);
    assert.equal(m.data.toString('utf8'), 'héllo wörld ✓');
    const bin = Buffer.from([0, 1, 2, 255, 254]);
    ws.send(bin);
    m = await nextMessage(ws);
    assert.equal(m.isBinary, true);
    assert.deepEqual(Buffer.from(m.data), bin);
    assert.equal(await closeClean(ws), 1000);
  });

  test(`${kind}: a fragmented message arrives whole`, async () => {
    const ws = await open(kind);
    const parts = ['frag-one|', 'frag-two|', 'frag-three'];
    ws.send(parts[0], { fin: false });
    ws.send(parts[1], { fin: false });
    ws.ping(Buffer.from('between'));  // control frame interleaved inside the fragmented message
    ws.send(parts[2], { fin: true });
    const m = await nextMessage(ws);
    assert.equal(m.data.toString(), parts.join(''));
    assert.equal(await closeClean(ws), 1000);
  });

  test(`${kind}: ping is answered with a pong carrying the same payload`, async () => {
    const ws = await open(kind);
    ws.ping(Buffer.from('are-you-there'));
    const [payload] = await once(ws, 'pong');
    assert.equal(payload.toString(), 'are-you-there');
    assert.equal(await closeClean(ws), 1000);
  });

  test(`${kind}: close handshake echoes the client's code`, async () => {
    const ws = await open(kind);
    ws.close(4321, 'bye');
    const [code] = await once(ws, 'close');
    assert.equal(code, 4321);
  });

  for (const size of [1 << 20, 16 << 20]) {
    test(`${kind}: a ${size >> 20} MiB binary message round-trips intact`, async () => {
      const ws = await open(kind);
      const data = Buffer.alloc(size);
      for (let i = 0; i < size; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
      ws.send(data);
      const m = await nextMessage(ws);
      assert.equal(m.data.length, size);
      assert.ok(Buffer.from(m.data).equals(data), 'payload differs');
      assert.equal(await closeClean(ws), 1000);
    });
  }
}

test('a message over 16 MiB is refused with 1009', async () => {
  const ws = await open('plain');
  ws.send(Buffer.alloc((16 << 20) + 1));
  const [code] = await once(ws, 'close');
  assert.equal(code, 1009);
});

test('invalid UTF-8 in a text message closes with 1007', async () => {
  const ws = await open('plain');
  ws.send(Buffer.from([0x68, 0x69, 0xc3, 0x28]), { binary: false });
  const [code] = await once(ws, 'close');
  assert.equal(code, 1007);
});

test('an unmasked client frame is a protocol error (1002)', async () => {
  const ws = await open('plain', { skipUTF8Validation: true });
  // Write a raw unmasked text frame under the ws library.
  ws._socket.write(Buffer.from([0x81, 0x02, 0x68, 0x69]));
  const [code] = await once(ws, 'close');
  assert.equal(code, 1002);
});

function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let buf = '';
    s.on('data', (d) => { buf += d; });
    s.on('end', () => resolve(buf));
    s.on('error', reject);
  });
}

test('wrong WebSocket version is answered 426 with Sec-WebSocket-Version', async () => {
  const res = await rawRequest(srv.ports.ws, 'GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n' +
    'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n\r\n');
  assert.match(res, /^HTTP\/1\.1 426 /);
  assert.match(res, /\r\nSec-WebSocket-Version: 13\r\n/i);
});

test('malformed HTTP is answered 400', async () => {
  const res = await rawRequest(srv.ports.ws, 'GARBAGE\r\n\r\n');
  assert.match(res, /^HTTP\/1\.1 400 /);
});

test('a stalled handshake is closed after the handshake timeout', async () => {
  const started = Date.now();
  const res = await rawRequest(srv.ports.ws, 'GET /echo HTTP/1.1\r\nHost: x\r\n');  // never finished
  assert.equal(res, '');
  assert.ok(Date.now() - started >= 1000, 'closed before the timeout');
});

test('health, readiness and metrics routes answer', async () => {
  const base = `http://127.0.0.1:${srv.ports.ws}`;
  let r = await fetch(`${base}/healthz`);
  assert.equal(r.status, 200);
  r = await fetch(`${base}/readyz`);
  assert.equal(r.status, 200);
  r = await fetch(`${base}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/plain/);
});

test('SIGTERM closes open clients with 1001 and exits 0', async () => {
  const own = await startProgram(server, ['--shards', '2', '--port', '0']);
  const clients = await Promise.all([0, 1, 2, 3].map(async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${own.ports.ws}/echo`);
    await once(ws, 'open');
    return ws;
  }));
  const closed = clients.map((ws) => once(ws, 'close'));
  const code = await own.stop('SIGTERM');
  const codes = (await Promise.all(closed)).map(([c]) => c);
  assert.deepEqual(codes, [1001, 1001, 1001, 1001]);
  assert.equal(code, 0);
});
