// A Gemini core that announces goAway: the gateway opens a new upstream connection that resumes
// the provider session with the latest handle, before the old one closes, and the client —
// here the official openai SDK on a Gemini core — keeps talking without noticing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect } from './lib/clients.mjs';
import { snapshot, since, waitRecord } from './lib/upstream.mjs';

let stack;
before(async () => {
  requireTestCa();
  // The Gemini simulator says goAway 500 ms after each connection opens, then closes 1 s later.
  stack = await startStack({ simArgs: { gemini: ['--go-away-after-ms', '500', '--go-away-time-left-ms', '1000'] } });
});
after(async () => { if (stack) await stack.stop(); });

async function textTurn(s, text) {
  const from = s.log.mark();
  s.send({ type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  s.send({ type: 'response.create' });
  return s.log.waitFor('response.done', (e) => e.type === 'response.done', { from, timeoutMs: 20000 });
}

test('goAway: the upstream is replaced with a resumed connection and the conversation goes on', async () => {
  const before0 = await snapshot(stack);
  const s = await openaiConnect({
    baseURL: `https://localhost:${stack.gateway.wss}/v1`, apiKey: `${ACCOUNT}:${SECRET}`,
    model: 'gemini-2.0-flash-live-001',
  });
  await s.update({ instructions: 'be brief', output_modalities: ['audio'] });
  const first = await textTurn(s, 'before the switch');
  assert.equal(first.response.status, 'completed');
  // Wait until the gateway has opened the replacement connection.
  const deadline = Date.now() + 15000;
  let fresh;
  for (;;) {
    fresh = await since(stack, before0);
    if (fresh.gemini.length >= 2) break;
    assert.ok(Date.now() < deadline, `no second upstream connection: ${JSON.stringify(fresh.gemini).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const [old, opened] = fresh.gemini.sort((a, b) => a.id - b.id);
  const next = await waitRecord(stack.gemini, opened.id, (r) => r.setups >= 1, 'set up');
  assert.equal(old.setups, 1, 'one setup on the first connection');
  assert.equal(next.setups, 1, 'one setup on the replacement');
  assert.ok(next.resumption_handle, 'the replacement resumes the provider session with a handle');
  const second = await textTurn(s, 'after the switch');
  assert.equal(second.response.status, 'completed');
  assert.deepEqual(s.log.filter((e) => e.type === 'error'), [], 'the client saw no error');
  await s.close();
});
