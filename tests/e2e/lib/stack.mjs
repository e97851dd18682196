// Starts the pieces an SDK test talks to: the provider simulators (`switchyard-sim`, one per
// dialect) and the `switchyard` gateway pointed at them, with the committed test certificate on
// its TLS port. Everything listens on loopback ports the OS picks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import net from 'node:net';
import assert from 'node:assert/strict';

const here = dirname(fileURLToPath(import.meta.url));
export const certDir = join(here, '..', 'certs');
export const certs = {
  ca: join(certDir, 'ca.pem'),
  cert: join(certDir, 'server.pem'),
  key: join(certDir, 'server-key.pem'),
};

export const ACCOUNT = 'acme';
export const SECRET = 's3cret-acme';

// The OpenAI SDK forces wss and trusts only what Node trusts: the test CA must be in
// NODE_EXTRA_CA_CERTS before node starts. CMake sets it; by hand:
//   NODE_EXTRA_CA_CERTS=tests/e2e/certs/ca.pem SWITCHYARD_GATEWAY=<build>/tools/switchyard/switchyard \
//   SWITCHYARD_SIM=<build>/tools/sim/switchyard-sim node --test tests/e2e/sdk_openai.test.mjs
export function requireTestCa() {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  assert.ok(extra, `NODE_EXTRA_CA_CERTS must name ${certs.ca} (the SDK connects over wss)`);
  assert.equal(readFileSync(extra, 'utf8'), readFileSync(certs.ca, 'utf8'),
    `NODE_EXTRA_CA_CERTS must be the test CA ${certs.ca}`);
}

// A port nobody listens on right now: bind port 0, read it, close.
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

// Spawns a program and resolves once a stdout line matches `banner`; rejects with its stderr if
// it exits first or stays silent for `timeoutMs`.
export async function startProgram(path, args, env, banner, { timeoutMs = 20000, cwd } = {}) {
  const child = spawn(path, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  let out = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path}: no banner in ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      const m = out.match(banner);
      if (m) { clearTimeout(timer); child.stdout.off('data', onData); resolve(m); }
    };
    child.stdout.on('data', onData);
    child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`${path} exited ${code ?? sig}; stderr:\n${stderr}`)); });
  });
  child.removeAllListeners('exit');
  child.stdout.resume();  // keep draining so a chatty program never blocks on a full pipe
  let stopping = false;
  // A program that dies under a test (a crash, a sanitizer report) says why on the test's stderr.
  child.once('exit', (code, sig) => {
    if (!stopping) process.stderr.write(`\n*** ${path} exited unexpectedly (${code ?? sig}); its stderr:\n${stderr.slice(-20000)}\n`);
  });
  return {
    child, match,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      const [code] = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

// One provider simulator. `sessions()` is what each upstream session received.
export async function startSim(dialect, extraArgs = []) {
  const path = process.env.SWITCHYARD_SIM;
  assert.ok(path, 'SWITCHYARD_SIM must name the switchyard-sim program');
  const p = await startProgram(path, ['--dialect', dialect, '--port', '0', ...extraArgs], {},
    /LISTENING (\d+) (\d+)/);
  const port = Number(p.match[1]);
  return {
    ...p, port, dialect,
    base: `http://127.0.0.1:${port}`,
    async sessions() {
      const r = await fetch(`http://127.0.0.1:${port}/_sim/sessions`);
      assert.equal(r.status, 200, '/_sim/sessions');
      return r.json();
    },
  };
}

// The gateway with both simulators upstream. `env` overrides or adds settings; `journal` reuses
// the journal folder of an earlier gateway (a restart), which is then kept on stop.
export async function startGateway(sims, env = {}, { journal: reuse } = {}) {
  const path = process.env.SWITCHYARD_GATEWAY;
  assert.ok(path, 'SWITCHYARD_GATEWAY must name the switchyard program');
  const journal = reuse ?? mkdtempSync(join(tmpdir(), 'sy-e2e-journal-'));
  const tlsPort = await freePort();
  const settings = {
    HOST: '127.0.0.1',
    PORT: '0',
    TLS_PORT: String(tlsPort),
    TLS_CERT: certs.cert,
    TLS_KEY: certs.key,
    SHARDS: '2',
    ACCOUNTS: `${ACCOUNT}=${SECRET}`,
    OPENAI_API_KEY: 'sim-openai-key',
    OPENAI_BASE_URL: `${sims.openai.base}/v1`,
    GEMINI_API_KEY: 'sim-gemini-key',
    GEMINI_BASE_URL: sims.gemini.base,
    JOURNAL_DIR: journal,
    JOURNAL_SEGMENT_BYTES: '1MiB',
    TOKEN_SECRET: 'e2e-token-secret-0123456789',
    LOG_LEVEL: 'warn',
    ...env,
  };
  // Run in the journal folder so no stray ./.env of the developer's changes the settings.
  const p = await startProgram(path, [], settings,
    /switchyard listening on ws:\/\/[^:\s]+:(\d+)(?: and wss:\/\/[^:\s]+:(\d+))? \((\d+) shard/,
    { cwd: journal });
  const ws = Number(p.match[1]);
  const wss = p.match[2] ? Number(p.match[2]) : 0;
  return {
    ...p, ws, wss, journal,
    http: `http://127.0.0.1:${ws}`,
    https: `https://localhost:${wss}`,
    async stop(signal, { keepJournal = false } = {}) {
      const code = await p.stop(signal);
      if (!keepJournal) rmSync(journal, { recursive: true, force: true });
      return code;
    },
    // The value of one metric series from /metrics (summed over shards), 0 when absent.
    async metric(series) {
      const text = await (await fetch(`http://127.0.0.1:${ws}/metrics`)).text();
      let total = 0;
      // `name{a="b"}` also matches series with more labels (`name{a="b",shard="0"}`).
      const more = series.endsWith('}') ? `${series.slice(0, -1)},` : `${series}{`;
      for (const line of text.split('\n')) {
        if (line.startsWith(`${series} `) || line.startsWith(more)) {
          const v = Number(line.slice(line.lastIndexOf(' ') + 1));
          if (!Number.isNaN(v)) total += v;
        }
      }
      return total;
    },
  };
}

// Both simulators and a gateway in front of them.
export async function startStack({ gatewayEnv = {}, simArgs = {} } = {}) {
  const openai = await startSim('openai', ['--key', 'sim-openai-key', ...(simArgs.openai ?? [])]);
  const gemini = await startSim('gemini', ['--key', 'sim-gemini-key', ...(simArgs.gemini ?? [])]);
  let gateway;
  try {
    gateway = await startGateway({ openai, gemini }, gatewayEnv);
  } catch (e) {
    await openai.stop();
    await gemini.stop();
    throw e;
  }
  return {
    openai, gemini, gateway,
    async stop() {
      await gateway.stop();
      await openai.stop();
      await gemini.stop();
    },
  };
}
