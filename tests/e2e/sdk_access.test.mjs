// Who may open a session: the universal endpoint's rs_auth (valid, wrong, expired), ephemeral
// tokens minted by the gateway and used by both official SDKs, the per-IP session limit (429)
// and the Origin allow-list (403). Refusals happen before the WebSocket upgrade.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import WebSocket from 'ws';
import OpenAI from 'openai';
import { Modality } from '@google/genai';
import { startStack, startGateway, requireTestCa, ACCOUNT, SECRET } from './lib/stack.mjs';
import { openaiConnect, openaiRefused, genaiConnect, gem } from './lib/clients.mjs';
import { EventLog, within } from './lib/events.mjs';
import { snapshot, theUpstream } from './lib/upstream.mjs';

const ALLOWED_ORIGIN = 'https://app.example.com';
let stack;
before(async () => {
  requireTestCa();
  stack = await startStack({ gatewayEnv: { ALLOWED_ORIGINS: ALLOWED_ORIGIN } });
});
after(async () => { if (stack) await stack.stop(); });

const hmac = (msg, key = SECRET) => createHmac('sha256', key).update(msg).digest('hex');
const now = () => Math.floor(Date.now() / 1000);

// A raw WebSocket attempt: resolves { status, body } for a refusal, or { ws, log } once open.
async function attempt(url, { headers, protocols } = {}) {
  const ws = new WebSocket(url, protocols ?? [], { headers });
  const log = new EventLog(`raw ${url}`);
  ws.on('message', (data, isBinary) => {
    const text = Buffer.from(data).toString('utf8');
    let ev;
    try { ev = JSON.parse(text); } catch { ev = { unparsed: text }; }
    Object.defineProperty(ev, '__binary', { value: isBinary });
    log.push(ev);
  });
  ws.on('close', (code, reason) => log.close({ code, reason: reason.toString() }));
  ws.on('error', () => {});
  const outcome = new Promise((resolve) => {
    ws.once('open', () => resolve({ ws, log }));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => { ws.terminate(); resolve({ status: res.statusCode, headers: res.headers, body }); });
    });
  });
  return within(outcome, 10000, `upgrade ${url}`);
}

async function closeRaw(ws) {
  const closed = once(ws, 'close');
  ws.close(1000, 'done');
  await within(closed, 10000, 'close');
}

