// A few seconds of switchyard-bench against a real gateway and the echo simulators, in every mode,
// so the harness cannot rot. It asserts that sessions opened, round trips happened and the JSON
// result parses — never a timing or a rate.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSim, startGateway, ACCOUNT, SECRET } from '../../tests/e2e/lib/stack.mjs';

const bench = process.env.SWITCHYARD_BENCH;
const GEMINI_PATH = '/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent';
let openai;
let gemini;
let gateway;
let dir;

before(async () => {
  assert.ok(bench, 'SWITCHYARD_BENCH must name the switchyard-bench program');
  dir = mkdtempSync(join(tmpdir(), 'sy-bench-smoke-'));
  openai = await startSim('openai', ['--echo']);
  gemini = await startSim('gemini', ['--echo']);
  gateway = await startGateway({ openai, gemini }, { SHARDS: '1', MAX_SESSIONS_PER_IP: '0' });
});

after(async () => {
  await gateway?.stop();
  await openai?.stop();
  await gemini?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let runs = 0;
function run(args) {
  const json = join(dir, `run-${++runs}.json`);
  return new Promise((resolve, reject) => {
    execFile(bench, [...args, '--json', json, '--pid', String(gateway.child.pid)], { timeout: 60000 }, (err, stdout, stderr) => {
      if (err) { reject(new Error(`switchyard-bench failed: ${err.message}\n${stdout}\n${stderr}`)); return; }
      const lines = readFileSync(json, 'utf8').trim().split('\n');
      assert.equal(lines.length, 1, 'one JSON line per run');
      resolve({ result: JSON.parse(lines[0]), stdout });
    });
  });
}

const short = ['--seconds', '1', '--warmup-ms', '200', '--settle-ms', '200'];

test('stream, OpenAI client through the gateway to the OpenAI core', async () => {
  const { result, stdout } = await run(['--url', `ws://127.0.0.1:${gateway.ws}/core/openai/v1/realtime?model=gpt-realtime`,
    '--bearer', `${ACCOUNT}:${SECRET}`, '--protocol', 'openai', '--sessions', '4', ...short]);
  assert.equal(result.mode, 'stream');
  assert.equal(result.ready, 4);
  assert.equal(result.errors, 0);
  assert.ok(result.answers > 0, 'round trips happened');
  assert.ok(result.rtt_us.count > 0);
  assert.ok(result.cpu_us_per_msg > 0, 'the gateway used some CPU');
  assert.match(stdout, /rtt µs p50/);
});

test('stream, closed loop, Gemini client translated to the OpenAI core', async () => {
  const { result } = await run(['--url', `ws://127.0.0.1:${gateway.ws}/core/openai${GEMINI_PATH}?key=${ACCOUNT}:${SECRET}`,
    '--protocol', 'gemini', '--sessions', '2', '--interval-ms', '0', ...short]);
  assert.equal(result.ready, 2);
  assert.ok(result.answers > 0);
  assert.equal(result.pcm_bytes, 1280, '40 ms of 16 kHz PCM16');
});

test('idle, OpenAI client translated to the Gemini core: memory per session is read', async () => {
  const { result } = await run(['--url', `ws://127.0.0.1:${gateway.ws}/core/gemini/v1/realtime?model=gpt-realtime`,
    '--bearer', `${ACCOUNT}:${SECRET}`, '--protocol', 'openai', '--mode', 'idle', '--sessions', '3', ...short]);
  assert.equal(result.mode, 'idle');
  assert.equal(result.ready, 3);
  assert.ok(result.rss_before > 0 && result.rss_after > 0);
});

test('churn: sessions opened and closed', async () => {
  const { result } = await run(['--url', `ws://127.0.0.1:${gateway.ws}/core/openai/v1/realtime?model=gpt-realtime`,
    '--bearer', `${ACCOUNT}:${SECRET}`, '--protocol', 'openai', '--mode', 'churn', '--sessions', '2', ...short]);
  assert.equal(result.mode, 'churn');
  assert.ok(result.churned > 0, 'some sessions completed');
  assert.ok(result.setup_us.count > 0);
});
