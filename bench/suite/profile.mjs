// `tools/bench --profile`: where the gateway's CPU time and idle memory go, written to
// docs/bench/profile.json (figures and the generated notes the report shows under "Profile").
//
//   - callgrind: user-space instructions per relayed message, by library and by function. This
//     machine's perf has no hardware counters (`perf stat -e instructions` is unsupported in most
//     VMs), so instruction counts come from valgrind. Valgrind cannot run the io_uring backend (the
//     shard thread blocks inside io_uring_enter while valgrind serialises threads), so callgrind
//     runs the epoll build of the same code; the user-space work per message is the same code.
//   - perf (software cpu-clock sampling, when perf can record): the io_uring build's split between
//     kernel and user space and its hottest symbols.
//   - heaptrack: what an idle session's heap holds, per allocation site, on the io_uring build.
//
//   node bench/suite/profile.mjs --build build/release --epoll-build build/epoll
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus as osCpus } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBench, sleep, start } from './procs.mjs';
import { startSims, endpoint } from './stack.mjs';
import { startNginx } from './nginx.mjs';
import { machineInfo } from './machine.mjs';
import { profileMarkdown } from './profile_report.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values: args } = parseArgs({
  options: {
    build: { type: 'string', default: join(root, 'build/release') },
    'epoll-build': { type: 'string', default: join(root, 'build/epoll') },
  },
});
const build = resolve(args.build);
const bin = {
  gateway: join(build, 'tools/switchyard/switchyard'),
  // heaptrack runs this one: the same gateway on the C library's malloc (see its CMakeLists.txt).
  systemMallocGateway: join(build, 'tools/switchyard/switchyard-system-malloc'),
  epollGateway: join(resolve(args['epoll-build']), 'tools/switchyard/switchyard'),
  sim: join(build, 'tools/sim/switchyard-sim'),
  bench: join(build, 'bench/harness/switchyard-bench'),
};
const ncpu = osCpus().length;
const layout = ncpu >= 2 ? { hop: '0', load: ncpu === 2 ? '1' : `1-${ncpu - 1}`, loadCpus: ncpu - 1, pinned: true } : { loadCpus: 1, pinned: false };
const log = (s) => process.stdout.write(`${s}\n`);
const have = (cmd, a) => spawnSync(cmd, a, { stdio: 'ignore' }).status === 0;

const work = mkdtempSync(join(tmpdir(), 'sy-profile-'));
const certs = { dir: join(work, 'certs') };
execFileSync(join(root, 'tools/dev-cert'), [certs.dir], { stdio: 'ignore' });
Object.assign(certs, { ca: join(certs.dir, 'ca.pem'), cert: join(certs.dir, 'server.pem'), key: join(certs.dir, 'server-key.pem') });
const ACCOUNT = 'bench';
const SECRET = 'bench-secret-0123456789';

// The gateway, optionally under a profiler (`wrap` = argv prefix); `--host` rather than HOST, which
// valgrind's vgdb also reads.
async function gateway({ path, sims, wrap = [], env = {}, name }) {
  const dir = mkdtempSync(join(work, 'gw-'));
  const argv = [...wrap, path, '--host', '127.0.0.1'];
  const p = await start(name, argv[0], argv.slice(1), {
    cpus: layout.hop, cwd: dir, timeoutMs: 60000,
    banner: /switchyard listening on ws:\/\/[^:\s]+:(\d+)/,
    env: {
      PORT: '0', SHARDS: '1', ACCOUNTS: `${ACCOUNT}=${SECRET}`, MAX_SESSIONS_PER_IP: '0', LOG_LEVEL: 'warn',
      OPENAI_API_KEY: 'sim-key', OPENAI_BASE_URL: `http://127.0.0.1:${sims.openai.ws}/v1`,
      GEMINI_API_KEY: 'sim-key', GEMINI_BASE_URL: `http://127.0.0.1:${sims.gemini.ws}`,
      JOURNAL_DIR: join(dir, 'journal'), ...env,
    },
  });
  return { ...p, ws: Number(p.match[1]), pids: [p.pid] };
}

async function messages(port) {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const get = (leg, dir) => Number(text.match(new RegExp(`^sy_ws_messages_total\\{leg="${leg}",direction="${dir}"\\} (\\d+)`, 'm'))?.[1] ?? 0);
  return { relayed: get('client', 'in') + get('upstream', 'in') };
}

