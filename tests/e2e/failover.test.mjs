// Switching cores mid-conversation, with the official SDKs and both simulators upstream:
//  - the client asks (switchyard.switch / switchyardSwitch), and the new core is told the history;
//  - the core fails (the simulator drops its connections): the session moves to the fallback at
//    once, the answer the user was waiting for comes from there, and once the primary answers a
//    probe again the session goes back to it;
//  - the core is slow: after SWITCH_FAILURE_COUNT slow turns the session moves.
// Every switch is announced to the client, in its dialect, with the old and new core and why.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect, genaiConnect } from './lib/clients.mjs';
import { snapshot, since } from './lib/upstream.mjs';

const KEY = `${ACCOUNT}:${SECRET}`;
const is = (type) => (e) => e.type === type;
const switched = (e) => e.type === 'switchyard.core_switched';
const stacks = [];
after(async () => { for (const s of stacks) await s.stop(); });

async function stackWith(gatewayEnv, simArgs) {
  requireTestCa();
  const s = await startStack({ gatewayEnv: { LOG_LEVEL: 'info', ...gatewayEnv }, simArgs });
  stacks.push(s);
  return s;
}

async function textTurn(s, text) {
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  s.send({ type: 'response.create' });
  const done = await s.log.waitFor(`response.done after "${text}"`, is('response.done'), { from, timeoutMs: 20000 });
  return done;
}

const userTexts = (rec) => rec.items.filter((i) => i.type === 'message' && i.role === 'user').map((i) => i.text);
const geminiHistory = (rec) => rec.items.map((i) => `${i.role}:${i.text}`);

test('openai SDK: a switch the client asks for moves the conversation to the other core', async () => {
  const stack = await stackWith({});
  const before = await snapshot(stack);
  const s = await openaiConnect({ baseURL: `https://localhost:${stack.gateway.wss}/v1`, apiKey: KEY, model: 'gpt-realtime' });
  await s.update({ instructions: 'Be brief.' });
  await textTurn(s, 'My name is Ada');

  let from = s.log.mark();
  s.send({ type: 'switchyard.switch', core: 'nonsense' });
  const refused = await s.log.waitFor('the refusal', is('error'), { from });
  assert.equal(refused.error.code, 'unknown_core');

  from = s.log.mark();
  s.send({ type: 'switchyard.switch', core: 'gemini' });
  const notice = await s.log.waitFor('core_switched', switched, { from });
  assert.deepEqual({ from: notice.from, to: notice.to, reason: notice.reason },
    { from: 'openai', to: 'gemini', reason: 'client_request' });
  const done = await textTurn(s, 'What is my name?');
  assert.equal(done.response.status, 'completed');
  assert.ok(done.response.usage?.total_tokens > 0, 'usage from the new core, translated');
  await s.close();

  const fresh = await since(stack, before);
  assert.equal(fresh.openai.length, 1);
  assert.equal(fresh.gemini.length, 1, 'the Gemini core took over');
  const g = fresh.gemini[0];
  assert.equal(g.setups, 1, 'one setup on the new core');
  assert.match(g.last_config, /Be brief\./, 'with the configuration');
  const h = geminiHistory(g);
  assert.equal(h[0], 'user:My name is Ada', `history replayed as turns: ${JSON.stringify(h)}`);
  assert.ok(h[1]?.startsWith('model:'), `then the answer heard: ${JSON.stringify(h)}`);
  assert.equal(h.at(-1), 'user:What is my name?');
  assert.ok(await stack.gateway.metric('sy_core_switches_total{reason="client_request"}') >= 1);
});

