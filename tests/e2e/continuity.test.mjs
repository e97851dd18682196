// Session continuity through the official SDKs, with the provider simulators upstream:
//  - a client that drops comes back to its session: the upstream was kept, nothing is replayed,
//    and what the core said meanwhile reaches the new connection;
//  - a session found running on the other shard gets the client's connection;
//  - a Gemini client resumes with the gateway's handle, the way the protocol defines;
//  - an upstream that fails is replaced on the same core and the history replayed to it.
// (A crash of the gateway itself is crash_recovery.test.mjs.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect, genaiConnect } from './lib/clients.mjs';
import { snapshot, since, theUpstream } from './lib/upstream.mjs';

const KEY = `${ACCOUNT}:${SECRET}`;
const is = (type) => (e) => e.type === type;

let stack;
before(async () => {
  requireTestCa();
  // No automatic switch of core: an upstream failure is answered by reconnecting to the same one.
  stack = await startStack({ gatewayEnv: { SWITCH_FALLBACK: 'none', LOG_LEVEL: 'info' } });
});
after(async () => { if (stack) await stack.stop(); });

const sessionBase = (id) => `https://localhost:${stack.gateway.wss}/session/${id}/v1`;
const uniq = (name) => `${name}-${process.pid}-${Date.now()}`;

// A text turn: a user message and response.create; resolves with the response.done.
async function textTurn(s, text) {
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  s.send({ type: 'response.create' });
  return s.log.waitFor(`response.done after "${text}"`, is('response.done'), { from, timeoutMs: 20000 });
}

function texts(rec) { return rec.items.filter((i) => i.type === 'message').map((i) => `${i.role}:${i.text}`); }

test('openai SDK: a dropped client resumes its session; the upstream is kept and the answer it missed arrives', async () => {
  const before = await snapshot(stack);
  const id = uniq('drop');
  const s1 = await openaiConnect({ baseURL: sessionBase(id), apiKey: KEY, model: 'gpt-realtime' });
  const created1 = s1.log.items.find(is('session.created'));
  await s1.update({ instructions: 'Remember names.' });
  const done1 = await textTurn(s1, 'My name is Ada');
  assert.equal(done1.response.status, 'completed');

  // The client vanishes while its answer is being produced (no close frame).
  const from = s1.log.mark();
  s1.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Tell me a story' }] } });
  s1.send({ type: 'response.create' });
  const started = await s1.log.waitFor('response.created', is('response.created'), { from });
  s1.rt.socket.terminate();

  const s2 = await openaiConnect({ baseURL: sessionBase(id), apiKey: KEY, model: 'gpt-realtime' });
  const created2 = s2.log.items.find(is('session.created'));
  assert.equal(created2.session.id, created1.session.id, 'the same session is greeted again');
  assert.equal(created2.session.instructions, 'Remember names.', 'with its configuration');
  const held = await s2.log.waitFor('the end of the answer the dropped client missed', is('response.done'), { timeoutMs: 20000 });
  assert.equal(held.response.id, started.response.id, 'the answer begun before the drop ends on the new connection');
  assert.equal(held.response.status, 'completed');

  const done3 = await textTurn(s2, 'What is my name?');
  assert.equal(done3.response.status, 'completed');
  assert.deepEqual(s2.log.filter(is('error')), []);
  await s2.close();

  // One upstream session carried the whole conversation: nothing was replayed.
  const rec = await theUpstream(stack, before, 'openai');
  assert.deepEqual(texts(rec), ['user:My name is Ada', 'user:Tell me a story', 'user:What is my name?']);
  const resumes = await stack.gateway.metric('sy_session_resumes_total{kind="live"}') +
    await stack.gateway.metric('sy_session_resumes_total{kind="moved"}');
  assert.ok(resumes >= 1, `a live resume was counted (${resumes})`);
});

test('openai SDK: reconnects spread over both shards reach the one session (its connection moves)', async () => {
  const before = await snapshot(stack);
  const id = uniq('shards');
  const movedBefore = await stack.gateway.metric('sy_session_resumes_total{kind="moved"}');
  let s = await openaiConnect({ baseURL: sessionBase(id), apiKey: KEY, model: 'gpt-realtime' });
  const sessionId = s.log.items.find(is('session.created')).session.id;
  await textTurn(s, 'turn 0');
  // Each reconnect lands on a shard the kernel picks; sixteen drops miss the other shard with a
  // chance of one in 65,536.
  let moved = movedBefore;
  const said = ['user:turn 0'];
  for (let i = 1; i <= 16 && moved === movedBefore; i++) {
    s.rt.socket.terminate();
    s = await openaiConnect({ baseURL: sessionBase(id), apiKey: KEY, model: 'gpt-realtime' });
    assert.equal(s.log.items.find(is('session.created')).session.id, sessionId);
    await textTurn(s, `turn ${i}`);
    said.push(`user:turn ${i}`);
    moved = await stack.gateway.metric('sy_session_resumes_total{kind="moved"}');
  }
  assert.ok(moved > movedBefore, 'at least one reconnect landed on the other shard and was moved');
  await s.close();
  // Wherever the client landed, one upstream session heard every turn, and nothing twice.
  const rec = await theUpstream(stack, before, 'openai');
  assert.deepEqual(texts(rec), said);
});