function benchArgs(route, gw, load, extra = []) {
  const ep = endpoint('switchyard', route, { sims: null, target: gw, tls: false });
  const a = ['--url', ep.url, '--protocol', ep.protocol, '--threads', String(layout.loadCpus), ...load, ...extra];
  if (ep.bearer) a.push('--bearer', ep.bearer);
  return a;
}

// --- callgrind: instructions per relayed message ---
async function callgrind(sims, route) {
  const out = join(work, `callgrind-${route}.out`);
  const gw = await gateway({
    name: 'switchyard (epoll, callgrind)', path: bin.epollGateway, sims,
    wrap: ['valgrind', '--tool=callgrind', '--instr-atstart=no', `--callgrind-out-file=${out}`],
  });
  const vgdbPid = String(gw.pid);
  const control = (...a) => execFileSync('callgrind_control', [...a, vgdbPid], { stdio: 'ignore' });
  try {
    // 10 voice-rate sessions: what valgrind's ~50× slowdown still serves at pace.
    const run = runBench(bin.bench, benchArgs(route, gw, ['--sessions', '10', '--seconds', '6', '--warmup-ms', '1000'], ['--pid', vgdbPid]),
      { cpus: layout.load, jsonPath: join(work, `cg-${route}.json`) });
    await sleep(2500);
    control('-i', 'on');
    const m0 = await messages(gw.ws);
    await sleep(3000);
    const m1 = await messages(gw.ws);
    control('-d');
    control('-i', 'off');
    await run;
    const file = readdirSync(work).filter((f) => f.startsWith(`callgrind-${route}.out.`)).map((f) => join(work, f)).pop();
    const text = execFileSync('callgrind_annotate', ['--threshold=100', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    return { route, relayed: m1.relayed - m0.relayed, ...parseCallgrind(text) };
  } finally {
    await gw.stop();
  }
}

function parseCallgrind(text) {
  const total = Number(text.match(/^([\d,]+) \([\s\d.]+%\)\s+PROGRAM TOTALS/m)?.[1].replace(/,/g, '') ?? 0);
  const byObject = {};
  const functions = [];
  for (const line of text.split('\n')) {
    const m = line.match(/^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*?)\s+\[(.+)\]\s*$/);
    if (!m) continue;
    const ir = Number(m[1].replace(/,/g, ''));
    const object = m[3].split('/').pop();
    const fn = m[2].replace(/^[^:]*:/, '').replace(/\(anonymous namespace\)/g, '{anon}').replace(/\(.*$/, '')
      .replace(/std::basic_string_view<char, std::char_traits<char> >/g, 'string_view');
    byObject[object] = (byObject[object] ?? 0) + ir;
    functions.push({ ir, object, fn: fn.startsWith('0x') ? `(${object}, no symbols)` : fn });
  }
  // Unnamed functions of one library are one entry.
  const merged = new Map();
  for (const f of functions) {
    const key = `${f.fn}|${f.object}`;
    merged.set(key, { ...f, ir: (merged.get(key)?.ir ?? 0) + f.ir });
  }
  return {
    total,
    objects: Object.entries(byObject).map(([object, ir]) => ({ object, ir })).sort((a, b) => b.ir - a.ir),
    functions: [...merged.values()].sort((a, b) => b.ir - a.ir).slice(0, 15),
  };
}

// --- perf: kernel and user share, hottest symbols, on the io_uring build ---
async function perf(sims, route, load) {
  const gw = await gateway({ name: 'switchyard (perf)', path: bin.gateway, sims });
  const tag = `${route}-${load.interval ? "paced" : "loop"}`;
  const data = join(work, `perf-${tag}.data`);
  try {
    const run = runBench(bin.bench, benchArgs(route, gw, ['--sessions', String(load.sessions), '--interval-ms', String(load.interval), '--seconds', '4', '--warmup-ms', '1000'], ['--pid', String(gw.pid)]),
      { cpus: layout.load, jsonPath: join(work, `perf-${tag}.json`) });
    await sleep(1800);
    spawnSync('perf', ['record', '-q', '-e', 'cpu-clock', '-F', '2000', '-p', String(gw.pid), '-o', data, '--', 'sleep', '3'], { stdio: 'ignore' });
    const { result } = await run;
    if (!existsSync(data)) return null;
    const report = (sort) => execFileSync('perf', ['report', '-i', data, '--no-children', '--sort', sort, '-g', 'none', '--stdio', '--percent-limit', '0.7'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
    const rows = (text) => text.split('\n').map((l) => l.match(/^\s+([\d.]+)%\s+(.*)$/)).filter(Boolean).map((m) => ({ pct: Number(m[1]), what: m[2].trim().replace(/\s+/g, ' ') }));
    return {
      route, load: load.name, cpu_us_per_msg: result.cpu_us_per_msg, user_s: result.target_user_s, system_s: result.target_system_s,
      dsos: rows(report('dso')), symbols: rows(report('sym')).slice(0, 16),
    };
  } finally {
    await gw.stop();
  }
}

// --- the same loads natively on both builds and on nginx: CPU, system calls and context switches
// per relayed message (perf stat on the syscall tracepoint, when perf can count it) ---
async function backend(sims, route, load, which) {
  const hop = which === 'nginx'
    ? await startNginx({ dir: mkdtempSync(join(work, 'nginx-')), sims, certs, cpus: layout.hop, connections: 200, nofile: 4096 })
    : await gateway({ name: which, path: which === 'epoll' ? bin.epollGateway : bin.gateway, sims });
  const stat = join(work, `stat-${which}-${route}-${load.interval}.txt`);
  try {
    const ep = endpoint(which === 'nginx' ? 'nginx' : 'switchyard', route, { sims, target: hop, tls: false });
    const a = ['--url', ep.url, '--protocol', ep.protocol, '--threads', String(layout.loadCpus)];
    if (ep.bearer) a.push('--bearer', ep.bearer);
    a.push('--sessions', String(load.sessions), '--interval-ms', String(load.interval), '--seconds', '3', '--warmup-ms', '1000');
    for (const pid of hop.pids) a.push('--pid', String(pid));
    const run = runBench(bin.bench, a, { cpus: layout.load, jsonPath: join(work, `backend-${which}-${route}-${load.interval}.json`) });
    await sleep(1200);
    spawnSync('perf', ['stat', '-x', ',', '-o', stat, '-e', 'raw_syscalls:sys_enter,context-switches', '-p', hop.pids.join(','), '--', 'sleep', '3'], { stdio: 'ignore' });
    const { result } = await run;
    const counts = {};
    if (existsSync(stat)) {
      for (const line of readFileSync(stat, 'utf8').split('\n')) {
        const f = line.split(',');
        if (f.length > 3 && /^\d+$/.test(f[0])) counts[f[2]] = Number(f[0]);
      }
    }
    // perf counted over 3 s of the 3 s window; relayed messages per second from the bench.
    const relayedPerS = (result.sent + result.answers) / result.window_seconds;
    const per = (n) => (n !== undefined && relayedPerS > 0 ? n / 3 / relayedPerS : null);
    return {
      build: which, route, load: load.name, cpu_us_per_msg: result.cpu_us_per_msg, user_s: result.target_user_s, system_s: result.target_system_s,
      p99_us: result.rtt_us.p99, rate: result.answers_per_s,
      syscalls_per_msg: per(counts['raw_syscalls:sys_enter']), switches_per_msg: per(counts['context-switches']),
    };
  } finally {
    await hop.stop();
  }
}

// --- heaptrack: what idle sessions hold ---
async function heaptrack(sims, route, sessions) {
  const out = join(work, `heaptrack-${route}`);
  const gw = await gateway({ name: 'switchyard (heaptrack)', path: bin.systemMallocGateway, sims, wrap: ['heaptrack', '-o', out] });
  // heaptrack starts the gateway as its child (comm is cut to 15 characters: switchyard-syst).
  const child = execFileSync('ps', ['-o', 'pid=', '--ppid', String(gw.pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
  const pid = child.find((p) => readFileSync(`/proc/${p}/comm`, 'utf8').trim().startsWith('switchyard')) ?? gw.pid;
  let result;
  try {
    ({ result } = await runBench(bin.bench, benchArgs(route, gw, ['--mode', 'idle', '--sessions', String(sessions), '--seconds', '1', '--settle-ms', '1000'], ['--pid', String(pid)]),
      { cpus: layout.load, jsonPath: join(work, `heaptrack-${route}.json`) }));
  } finally {
    try { process.kill(pid, 'SIGTERM'); } catch { /* already gone */ }
    await gw.stop();
  }
  await sleep(1500);  // heaptrack finishes writing after its child exits
  const file = readdirSync(work).filter((f) => f.startsWith(`heaptrack-${route}.`)).map((f) => join(work, f)).pop();
  const text = execFileSync('heaptrack_print', ['-f', file, '--print-peaks', '1', '--print-allocators', '0', '--print-temporary', '0',
    '--print-leaks', '0', '-n', '14', '-s', '0'],
  { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
  const peak = text.match(/peak heap memory consumption: ([\d.]+)([KMG]?)/);
  const unit = { '': 1, K: 1024, M: 2 ** 20, G: 2 ** 30 };
  const bytes = (n, u) => Number(n) * (unit[u] ?? 1);
  const sites = [];
  const re = /^([\d.]+)([KMG]?) peak memory consumed over (\d+) calls from\n(.+)\n(?:\s+at .+\n)?\s+in (.+)\n/gm;
  for (let m; (m = re.exec(text));) {
    const object = m[5].split('/').pop();
    const raw = m[4].trim();
    // A coroutine's frame is allocated under the coroutine's own (mangled "actor") name.
    const frame = /\[clone \.actor\]|\.Frame\*/.test(raw) ? ' (coroutine frame)' : '';
    const site = raw.replace(/\(anonymous namespace\)/g, '{anon}').replace(/\(.*$/, '').slice(0, 120) + frame;
    sites.push({ bytes: bytes(m[1], m[2]), calls: Number(m[3]), site: /^0x[0-9a-f]+$/.test(site) ? `(${object}, no symbols)` : site, object });
  }
  return { route, sessions: result.ready, rss_per_session: result.rss_per_session, peak_heap: peak ? bytes(peak[1], peak[2]) : null, sites };
}

try {
  const missing = ['valgrind', 'callgrind_annotate', 'heaptrack', 'heaptrack_print'].filter((c) => !have('which', [c]));
  if (missing.length) throw new Error(`profile: ${missing.join(', ')} not installed (tools/deps --profile installs them)`);
  if (!existsSync(bin.epollGateway)) throw new Error(`profile: no epoll build of the gateway at ${bin.epollGateway}`);
  const sims = await startSims({ bin, certs, cpus: layout.load });
  const profile = { date: new Date().toISOString(), machine: machineInfo({ root, build, layout }), callgrind: [], perf: [], heaptrack: [] };
  try {
    for (const route of ['openai-openai', 'openai-gemini']) {
      log(`profile: callgrind, ${route}`);
      profile.callgrind.push(await callgrind(sims, route));
    }
    const perfWorks = have('perf', ['record', '-q', '-e', 'cpu-clock', '-o', join(work, 'probe.data'), '--', 'true']);
    if (perfWorks) {
      for (const route of ['openai-openai', 'openai-gemini']) {
        for (const load of [{ name: '50×25/s', sessions: 50, interval: 40 }, { name: 'closed loop', sessions: 50, interval: 0 }]) {
          log(`profile: perf, ${route}, ${load.name}`);
          const p = await perf(sims, route, load);
          if (p) profile.perf.push(p);
        }
      }
    }
    profile.perfAvailable = perfWorks;
    profile.backends = [];
    for (const route of ['openai-openai', 'openai-gemini']) {
      for (const load of [{ name: '50×25/s', sessions: 50, interval: 40 }, { name: 'closed loop', sessions: 50, interval: 0 }]) {
        log(`profile: io_uring build, epoll build${route === 'openai-openai' ? ', nginx' : ''}: ${route}, ${load.name}`);
        for (const which of ['io_uring', 'epoll', ...(route === 'openai-openai' ? ['nginx'] : [])]) {
          profile.backends.push(await backend(sims, route, load, which));
        }
      }
    }
    for (const route of ['openai-openai', 'openai-gemini']) {
      log(`profile: heaptrack, ${route}`);
      profile.heaptrack.push(await heaptrack(sims, route, 500));
    }
  } finally {
    await sims.stop();
  }
  profile.markdown = profileMarkdown(profile);
  const path = join(root, 'docs/bench/profile.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(profile, null, 1)}\n`);
  log(`profile: wrote ${path}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
