// The programs one benchmark scenario runs: the echo simulators (the upstream every target shares),
// and the hops in front of them — Switchyard, nginx, the Node relay — plus, for each hop and each
// client dialect, the URL and credential switchyard-bench uses. "direct" is no hop at all.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, freePort } from './procs.mjs';
import { startNginx } from './nginx.mjs';

export const GEMINI_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
const ACCOUNT = 'bench';
const SECRET = 'bench-secret-0123456789';
const SIM_KEY = 'sim-key';  // the simulators accept any key; the gateway sends this one

// One simulator per dialect in echo mode, each with a plain and a TLS listener.
export async function startSims({ bin, certs, cpus }) {
  const sim = (dialect) => start(`switchyard-sim (${dialect})`, bin.sim, [
    '--dialect', dialect, '--echo', '--port', '0', '--tls', '--tls-port', '0',
    '--cert', certs.cert, '--tls-key', certs.key,
  ], { cpus });
  const openai = await sim('openai');
  const gemini = await sim('gemini');
  const info = (p) => ({ ws: Number(p.match[1]), wss: Number(p.match[2]), pid: p.pid, proc: p });
  return {
    openai: info(openai), gemini: info(gemini), pids: [openai.pid, gemini.pid],
    async stop() { await openai.stop(); await gemini.stop(); },
  };
}

// The gateway with one shard (its own CPU), upstreams over TLS when `upstreamTls`.
export async function startSwitchyard({ bin, sims, certs, cpus, shards = 1, upstreamTls = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-gw-'));
  const tlsPort = await freePort();
  const scheme = upstreamTls ? 'https' : 'http';
  const port = (s) => (upstreamTls ? s.wss : s.ws);
  const p = await start('switchyard', bin.gateway, [], {
    cpus, cwd: dir,
    banner: /switchyard listening on ws:\/\/[^:\s]+:(\d+)(?: and wss:\/\/[^:\s]+:(\d+))?/,
    env: {
      HOST: '127.0.0.1', PORT: '0', TLS_PORT: String(tlsPort), TLS_CERT: certs.cert, TLS_KEY: certs.key,
      TLS_CA_FILE: certs.ca, SHARDS: String(shards), ACCOUNTS: `${ACCOUNT}=${SECRET}`,
      OPENAI_API_KEY: SIM_KEY, OPENAI_BASE_URL: `${scheme}://127.0.0.1:${port(sims.openai)}/v1`,
      GEMINI_API_KEY: SIM_KEY, GEMINI_BASE_URL: `${scheme}://127.0.0.1:${port(sims.gemini)}`,
      MAX_SESSIONS_PER_IP: '0', LOG_LEVEL: 'warn', JOURNAL_DIR: join(dir, 'journal'),
    },
  });
  return {
    ...p, ws: Number(p.match[1]), wss: Number(p.match[2] ?? 0), pids: [p.pid],
    async stop() { await p.stop(); rmSync(dir, { recursive: true, force: true }); },
  };
}

// The Node relay; with `tls` it listens on wss and reaches the simulators over wss.
export async function startNodeRelay({ root, sims, certs, cpus, tls = false }) {
  const args = ['--expose-gc', join(root, 'bench/baselines/node-relay.mjs')];
  if (tls) {
    args.push('--openai-upstream', `wss://127.0.0.1:${sims.openai.wss}/v1`, '--gemini-upstream', `wss://127.0.0.1:${sims.gemini.wss}`,
      '--tls-cert', certs.cert, '--tls-key', certs.key, '--ca', certs.ca);
  } else {
    args.push('--openai-upstream', `ws://127.0.0.1:${sims.openai.ws}/v1`, '--gemini-upstream', `ws://127.0.0.1:${sims.gemini.ws}`);
  }
  const p = await start(`node relay${tls ? ' (TLS)' : ''}`, process.execPath, args, { cpus });
  return { ...p, ws: Number(p.match[1]), wss: Number(p.match[2]), pids: [p.pid], gcSignal: 'USR2' };
}

export async function startNginxHop({ dir, sims, certs, cpus, connections, nofile, workers }) {
  return startNginx({ dir, sims, certs, cpus, connections, nofile, workers });
}

// What switchyard-bench is told for a hop ('direct', 'nginx', 'node', 'switchyard'), a route
// ('openai-openai', 'openai-gemini', 'gemini-openai') and TLS or not. The direct and nginx paths
// cannot translate: they carry the dialect the upstream speaks, at its own rate (Gemini 16 kHz,
// OpenAI 24 kHz) — what a client of that provider would send.
export function endpoint(hop, route, { sims, target, tls }) {
  const [client, core] = route.split('-');
  const scheme = tls ? 'wss' : 'ws';
  const host = '127.0.0.1';
  const hopPort = (t) => (tls ? t.wss : t.ws);
  const nativeOpenai = (port) => ({ url: `${scheme}://${host}:${port}/v1/realtime?model=gpt-realtime`, protocol: 'openai' });
  const nativeGemini = (port) => ({ url: `${scheme}://${host}:${port}${GEMINI_PATH}?key=${SIM_KEY}`, protocol: 'gemini' });
  if (hop === 'direct' || hop === 'nginx') {
    const port = hop === 'direct' ? hopPort(sims[core]) : hopPort(target);
    return core === 'openai' ? nativeOpenai(port) : nativeGemini(port);
  }
  const port = hopPort(target);
  if (client === 'openai') {
    return { url: `${scheme}://${host}:${port}/core/${core}/v1/realtime?model=gpt-realtime`, protocol: 'openai', bearer: hop === 'switchyard' ? `${ACCOUNT}:${SECRET}` : undefined };
  }
  const key = hop === 'switchyard' ? `${ACCOUNT}:${SECRET}` : 'relay';
  return { url: `${scheme}://${host}:${port}/core/${core}${GEMINI_PATH}?key=${encodeURIComponent(key)}`, protocol: 'gemini' };
}
