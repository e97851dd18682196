// kill -9 of the gateway in the middle of conversations, then a restart on the same journal: each
// client comes back with its session id (OpenAI SDK) or the gateway's handle (genai SDK), the
// conversation is restored on a new upstream — the history replayed as conversation items to an
// OpenAI core, the core's own resumption handle given to a Gemini core — and it goes on.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSim, startGateway, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect, genaiConnect } from './lib/clients.mjs';
import { snapshot, since } from './lib/upstream.mjs';

const KEY = `${ACCOUNT}:${SECRET}`;
const is = (type) => (e) => e.type === type;

let sims;
let gateway;
before(async () => {
  requireTestCa();
  sims = {
    openai: await startSim('openai', ['--key', 'sim-openai-key']),
    gemini: await startSim('gemini', ['--key', 'sim-gemini-key']),
  };
});
after(async () => {
  if (gateway) await gateway.stop();
  for (const s of Object.values(sims ?? {})) await s.stop();
});

async function textTurn(s, text) {
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  s.send({ type: 'response.create' });
  const done = await s.log.waitFor(`response.done after "${text}"`, is('response.done'), { from, timeoutMs: 20000 });
  assert.equal(done.response.status, 'completed');
  return done;
}

async function geminiTurn(g, text) {
  const from = g.log.mark();
  g.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text }] }], turnComplete: true });
  await g.log.waitFor(`turnComplete after "${text}"`, (m) => m.serverContent?.turnComplete, { from, timeoutMs: 20000 });
}

test('after kill -9 and a restart, every conversation resumes with its history', async () => {
  const env = { SWITCH_FALLBACK: 'none', JOURNAL_SYNC: 'none', LOG_LEVEL: 'info' };
  gateway = await startGateway(sims, env);
  const stack = { ...sims };
  const before = await snapshot(stack);
  const id = `crash-${process.pid}-${Date.now()}`;
  const base = () => `https://localhost:${gateway.wss}/session/${id}/v1`;

  // An OpenAI client on the OpenAI core: its configuration and two turns.
  const a = await openaiConnect({ baseURL: base(), apiKey: KEY, model: 'gpt-realtime' });
  const sessionId = a.log.items.find(is('session.created')).session.id;
  await a.update({ instructions: 'You keep track of names.' });
  await textTurn(a, 'My name is Ada');
  await textTurn(a, 'I live in Oslo');

  // A Gemini client on the Gemini core, with resumption on.
  const baseUrl = () => `http://127.0.0.1:${gateway.ws}`;
  const g = await genaiConnect({ baseUrl: baseUrl(), apiKey: KEY, model: 'gemini-2.0-flash-live-001',
    config: { responseModalities: ['AUDIO'], sessionResumption: {} } });
  const handle = (await g.log.waitFor('a handle', (m) => m.sessionResumptionUpdate?.newHandle))
    .sessionResumptionUpdate.newHandle;
  await geminiTurn(g, 'My name is Grace');
  const firstGemini = (await since(stack, before)).gemini;
  assert.equal(firstGemini.length, 1);

  // The gateway dies without a chance to flush or say goodbye.
  assert.equal(await gateway.stop('SIGKILL', { keepJournal: true }), null);
  const journal = gateway.journal;
  gateway = await startGateway(sims, env, { journal });
  assert.ok(await gateway.metric('sy_sessions_recovered_total') >= 2, 'both sessions read back from the journal');

  const mid = await snapshot(stack);
  const a2 = await openaiConnect({ baseURL: base(), apiKey: KEY, model: 'gpt-realtime' });
  const created = a2.log.items.find(is('session.created'));
  assert.equal(created.session.id, sessionId, 'the same session, as the client knew it');
  assert.equal(created.session.instructions, 'You keep track of names.');
  await textTurn(a2, 'Where do I live?');
  await a2.close();

  const g2 = await genaiConnect({ baseUrl: baseUrl(), apiKey: KEY, model: 'gemini-2.0-flash-live-001',
    config: { responseModalities: ['AUDIO'], sessionResumption: { handle } } });
  await geminiTurn(g2, 'What is my name?');
  await g2.close();

  const fresh = await since(stack, mid);
  assert.equal(fresh.openai.length, 1, 'one new OpenAI upstream session');
  const items = fresh.openai[0].items.filter((i) => i.type === 'message').map((i) => `${i.role}:${i.text}`);
  assert.deepEqual(items.filter((t) => t.startsWith('user:')),
    ['user:My name is Ada', 'user:I live in Oslo', 'user:Where do I live?'], JSON.stringify(items));
  assert.equal(items.filter((t) => t.startsWith('assistant:')).length, 2, `the two answers heard: ${JSON.stringify(items)}`);
  assert.ok(items.indexOf('user:Where do I live?') === items.length - 1, 'history first, then the new turn');
  assert.match(fresh.openai[0].last_config, /You keep track of names\./, 'the configuration restored');

  assert.equal(fresh.gemini.length, 1, 'one new Gemini upstream session');
  const rg = fresh.gemini[0];
  assert.equal(rg.setups, 1);
  assert.match(rg.resumption_handle, /^simhandle-/, 'the Gemini core resumed with its own handle');
  assert.deepEqual(rg.texts, ['What is my name?']);
  assert.ok(await gateway.metric('sy_session_resumes_total{kind="dormant"}') >= 2);
});
