// Failover as the user hears it: the silence between the last audio of an answer the core was
// giving when it failed and the first audio of the same answer from the fallback core.
//
//   node bench/continuity/failover_gap.mjs --gateway <switchyard> --sim <switchyard-sim> [--runs 10] [--json out.json]
//
// Starts both provider simulators and the gateway (OpenAI and Gemini back each other up), then per
// run: an OpenAI-dialect client on the OpenAI core asks for an answer; once its audio flows, the
// OpenAI simulator is made to fail (it drops its connections and refuses new ones); the gateway
// switches the session to the Gemini core, which gives the answer again. Measured on the client:
// from the last audio delta before the switch notice to the first audio delta after it. The
// simulators answer at once (no model time), so this is the gateway's share of the gap plus the
// fallback's connect and setup.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', '..', 'tests', 'e2e', 'package.json'));
const WebSocket = require('ws');

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1]]);
  return acc;
}, []));
const runs = Number(args.runs ?? 10);
if (!args.gateway || !args.sim) {
  console.error('usage: failover_gap.mjs --gateway <switchyard> --sim <switchyard-sim> [--runs N] [--json FILE]');
  process.exit(2);
}

function start(path, argv, env, banner) {
  return new Promise((resolve, reject) => {
    const child = spawn(path, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => { err += d; });
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(banner);
      if (m) resolve({ child, m });
    });
    child.on('exit', (code) => reject(new Error(`${path} exited ${code}: ${err.slice(-2000)}`)));
  });
}

const post = (url, body) => fetch(url, { method: 'POST', body: body ? JSON.stringify(body) : undefined });

async function main() {
  const openai = await start(args.sim, ['--dialect', 'openai', '--port', '0', '--key', 'k1', '--chunk-interval-ms', '40'], {}, /LISTENING (\d+)/);
  const gemini = await start(args.sim, ['--dialect', 'gemini', '--port', '0', '--key', 'k2', '--chunk-interval-ms', '40'], {}, /LISTENING (\d+)/);
  const oport = Number(openai.m[1]);
  const gport = Number(gemini.m[1]);
  const journal = mkdtempSync(join(tmpdir(), 'sy-failover-'));
  const gw = await start(args.gateway, [], {
    HOST: '127.0.0.1', PORT: '0', SHARDS: '1', ACCOUNTS: 'acme=secret-acme', LOG_LEVEL: 'warn',
    OPENAI_API_KEY: 'k1', OPENAI_BASE_URL: `http://127.0.0.1:${oport}/v1`,
    GEMINI_API_KEY: 'k2', GEMINI_BASE_URL: `http://127.0.0.1:${gport}`,
    JOURNAL_DIR: journal, JOURNAL_SEGMENT_BYTES: '1MiB', SWITCH_COOLDOWN_MS: '600000',
  }, /listening on ws:\/\/[^:\s]+:(\d+)/);
  const gport2 = Number(gw.m[1]);
  const gaps = [];
  try {
    for (let run = 0; run < runs; run++) {
      await post(`http://127.0.0.1:${oport}/_sim/faults`, { refuse: 0 });
      const ws = new WebSocket(`ws://127.0.0.1:${gport2}/v1/realtime?model=gpt-realtime`,
        { headers: { Authorization: 'Bearer acme:secret-acme' } });
      const events = [];
      const waiters = [];
      ws.on('message', (data) => {
        const e = JSON.parse(data.toString());
        e.at = performance.now();
        events.push(e);
        for (const w of [...waiters]) if (w.pred(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
      });
      const next = (pred, ms = 15000) => new Promise((resolve, reject) => {
        const found = events.find(pred);
        if (found) return resolve(found);
        const w = { pred, resolve };
        waiters.push(w);
        setTimeout(() => reject(new Error(`timeout; got ${events.map((x) => x.type).join(',')}`)), ms);
      });
      await next((e) => e.type === 'session.created');
      ws.send(JSON.stringify({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: `Tell me a long story, run ${run}` }] } }));
      ws.send(JSON.stringify({ type: 'response.create' }));
      // Let the answer play a little, then the core fails under it.
      await next((e) => e.type === 'response.output_audio.delta');
      await new Promise((r) => setTimeout(r, 100));
      await post(`http://127.0.0.1:${oport}/_sim/faults`, { refuse: 503 });
      await post(`http://127.0.0.1:${oport}/_sim/drop?code=1011`);
      const notice = await next((e) => e.type === 'switchyard.core_switched');
      const first = await next((e) => e.type === 'response.output_audio.delta' && e.at > notice.at);
      const last = events.filter((e) => e.type === 'response.output_audio.delta' && e.at < notice.at).at(-1);
      gaps.push(first.at - last.at);
      ws.close();
      await new Promise((r) => setTimeout(r, 50));
      // Back to the OpenAI core for the next run: a new session starts there.
    }
  } finally {
    for (const p of [gw, openai, gemini]) p.child.kill('SIGTERM');
    rmSync(journal, { recursive: true, force: true });
  }
  const sorted = [...gaps].sort((a, b) => a - b);
  const q = (p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const result = { runs: gaps.length, median_ms: q(0.5), p90_ms: q(0.9), max_ms: sorted.at(-1), gaps_ms: gaps };
  console.log(`failover gap over ${gaps.length} runs: median ${result.median_ms.toFixed(1)} ms, p90 ${result.p90_ms.toFixed(1)} ms, max ${result.max_ms.toFixed(1)} ms`);
  if (args.json) writeFileSync(args.json, JSON.stringify(result));
}

main().catch((e) => { console.error(e); process.exit(1); });