describe('universal endpoint', () => {
  const url = (params) => `ws://127.0.0.1:${stack.gateway.ws}/?${new URLSearchParams(params)}`;

  test('a valid rs_auth opens an OpenAI-dialect session on the OpenAI core', async () => {
    const before = await snapshot(stack);
    const sid = `u-${Date.now()}`;
    const r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid), rs_api: 'OPENAI', rs_core: 'OPENAI' }));
    assert.ok(r.ws, `refused: ${r.status} ${r.body}`);
    const created = await r.log.waitFor('session.created', (e) => e.type === 'session.created');
    assert.equal(created.__binary, false, 'OpenAI events are text frames');
    const from = r.log.mark();
    r.ws.send(JSON.stringify({ type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'universal hello' }] } }));
    r.ws.send(JSON.stringify({ type: 'response.create' }));
    const done = await r.log.waitFor('response.done', (e) => e.type === 'response.done', { from });
    assert.equal(done.response.status, 'completed');
    await closeRaw(r.ws);
    const rec = await theUpstream(stack, before, 'openai');
    assert.ok(rec.texts.includes('universal hello'));
  });

  test('rs_api=GEMINI with rs_core=GEMINI speaks Gemini in binary frames, one setup upstream', async () => {
    const before = await snapshot(stack);
    const sid = `g-${Date.now()}`;
    const r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid), rs_api: 'GEMINI', rs_core: 'GEMINI' }));
    assert.ok(r.ws, `refused: ${r.status} ${r.body}`);
    r.ws.send(JSON.stringify({ setup: { model: 'models/gemini-2.0-flash-live-001', generationConfig: { responseModalities: ['AUDIO'] } } }));
    const sc = await r.log.waitFor('setupComplete', (m) => m.setupComplete);
    assert.equal(sc.__binary, true, 'Gemini server messages are binary frames');
    const from = r.log.mark();
    r.ws.send(JSON.stringify({ clientContent: { turns: [{ role: 'user', parts: [{ text: 'universal gemini' }] }], turnComplete: true } }));
    await r.log.waitFor('turnComplete', gem.turnComplete, { from });
    await closeRaw(r.ws);
    const rec = await theUpstream(stack, before, 'gemini');
    assert.equal(rec.setups, 1);
    assert.ok(rec.texts.includes('universal gemini'));
  });

  test('rs_core=SIM serves the session from the built-in simulator (no upstream socket)', async () => {
    const before = await snapshot(stack);
    const sid = `s-${Date.now()}`;
    const r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid), rs_core: 'SIM' }));
    assert.ok(r.ws, `refused: ${r.status} ${r.body}`);
    await r.log.waitFor('session.created', (e) => e.type === 'session.created');
    const from = r.log.mark();
    r.ws.send(JSON.stringify({ type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello sim' }] } }));
    r.ws.send(JSON.stringify({ type: 'response.create' }));
    const done = await r.log.waitFor('response.done', (e) => e.type === 'response.done', { from });
    assert.equal(done.response.status, 'completed');
    await closeRaw(r.ws);
    const fresh = await snapshot(stack);
    assert.equal(fresh.openai.size, before.openai.size, 'no OpenAI upstream session');
    assert.equal(fresh.gemini.size, before.gemini.size, 'no Gemini upstream session');
  });

  test('a wrong rs_auth is refused with 401 before the upgrade', async () => {
    const sid = `w-${Date.now()}`;
    let r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid, 'not-the-secret') }));
    assert.equal(r.status, 401, r.body);
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(`${sid}x`) }));
    assert.equal(r.status, 401, 'a MAC over another session id');
    r = await attempt(url({ rs_accid: 'nobody', rs_u_sessid: sid, rs_auth: hmac(sid) }));
    assert.equal(r.status, 401, 'an unknown account');
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid).toUpperCase().replace(/./, 'Z') }));
    assert.equal(r.status, 401, 'not a hex MAC');
  });

  test('rs_exp: a MAC bound to a future expiry opens, an expired one is refused with 401', async () => {
    const sid = `e-${Date.now()}`;
    const future = now() + 300;
    let r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(`${sid}.${future}`), rs_exp: String(future) }));
    assert.ok(r.ws, `refused: ${r.status} ${r.body}`);
    await r.log.waitFor('session.created', (e) => e.type === 'session.created');
    await closeRaw(r.ws);

    const past = now() - 60;
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(`${sid}.${past}`), rs_exp: String(past) }));
    assert.equal(r.status, 401, r.body);
    assert.match(r.body, /rs_exp|expire/i, 'the refusal says why');
    // The expiry is bound into the MAC: moving it forward breaks the MAC.
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(`${sid}.${past}`), rs_exp: String(future) }));
    assert.equal(r.status, 401, r.body);
  });

  test('missing or unknown parameters are refused with 400 naming what is allowed', async () => {
    const sid = `p-${Date.now()}`;
    let r = await attempt(url({ rs_accid: ACCOUNT, rs_auth: hmac(sid) }));
    assert.equal(r.status, 400);
    assert.match(r.body, /rs_u_sessid/);
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid), rs_api: 'BOGUS' }));
    assert.equal(r.status, 400);
    assert.match(r.body, /OPENAI/);
    assert.match(r.body, /GEMINI/);
    r = await attempt(url({ rs_accid: ACCOUNT, rs_u_sessid: sid, rs_auth: hmac(sid), rs_core: 'BOGUS' }));
    assert.equal(r.status, 400);
    assert.match(r.body, /SIM/);
  });
});

