// The standard benchmark suite (tools/bench runs it): every scenario against the upstream directly,
// nginx, the Node relay and Switchyard, side by side in one run, then docs/BENCHMARKS.md.
//
//   node bench/suite/run.mjs --build build/release [--only a,b1,...] [--seconds 3] [--no-report]
//   node bench/suite/run.mjs --report-only        (the report again from docs/bench/results.json)
//
// CPU layout on a machine with at least two CPUs: the hop under test (Switchyard with one shard,
// nginx with one worker, the Node relay) runs alone on CPU 0; the load generator and the
// simulators share the other CPUs. Each hop therefore gets the same single core, and the load side
// cannot steal it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir, cpus as osCpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { runBench, sleep } from './procs.mjs';
import { startSims, startSwitchyard, startNodeRelay, startNginxHop, endpoint } from './stack.mjs';
import { scenarios, HOPS } from './scenarios.mjs';
import { machineInfo } from './machine.mjs';
import { tlsThroughput } from './tls_throughput.mjs';
import { continuity } from './continuity.mjs';
import { writeReport } from './report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    build: { type: 'string', default: join(root, 'build/release') },
    only: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    'no-report': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
    results: { type: 'string' },
    'build-seconds': { type: 'string', default: '-1' },
  },
});
if (args['report-only']) {
  const path = args.results ?? join(root, 'docs/bench/results.json');
  if (!existsSync(path)) { console.error(`bench: no results at ${path}; run tools/bench first`); process.exit(1); }
  const written = writeReport({ root, data: JSON.parse(readFileSync(path, 'utf8')) });
  console.log(`bench: wrote ${written.join(', ')}`);
  process.exit(0);
}
const build = resolve(args.build);
const bin = {
  gateway: join(build, 'tools/switchyard/switchyard'),
  sim: join(build, 'tools/sim/switchyard-sim'),
  bench: join(build, 'bench/harness/switchyard-bench'),
  tlsBench: join(build, 'bench/net/tls/bench_net_tls'),
  journalBench: join(build, 'bench/persistence/journal/persistence_journal_bench'),
  checkpointBench: join(build, 'bench/persistence/checkpoint/persistence_checkpoint_bench'),
};
for (const [name, path] of Object.entries(bin)) {
  if (!existsSync(path)) { console.error(`bench: no ${name} binary at ${path} (build Release first)`); process.exit(1); }
}
const seconds = Number(args.seconds);
const only = args.only ? new Set(args.only.split(',')) : null;
const ncpu = osCpus().length;
const layout = ncpu >= 2
  ? { hop: '0', load: ncpu === 2 ? '1' : `1-${ncpu - 1}`, loadCpus: ncpu - 1, pinned: true }
  : { hop: undefined, load: undefined, loadCpus: 1, pinned: false };

// Open files: a hop holds two sockets per session (client and upstream legs). The idle scenario
// asks for 10,000 sessions and is cut to what RLIMIT_NOFILE allows (tools/bench raises it as far
// as the hard limit lets it); the report says so when that happens.
const nofile = Number(readFileSync('/proc/self/limits', 'utf8').match(/^Max open files\s+(\d+)/m)?.[1] ?? 1024);
const maxSessionsPerHop = Math.floor((nofile - 256) / 2);

const work = mkdtempSync(join(tmpdir(), 'sy-bench-'));
const certs = { dir: join(work, 'certs') };
execFileSync(join(root, 'tools/dev-cert'), [certs.dir], { stdio: 'ignore' });
Object.assign(certs, { ca: join(certs.dir, 'ca.pem'), cert: join(certs.dir, 'server.pem'), key: join(certs.dir, 'server-key.pem') });

const started = Date.now();
let idleLimit = null;
const results = [];
let runNo = 0;
const log = (s) => process.stdout.write(`${s}\n`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;

// Other work on the machine (a shared host) disturbs the figures. Before each run the suite waits
// for the machine to go quiet, within a budget; a run during which others used more than a
// quarter of a CPU is repeated once; the report marks what was still disturbed.
const NOISY = 0.25;
let quietBudgetMs = 60000;
let rerunsLeft = 6;
function machineBusy() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (f[0] + f[1] + f[2] + f[5] + f[6]) / 100;  // user nice system irq softirq, in seconds (USER_HZ)
}
async function waitForQuiet() {
  for (;;) {
    const a = machineBusy();
    await sleep(300);
    const busy = (machineBusy() - a) / 0.3;
    if (busy < 0.15 || quietBudgetMs <= 0) return busy;
    log(`  (machine busy with other work: ${busy.toFixed(2)} CPUs; waiting)`);
    await sleep(2000);
    quietBudgetMs -= 2500;
  }
}