test('genai SDK: switchyardSwitch moves a Gemini client to the OpenAI core', async () => {
  const stack = await stackWith({});
  const before = await snapshot(stack);
  const g = await genaiConnect({ baseUrl: `http://127.0.0.1:${stack.gateway.ws}`, apiKey: KEY,
    model: 'gemini-2.0-flash-live-001', config: { responseModalities: ['AUDIO'] } });
  let from = g.log.mark();
  g.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'My name is Grace' }] }], turnComplete: true });
  await g.log.waitFor('turnComplete', (m) => m.serverContent?.turnComplete, { from, timeoutMs: 20000 });
  from = g.log.mark();
  g.session.conn.send(JSON.stringify({ switchyardSwitch: { core: 'openai' } }));
  const notice = await g.log.waitFor('switchyardCoreSwitched', (m) => m.switchyardCoreSwitched, { from });
  assert.deepEqual(notice.switchyardCoreSwitched, { from: 'gemini', to: 'openai', reason: 'client_request' });
  from = g.log.mark();
  g.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'What is my name?' }] }], turnComplete: true });
  await g.log.waitFor('an answer from the OpenAI core', (m) => m.serverContent?.turnComplete, { from, timeoutMs: 20000 });
  await g.close();
  const fresh = await since(stack, before);
  assert.equal(fresh.openai.length, 1, 'the OpenAI core took over');
  assert.deepEqual(userTexts(fresh.openai[0]), ['My name is Grace', 'What is my name?']);
});

test('openai SDK: a core that fails moves the session to its fallback, which answers; the primary gets it back', async () => {
  const stack = await stackWith({ SWITCH_COOLDOWN_MS: '1500' });
  const before = await snapshot(stack);
  const s = await openaiConnect({ baseURL: `https://localhost:${stack.gateway.wss}/v1`, apiKey: KEY, model: 'gpt-realtime' });
  await textTurn(s, 'My name is Ada');

  // The user asks; the core fails before answering: the fallback gives the answer.
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Tell me a story' }] } });
  await (await fetch(`${stack.openai.base}/_sim/faults`, { method: 'POST', body: JSON.stringify({ refuse: 503 }) })).json();
  await (await fetch(`${stack.openai.base}/_sim/drop?code=1011`, { method: 'POST' })).json();
  s.send({ type: 'response.create' });
  const notice = await s.log.waitFor('core_switched', switched, { from });
  assert.deepEqual({ from: notice.from, to: notice.to, reason: notice.reason },
    { from: 'openai', to: 'gemini', reason: 'failure' });
  const answer = await s.log.waitFor('the answer, from the fallback', is('response.done'), { from, timeoutMs: 20000 });
  assert.equal(answer.response.status, 'completed');

  // The primary recovers; after the cooldown a probe finds it and the session goes back.
  await (await fetch(`${stack.openai.base}/_sim/faults`, { method: 'POST', body: JSON.stringify({ refuse: 0 }) })).json();
  const back = await s.log.waitFor('back to the primary', (e) => switched(e) && e.to === 'openai', { from, timeoutMs: 15000 });
  assert.equal(back.reason, 'primary_recovered');
  const done = await textTurn(s, 'Are you back?');
  assert.equal(done.response.status, 'completed');
  await s.close();

  const fresh = await since(stack, before);
  const latest = fresh.openai.filter((r) => r.items.length > 0).at(-1);
  assert.deepEqual(userTexts(latest), ['My name is Ada', 'Tell me a story', 'Are you back?'],
    'the primary was told everything, including what happened on the fallback');
  assert.ok(await stack.gateway.metric('sy_core_switches_total{reason="failure"}') >= 1);
  assert.ok(await stack.gateway.metric('sy_core_switches_total{reason="primary_recovered"}') >= 1);
});

test('openai SDK: consecutive slow turns move the session', async () => {
  const stack = await stackWith({ SWITCH_LATENCY_THRESHOLD_MS: '300', SWITCH_FAILURE_COUNT: '2' },
    { openai: ['--delay-first-audio-ms', '700'] });
  const s = await openaiConnect({ baseURL: `https://localhost:${stack.gateway.wss}/v1`, apiKey: KEY, model: 'gpt-realtime' });
  const from = s.log.mark();
  await textTurn(s, 'first slow turn');
  assert.equal(s.log.filter(switched, from).length, 0, 'one slow turn is not enough');
  await textTurn(s, 'second slow turn');
  const notice = await s.log.waitFor('core_switched', switched, { from });
  assert.deepEqual({ from: notice.from, to: notice.to, reason: notice.reason },
    { from: 'openai', to: 'gemini', reason: 'latency' });
  const done = await textTurn(s, 'now on the fast core');
  assert.equal(done.response.status, 'completed');
  await s.close();
  assert.ok(await stack.gateway.metric('sy_core_switches_total{reason="latency"}') >= 1);
});