describe('ephemeral tokens', () => {
  const baseURL = () => `https://localhost:${stack.gateway.wss}/v1`;

  async function mint(seconds = 120) {
    const admin = new OpenAI({ apiKey: `${ACCOUNT}:${SECRET}`, baseURL: baseURL(), maxRetries: 0 });
    return admin.realtime.clientSecrets.create({ expires_after: { anchor: 'created_at', seconds } });
  }

  test('the SDK mints a token with client_secrets and connects with it (OpenAI dialect)', async () => {
    const t0 = now();
    const secret = await mint(120);
    assert.match(secret.value, /^ek_/);
    assert.ok(Math.abs(secret.expires_at - (t0 + 120)) <= 5, `expires_at ${secret.expires_at} vs now ${t0}`);
    const s = await openaiConnect({ baseURL: baseURL(), apiKey: secret.value, model: 'gpt-realtime' });
    await s.update({ output_modalities: ['audio'] });
    const from = s.log.mark();
    s.send({ type: 'conversation.item.create',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'token hello' }] } });
    s.send({ type: 'response.create' });
    const done = await s.log.waitFor('response.done', (e) => e.type === 'response.done', { from });
    assert.equal(done.response.status, 'completed');
    await s.close();
  });

  test('the token works for the genai SDK on the Gemini path (?key=ek_…)', async () => {
    const secret = await mint(60);
    const s = await genaiConnect({ baseUrl: `http://127.0.0.1:${stack.gateway.ws}`, apiKey: secret.value,
      model: 'gemini-2.0-flash-live-001', config: { responseModalities: [Modality.AUDIO] } });
    const from = s.log.mark();
    s.session.sendClientContent({ turns: [{ role: 'user', parts: [{ text: 'token gemini' }] }], turnComplete: true });
    await s.log.waitFor('turnComplete', gem.turnComplete, { from });
    await s.close();
  });

  test('a tampered or unsigned token is refused with 401', async () => {
    const secret = await mint(60);
    const flipped = secret.value.slice(0, -1) + (secret.value.at(-1) === '0' ? '1' : '0');
    let r = await openaiRefused({ baseURL: baseURL(), apiKey: flipped, model: 'gpt-realtime' });
    assert.equal(r.status, 401, 'a token whose MAC was altered');
    // Each field is bound into the MAC: a later expiry (or another account) forges nothing.
    // (Only when the expiry is readable in the token; its format is the gateway's business.)
    if (secret.value.includes(String(secret.expires_at))) {
      const later = secret.value.replace(String(secret.expires_at), String(secret.expires_at + 3600));
      r = await openaiRefused({ baseURL: baseURL(), apiKey: later, model: 'gpt-realtime' });
      assert.equal(r.status, 401, 'a token whose expiry was extended');
    }
    r = await openaiRefused({ baseURL: baseURL(), apiKey: 'ek_made_up_token', model: 'gpt-realtime' });
    assert.equal(r.status, 401);
  });

  test('minting needs the account credential, and a token cannot mint another', async () => {
    const anon = new OpenAI({ apiKey: 'acme:wrong', baseURL: baseURL(), maxRetries: 0 });
    await assert.rejects(anon.realtime.clientSecrets.create({ expires_after: { anchor: 'created_at', seconds: 60 } }),
      (e) => e.status === 401);
    const secret = await mint(60);
    const holder = new OpenAI({ apiKey: secret.value, baseURL: baseURL(), maxRetries: 0 });
    await assert.rejects(holder.realtime.clientSecrets.create({ expires_after: { anchor: 'created_at', seconds: 60 } }),
      (e) => e.status === 401 || e.status === 403);
  });
});