test('openai SDK: an ephemeral token minted for a session id, or X-Session-Id, names the session to resume', async () => {
  const id = uniq('token');
  const r = await fetch(`${stack.gateway.http}/v1/realtime/client_secrets`, {
    method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ session_id: id, expires_after: { seconds: 600 } }) });
  assert.equal(r.status, 200);
  const token = (await r.json()).value;
  const base = `https://localhost:${stack.gateway.wss}/v1`;
  const s1 = await openaiConnect({ baseURL: base, apiKey: token, model: 'gpt-realtime' });
  const first = s1.log.items.find(is('session.created')).session.id;
  await textTurn(s1, 'named by a token');
  s1.rt.socket.terminate();
  const s2 = await openaiConnect({ baseURL: base, apiKey: token, model: 'gpt-realtime' });
  assert.equal(s2.log.items.find(is('session.created')).session.id, first, 'the token names the session');
  await s2.close();
  // The same session reached by the header instead (the account's key, the token's session id).
  const s3 = await openaiConnect({ baseURL: base, apiKey: KEY, model: 'gpt-realtime', headers: { 'X-Session-Id': id } });
  assert.equal(s3.log.items.find(is('session.created')).session.id, first, 'X-Session-Id names it too');
  await s3.close();
});

test('genai SDK: a dropped client resumes with the gateway\'s handle; its setup is answered by the gateway', async () => {
  const before = await snapshot(stack);
  const baseUrl = `http://127.0.0.1:${stack.gateway.ws}`;
  const config = { responseModalities: ['AUDIO'], sessionResumption: {} };
  const g1 = await genaiConnect({ baseUrl, apiKey: KEY, model: 'gemini-2.0-flash-live-001', config });
  const update = await g1.log.waitFor('sessionResumptionUpdate', (m) => m.sessionResumptionUpdate?.newHandle);
  const handle = update.sessionResumptionUpdate.newHandle;
  assert.match(handle, /^rh_/, 'a handle of the gateway\'s own, not the core\'s');
  g1.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'My name is Ada' }] }], turnComplete: true });
  await g1.log.waitFor('turnComplete', (m) => m.serverContent?.turnComplete, { timeoutMs: 20000 });
  g1.session.conn.ws.terminate();

  const g2 = await genaiConnect({ baseUrl, apiKey: KEY, model: 'gemini-2.0-flash-live-001',
    config: { responseModalities: ['AUDIO'], sessionResumption: { handle } } });
  const from = g2.log.mark();
  g2.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'What is my name?' }] }], turnComplete: true });
  await g2.log.waitFor('turnComplete', (m) => m.serverContent?.turnComplete, { from, timeoutMs: 20000 });
  await g2.close();

  const rec = await theUpstream(stack, before, 'gemini');
  assert.equal(rec.setups, 1, 'the resumed client\'s setup never reached the core');
  assert.deepEqual(rec.texts, ['My name is Ada', 'What is my name?']);
});

test('genai SDK: a forged resumption handle is refused', async () => {
  const baseUrl = `http://127.0.0.1:${stack.gateway.ws}`;
  await assert.rejects(genaiConnect({ baseUrl, apiKey: KEY, model: 'gemini-2.0-flash-live-001',
    config: { responseModalities: ['AUDIO'], sessionResumption: { handle: 'rh_forged.handle' } }, timeoutMs: 5000 }),
  (e) => e.code === 1008 && /resumption handle is not valid/.test(e.reason));
});

test('openai SDK: an upstream that fails mid-conversation is replaced and told the history', async () => {
  const before = await snapshot(stack);
  const id = uniq('upstream');
  // Its own model name, so only this test's upstream sessions are looked at.
  const model = `gpt-realtime-${id}`;
  const mine = async () => (await since(stack, before)).openai.filter((r) => r.path.includes(model));
  const reconnectsBefore = await stack.gateway.metric('sy_upstream_reconnects_total');
  const s = await openaiConnect({ baseURL: sessionBase(id), apiKey: KEY, model });
  await s.update({ instructions: 'Remember names.' });
  await textTurn(s, 'My name is Ada');
  const first = await mine();
  assert.equal(first.length, 1);

  const dropped = await (await fetch(`${stack.openai.base}/_sim/drop?code=1011`, { method: 'POST' })).json();
  assert.ok(dropped.dropped >= 1, JSON.stringify(dropped));
  // The client's connection stays up; its next turn is answered by a new upstream session.
  const done = await textTurn(s, 'What is my name?');
  assert.equal(done.response.status, 'completed');
  assert.equal(s.log.closed, null, 'the client never noticed a close');
  await s.close();

  const all = await mine();
  assert.equal(all.length, 2, 'a second upstream session replaced the failed one');
  const fresh = all.find((r) => r.id !== first[0].id);
  const replayed = texts(fresh);
  assert.equal(replayed[0], 'user:My name is Ada', `history replayed first: ${JSON.stringify(replayed)}`);
  assert.ok(replayed[1]?.startsWith('assistant:'), `then the answer the user heard: ${JSON.stringify(replayed)}`);
  assert.equal(replayed.at(-1), 'user:What is my name?');
  assert.match(fresh.last_config, /Remember names\./, 'the configuration was restored');
  assert.ok(await stack.gateway.metric('sy_upstream_reconnects_total') > reconnectsBefore);
});
