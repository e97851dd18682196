// Session limits and account reloads on a running gateway: the idle timeout, the maximum session
// lifetime, and ACCOUNTS_FILE re-read on SIGHUP without dropping the sessions already open.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startStack, ACCOUNT, SECRET } from './lib/stack.mjs';

const stacks = [];
after(async () => { for (const s of stacks) await s.stop(); });

async function stackWith(env) {
  const s = await startStack({ gatewayEnv: env });
  stacks.push(s);
  return s;
}

// A session on the universal endpoint with the built-in simulator core.
function universal(stack, account, secret, sid) {
  const mac = createHmac('sha256', secret).update(sid).digest('hex');
  const url = `ws://127.0.0.1:${stack.gateway.ws}/?rs_accid=${account}&rs_u_sessid=${sid}` +
              `&rs_auth=${mac}&rs_api=OPENAI&rs_core=SIM`;
  return new WebSocket(url);
}

// The close event, or a failure after `ms`.
function closed(ws, ms) {
  return Promise.race([
    once(ws, 'close'),
    new Promise((_, reject) => setTimeout(() => reject(new Error(`not closed within ${ms} ms`)), ms)),
  ]);
}

async function opens(ws) {
  return new Promise((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode));
    ws.once('error', () => resolve(false));
  });
}

test('a session with no traffic is closed at IDLE_TIMEOUT_MS', async () => {
  const stack = await stackWith({ IDLE_TIMEOUT_MS: '700' });
  const ws = universal(stack, ACCOUNT, SECRET, 'idle-1');
  assert.equal(await opens(ws), true);
  const started = Date.now();
  const [code, reason] = await closed(ws, 5000);
  assert.equal(code, 1000);
  assert.equal(reason.toString(), 'idle timeout');
  assert.ok(Date.now() - started >= 600, 'closed before the idle timeout');
});

test('a session is closed at MAX_SESSION_SECONDS even while it is busy', async () => {
  const stack = await stackWith({ MAX_SESSION_SECONDS: '1' });
  const ws = universal(stack, ACCOUNT, SECRET, 'life-1');
  assert.equal(await opens(ws), true);
  const timer = setInterval(() => ws.send(JSON.stringify({ type: 'input_audio_buffer.clear' })), 100);
  const [code, reason] = await closed(ws, 5000).finally(() => clearInterval(timer));
  assert.equal(code, 1000);
  assert.equal(reason.toString(), 'maximum session lifetime reached');
});

test('SIGHUP re-reads ACCOUNTS_FILE; open sessions keep running', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sy-accounts-'));
  const file = join(dir, 'accounts');
  writeFileSync(file, '# test accounts\nteam=first-secret\n');
  try {
    const stack = await stackWith({ ACCOUNTS_FILE: file });
    const kept = universal(stack, 'team', 'first-secret', 'hup-1');
    assert.equal(await opens(kept), true);
    writeFileSync(file, 'team=second-secret\n');
    stack.gateway.child.kill('SIGHUP');
    // The reload is asynchronous to us: poll until the old secret is refused.
    const deadline = Date.now() + 5000;
    for (;;) {
      const probe = universal(stack, 'team', 'first-secret', `hup-probe-${Date.now()}`);
      const r = await opens(probe);
      if (r === true) probe.close();
      if (r === 401) break;
      assert.ok(Date.now() < deadline, 'the old secret still works after SIGHUP');
      await new Promise((res) => setTimeout(res, 50));
    }
    const fresh = universal(stack, 'team', 'second-secret', 'hup-2');
    assert.equal(await opens(fresh), true, 'the new secret works');
    fresh.close();
    assert.equal(kept.readyState, WebSocket.OPEN, 'the session opened before the reload is still open');
    kept.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