// One measurement, repeated once when other work disturbed it. `once` runs it and returns the
// record (already in results); the idle scenario's `once` starts a fresh hop each time.
async function measured(once) {
  let record = await once();
  if (record.other_busy_cpus > NOISY && rerunsLeft > 0) {
    rerunsLeft -= 1;
    log(`      (other work used ${record.other_busy_cpus.toFixed(2)} CPUs during the run: repeating it)`);
    results.splice(results.indexOf(record), 1);
    const first = record.other_busy_cpus;
    record = await once();
    record.repeated_after_noise = first;
  }
  return record;
}

// One switchyard-bench run against a running hop; the result is kept with what was run.
const bench = (scenario, hop, load, ctx) => measured(() => benchOnce(scenario, hop, load, ctx));

async function benchOnce(scenario, hop, load, { target, sims, route, tls }) {
  await waitForQuiet();
  const ep = endpoint(hop, route, { sims, target, tls });
  const core = route.split('-')[1];
  const a = ['--url', ep.url, '--protocol', ep.protocol, '--mode', load.mode ?? 'stream',
    '--sessions', String(load.sessions), '--threads', String(layout.loadCpus),
    '--seconds', String(load.seconds ?? seconds), '--warmup-ms', String(load.warmupMs ?? 1000),
    '--interval-ms', String(load.interval ?? 40), '--max-connecting', String(load.maxConnecting ?? 128),
    '--label', `${scenario.id}/${hop}/${load.name}`];
  if (ep.bearer) a.push('--bearer', ep.bearer);
  if (tls) a.push('--ca', certs.ca);
  if (target) for (const pid of target.pids) a.push('--pid', String(pid));
  a.push('--upstream-pid', String(sims[core].pid));
  if (target?.gcSignal && load.mode === 'idle') a.push('--gc-signal', target.gcSignal);
  if (load.settleMs) a.push('--settle-ms', String(load.settleMs));
  const jsonPath = join(work, `run-${++runNo}.json`);
  const { result } = await runBench(bin.bench, a, { cpus: placement(scenario).load, jsonPath });
  const record = { scenario: scenario.id, hop, route, tls: Boolean(tls), load: load.name, ...result };
  results.push(record);
  const cpu = result.cpu_us_per_msg >= 0 ? `${result.cpu_us_per_msg.toFixed(2)} µs/msg` : '';
  const rss = result.rss_per_session >= 0 && load.mode === 'idle' ? `${(result.rss_per_session / 1024).toFixed(2)} KiB/session` : '';
  const churn = load.mode === 'churn' ? `${result.setups_per_s.toFixed(0)} sessions/s` : '';
  const lat = load.mode === 'stream' || !load.mode ? `p50 ${result.rtt_us.p50} p99 ${result.rtt_us.p99} µs, ${result.answers_per_s.toFixed(0)} rt/s` : '';
  log(`  [${elapsed()}] ${scenario.id} ${hop.padEnd(10)} ${load.name.padEnd(14)} ${[lat, cpu, rss, churn].filter(Boolean).join(', ')}` +
    (result.warnings.length ? `\n      ! ${result.warnings.join('\n      ! ')}` : ''));
  return record;
}


// Where a scenario's programs run: by default the hop alone on its CPU; `shared` scenarios let
// every program use every CPU, with the hop running as many shards or workers as there are CPUs.
const placement = (scenario) => (scenario.shared
  ? { hop: undefined, load: undefined, workers: ncpu }
  : { hop: layout.hop, load: layout.load, workers: 1 });

async function startHop(hop, { sims, tls, scenario }) {
  const at = placement(scenario);
  switch (hop) {
    case 'direct': return null;
    case 'nginx': return startNginxHop({ dir: join(work, `nginx-${runNo}`), sims, certs, cpus: at.hop, connections: maxSessionsPerHop, nofile, workers: at.workers });
    case 'node': return startNodeRelay({ root, sims, certs, cpus: at.hop, tls });
    case 'switchyard': return startSwitchyard({ bin, sims, certs, cpus: at.hop, upstreamTls: tls, shards: at.workers });
    default: throw new Error(hop);
  }
}