describe('credential slots on the native paths', () => {
  test('the openai-insecure-api-key subprotocol carries the key; the answer names only `realtime`', async () => {
    for (const cred of [SECRET, (await new OpenAI({ apiKey: `${ACCOUNT}:${SECRET}`, baseURL: `https://localhost:${stack.gateway.wss}/v1`, maxRetries: 0 })
      .realtime.clientSecrets.create({ expires_after: { anchor: 'created_at', seconds: 60 } })).value]) {
      const r = await attempt(`ws://127.0.0.1:${stack.gateway.ws}/v1/realtime?model=gpt-realtime`,
        { protocols: ['realtime', `openai-insecure-api-key.${cred}`] });
      assert.ok(r.ws, `refused: ${r.status} ${r.body}`);
      assert.equal(r.ws.protocol, 'realtime', 'never echo the subprotocol that carries the key');
      await r.log.waitFor('session.created', (e) => e.type === 'session.created');
      await closeRaw(r.ws);
    }
    const bad = await attempt(`ws://127.0.0.1:${stack.gateway.ws}/v1/realtime?model=gpt-realtime`,
      { protocols: ['realtime', 'openai-insecure-api-key.wrong-secret'] });
    assert.equal(bad.status, 401);
  });

  test('the Gemini path takes the key as x-goog-api-key, and also through //ws/', async () => {
    const path = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
    for (const p of [path, `/${path}`]) {
      const r = await attempt(`ws://127.0.0.1:${stack.gateway.ws}${p}`, { headers: { 'x-goog-api-key': SECRET } });
      assert.ok(r.ws, `${p} refused: ${r.status} ${r.body}`);
      r.ws.send(JSON.stringify({ setup: { model: 'models/gemini-2.0-flash-live-001' } }));
      await r.log.waitFor('setupComplete', (m) => m.setupComplete);
      await closeRaw(r.ws);
    }
    const none = await attempt(`ws://127.0.0.1:${stack.gateway.ws}${path}`);
    assert.equal(none.status, 401, 'no credential at all');
  });
});

describe('Origin allow-list', () => {
  test('a browser Origin that is not listed gets 403; a listed one is served', async () => {
    const baseURL = `https://localhost:${stack.gateway.wss}/v1`;
    const refused = await openaiRefused({ baseURL, apiKey: `${ACCOUNT}:${SECRET}`, model: 'gpt-realtime',
      headers: { Origin: 'https://evil.example.com' } });
    assert.equal(refused.status, 403);
    assert.match(refused.errors.map((e) => e.message).join(' '), /403/, 'the SDK reports the refusal as an error');

    const sid = `o-${Date.now()}`;
    const raw = await attempt(`ws://127.0.0.1:${stack.gateway.ws}/?rs_accid=${ACCOUNT}&rs_u_sessid=${sid}&rs_auth=${hmac(sid)}`,
      { headers: { Origin: 'https://evil.example.com' } });
    assert.equal(raw.status, 403, 'the universal endpoint checks Origin too');

    const ok = await attempt(`ws://127.0.0.1:${stack.gateway.ws}/?rs_accid=${ACCOUNT}&rs_u_sessid=${sid}&rs_auth=${hmac(sid)}`,
      { headers: { Origin: 'https://APP.example.com' } });
    assert.ok(ok.ws, `a listed Origin (any case) is served: ${ok.status} ${ok.body}`);
    await ok.log.waitFor('session.created', (e) => e.type === 'session.created');
    await closeRaw(ok.ws);
  });
});

describe('limits', () => {
  test('the 11th session from one IP is refused with 429 (MAX_SESSIONS_PER_IP default 10), and a slot frees on close', async () => {
    // A gateway of its own, so no other test's sessions count against the limit.
    const gw = await startGateway({ openai: stack.openai, gemini: stack.gemini });
    try {
      const baseURL = `https://localhost:${gw.wss}/v1`;
      const key = `${ACCOUNT}:${SECRET}`;
      const open = [];
      for (let i = 0; i < 10; i++) open.push(await openaiConnect({ baseURL, apiKey: key, model: 'gpt-realtime' }));
      const refused = await openaiRefused({ baseURL, apiKey: key, model: 'gpt-realtime' });
      assert.equal(refused.status, 429);
      assert.match(refused.errors.map((e) => e.message).join(' '), /429/);
      const raw = await attempt(`ws://127.0.0.1:${gw.ws}/v1/realtime?model=gpt-realtime`, { headers: { Authorization: `Bearer ${key}` } });
      assert.equal(raw.status, 429, 'the plain listener counts the same client');
      assert.ok(raw.headers['retry-after'], 'a 429 says when to retry');

      await open.pop().close();
      // The slot is released when the session ends on the gateway; wait for it, bounded.
      const deadline = Date.now() + 5000;
      let s;
      while (!s) {
        try {
          s = await openaiConnect({ baseURL, apiKey: key, model: 'gpt-realtime' });
        } catch (e) {
          if (Date.now() > deadline || !/429/.test(e.message)) throw e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      open.push(s);
      await Promise.all(open.map((x) => x.close()));
    } finally {
      await gw.stop();
    }
  });
});
