// What the provider simulators saw: GET /_sim/sessions on each, narrowed to the upstream sessions
// a test opened (those not present in a snapshot taken before it).
import assert from 'node:assert/strict';

function list(body) {
  if (Array.isArray(body)) return body;
  if (Array.isArray(body?.sessions)) return body.sessions;
  throw new Error(`unexpected /_sim/sessions shape: ${JSON.stringify(body).slice(0, 300)}`);
}

export async function snapshot(stack) {
  const ids = {};
  for (const name of ['openai', 'gemini']) ids[name] = new Set(list(await stack[name].sessions()).map((s) => s.id));
  return ids;
}

// Upstream sessions opened since `before`, on each simulator.
export async function since(stack, before) {
  const out = {};
  for (const name of ['openai', 'gemini']) {
    out[name] = list(await stack[name].sessions()).filter((s) => !before[name].has(s.id));
  }
  return out;
}

// The one upstream session a client session opened, on the simulator `where`; fails when the
// traffic went elsewhere or was split over several upstream sessions.
export async function theUpstream(stack, before, where) {
  const fresh = await since(stack, before);
  const other = where === 'openai' ? 'gemini' : 'openai';
  assert.equal(fresh[other].length, 0,
    `expected no upstream session on the ${other} simulator, got ${JSON.stringify(fresh[other]).slice(0, 500)}`);
  assert.equal(fresh[where].length, 1,
    `expected exactly one upstream session on the ${where} simulator, got ${fresh[where].length}: ${JSON.stringify(fresh[where]).slice(0, 800)}`);
  return fresh[where][0];
}

// Polls until pred(record) holds for the session with `id` (e.g. it has closed); bounded.
export async function waitRecord(sim, id, pred, what, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = list(await sim.sessions()).find((s) => s.id === id);
    if (last && pred(last)) return last;
    if (Date.now() > deadline) throw new Error(`upstream session ${id}: not ${what} within ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const count = (rec, name) => rec.received?.[name] ?? 0;