// Programs that end under the suite (a crash, or another user's tooling stopping processes by name
// on a shared host) spoil the run: it is repeated, and every such event is logged and listed in the
// report.
const restarts = [];
function noteRestart(scenario, what, proc) {
  const how = proc ? `${proc.child.exitCode ?? proc.child.signalCode}` : '?';
  restarts.push({ scenario: scenario.id, what, exit: how, at_s: Math.round((Date.now() - started) / 1000) });
  log(`  (${what} exited (${how}) during a run; repeating the run)`);
}

async function runScenario(scenario) {
  log(`[${elapsed()}] ${scenario.id}: ${scenario.title}`);
  let sims = await startSims({ bin, certs, cpus: placement(scenario).load });
  const simsAlive = () => sims.openai.proc.alive() && sims.gemini.proc.alive();
  const ensureSims = async () => {
    if (simsAlive()) return;
    noteRestart(scenario, 'a simulator', null);
    await sims.stop();
    sims = await startSims({ bin, certs, cpus: placement(scenario).load });
  };
  // A fresh hop for every run, so each starts from the same state and its RSS growth per session is
  // its own (a process that held 1,000 sessions keeps the memory it grew to). A run during which the
  // hop or a simulator ended is repeated.
  const runFresh = async (sc, hop, load, route) => {
    const once = async () => {
      await ensureSims();
      const target = await startHop(hop, { sims, tls: sc.tls, scenario: sc });
      try {
        return await benchOnce(sc, hop, load, { target, sims, route, tls: sc.tls });
      } finally {
        if (target && !target.alive()) noteRestart(sc, hop, target);
        if (!simsAlive()) noteRestart(sc, 'a simulator', null);
        await target?.stop();
      }
    };
    const before = restarts.length;
    let record = await measured(once);
    if (restarts.length > before) {
      results.splice(results.indexOf(record), 1);
      record = await measured(once);
      record.repeated_after_restart = true;
    }
    return record;
  };
  try {
    if (scenario.kind === 'idle') {
      // A fresh hop for every reading, so memory freed by earlier runs cannot be reused.
      const sessions = Math.min(scenario.load.sessions, maxSessionsPerHop);
      if (sessions < scenario.load.sessions) {
        log(`  RLIMIT_NOFILE is ${nofile}: ${sessions} idle sessions instead of ${scenario.load.sessions}`);
      }
      idleLimit = { requested: scenario.load.sessions, sessions, nofile };
      for (const { hop, route } of scenario.cases) {
        await runFresh(scenario, hop, { ...scenario.load, sessions, name: route }, route);
      }
      return;
    }
    for (const load of scenario.loads) {
      for (const hop of scenario.hops ?? HOPS) await runFresh(scenario, hop, load, scenario.route);
    }
  } finally {
    await sims.stop();
  }
}

try {
  const machine = machineInfo({ root, build, layout });
  log(`bench: ${machine.cpuModel}, ${machine.cpus} CPU(s), ${layout.pinned ? `hop on CPU ${layout.hop}, load on CPU ${layout.load}` : 'not pinned'}`);
  for (const s of scenarios) if (!only || only.has(s.id)) await runScenario(s);
  let tls = null;
  if (!only || only.has('tls')) {
    log(`[${elapsed()}] TLS record throughput, wolfSSL vs OpenSSL`);
    tls = tlsThroughput({ bin, cpus: layout.hop });
  }
  let cont = null;
  if (!only || only.has('continuity')) {
    log(`[${elapsed()}] session continuity: failover gap, journal append and recovery`);
    cont = continuity({ root, bin, cpus: layout.hop });
  }
  const suiteSeconds = (Date.now() - started) / 1000;
  const out = {
    machine, layout, seconds, suiteSeconds, results, tls, continuity: cont, date: new Date().toISOString(),
    buildSeconds: Number(args['build-seconds']),
    idleLimit,
    restarts,
    noise: { threshold: NOISY, quietWaitSpentMs: 60000 - quietBudgetMs, rerunsUsed: 6 - rerunsLeft },
  };
  const resultsPath = args.results ?? join(root, 'docs/bench/results.json');
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(out, null, 1)}\n`);
  log(`bench: ${results.length} runs in ${suiteSeconds.toFixed(0)} s; results in ${resultsPath}`);
  if (!args['no-report']) {
    const report = writeReport({ root, data: out });
    log(`bench: wrote ${report.join(', ')}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
