// docs/BENCHMARKS.md and its plots, from one run's results (docs/bench/results.json) and, when
// present, the profile notes of `tools/bench --profile` (docs/bench/profile.json). Every figure
// in the report comes from those files; nothing here is a measured number.
import { writeFileSync, readFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { scenarios, HOPS } from './scenarios.mjs';
import { num, us, latency, kib, ratio, HOP_NAME, routeName, pick } from './format.mjs';
import { targets } from './targets.mjs';
import { plots } from './plots.mjs';
import { profileSection } from './profile_report.mjs';

// Flags for a row: what its warnings say, compressed to letters explained under each table.
const FLAGS = [
  ['L', /load side is saturated|load generator saturated/, 'the load side (generator + simulator) was saturated'],
  ['P', /pace was not kept/, 'the voice pace was not kept (fewer messages sent than intended)'],
  ['U', /never answered/, 'some messages were never answered'],
  ['E', /session error/, 'some sessions failed to open or were closed'],
  ['B', /had not closed/, 'the hop was still behind when the run stopped'],
];
function flags(r, noise) {
  const f = FLAGS.filter(([, re]) => r.warnings.some((w) => re.test(w))).map(([c]) => c);
  if (r.other_busy_cpus > noise) f.push('N');
  return f.join('');
}
function legend(rows, noise) {
  const used = new Set(rows.map((r) => flags(r, noise)).join(''));
  const items = FLAGS.filter(([c]) => used.has(c)).map(([c, , text]) => `**${c}** ${text}`);
  if (used.has('N')) items.push(`**N** other work on the machine used more than ${noise} CPU during the run`);
  return items.length ? `\nFlags: ${items.join('; ')}.\n` : '';
}

function streamSection(data, s) {
  const rows = data.results.filter((r) => r.scenario === s.id);
  if (!rows.length) return '';
  const noise = data.noise?.threshold ?? 0.25;
  let out = `### ${sectionTitle(s)}\n\n`;
  out += describeRoute(s);
  out += '| load | hop | round trips/s | p50 | p90 | p99 | p99.9 | p99 added to direct | hop CPU per relayed message | hop CPU | of it in the kernel | RSS per active session | load side CPU | flags |\n';
  out += '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|\n';
  for (const load of s.loads) {
    const direct = pick(data, s.id, 'direct', load.name);
    for (const hop of s.hops ?? HOPS) {
      const r = pick(data, s.id, hop, load.name);
      if (!r) continue;
      const added = hop !== 'direct' && direct ? r.rtt_us.p99 - direct.rtt_us.p99 : null;
      const addedText = added === null ? '—' : added < 0 ? `−${latency(-added)}` : latency(added);
      const kernel = r.target_user_s >= 0 && r.target_user_s + r.target_system_s > 0 ? `${num(100 * r.target_system_s / (r.target_user_s + r.target_system_s))}%` : '—';
      const loadSide = (r.generator_util * r.threads + Math.max(0, r.upstream_util));
      out += `| ${load.name} | ${HOP_NAME[hop]} | ${num(r.answers_per_s)} | ${latency(r.rtt_us.p50)} | ${latency(r.rtt_us.p90)} | ${latency(r.rtt_us.p99)} | ${latency(r.rtt_us.p999)} | ${addedText} | ${r.cpu_us_per_msg >= 0 ? `${us(r.cpu_us_per_msg)} µs` : '—'} | ${r.target_util >= 0 ? `${num(r.target_util * 100)}%` : '—'} | ${kernel} | ${r.rss_per_session > 0 ? kib(r.rss_per_session) : '—'} | ${num(loadSide * 100)}% | ${flags(r, noise)} |\n`;
    }
  }
  out += legend(rows, noise);
  out += `\nSwitchyard as a ratio of each baseline at the same load (below 1× is better for Switchyard):\n\n`;
  out += '| load | CPU per message ÷ nginx | ÷ Node relay | p50 ÷ direct | p99 ÷ direct | p99 ÷ nginx | p99 ÷ Node relay |\n|---|--:|--:|--:|--:|--:|--:|\n';
  for (const load of s.loads) {
    const [d, x, n, y] = HOPS.map((h) => pick(data, s.id, h, load.name));
    if (!y) continue;
    out += `| ${load.name} | ${ratio(y.cpu_us_per_msg, x?.cpu_us_per_msg)} | ${ratio(y.cpu_us_per_msg, n?.cpu_us_per_msg)} | ${ratio(y.rtt_us.p50, d?.rtt_us.p50)} | ${ratio(y.rtt_us.p99, d?.rtt_us.p99)} | ${ratio(y.rtt_us.p99, x?.rtt_us.p99)} | ${ratio(y.rtt_us.p99, n?.rtt_us.p99)} |\n`;
  }
  return `${out}\n`;
}

function idleSection(data, s) {
  const rows = data.results.filter((r) => r.scenario === s.id);
  if (!rows.length) return '';
  const noise = data.noise?.threshold ?? 0.25;
  const lim = data.idleLimit;
  let out = `### ${sectionTitle(s)}\n\n`;
  out += `Each hop is started afresh, ${num(lim?.sessions ?? rows[0].sessions)} sessions are opened (at most 256 in their handshake at once), each sends one audio message and waits for its echo (so both legs are up and have carried traffic), then all stay silent for ${num(s.load.settleMs / 1000, 0)} s before the hop's RSS is read. RSS per idle session = (RSS with the sessions open − RSS before the first) ÷ sessions. Both legs are in the hop's process (the client connection and the upstream connection); the simulator holds the other ends. The Node relay runs with \`--expose-gc\` and is sent SIGUSR2 (a full garbage collection) before each reading. Kernel socket buffers are not in any process's RSS.\n\n`;
  if (lim && lim.sessions < lim.requested) {
    out += `**Fewer than ${num(lim.requested)} sessions:** RLIMIT_NOFILE on this machine is ${num(lim.nofile)} and could not be raised (no CAP_SYS_RESOURCE), and a hop holds two sockets per session, so ${num(lim.sessions)} is the most one hop process can hold here. On a machine where \`tools/bench\` can raise the limit it opens ${num(lim.requested)}.\n\n`;
  }
  out += '| hop | route | sessions held | opened in | RSS before | RSS with sessions idle | RSS per idle session | hop CPU while idle | flags |\n|---|---|--:|--:|--:|--:|--:|--:|:-:|\n';
  for (const r of rows) {
    out += `| ${HOP_NAME[r.hop]} | ${routeName(r.route)} | ${num(r.ready)} | ${num(r.open_seconds, 1)} s | ${num(r.rss_before / 2 ** 20, 1)} MiB | ${num(r.rss_after / 2 ** 20, 1)} MiB | **${kib(r.rss_per_session)}** | ${r.target_util >= 0 ? `${num(r.target_util * 100, 1)}%` : '—'} | ${flags(r, noise)} |\n`;
  }
  out += legend(rows, noise);
  const sy = rows.filter((r) => r.hop === 'switchyard');
  if (sy.length) {
    out += '\nSwitchyard as a ratio (below 1× is better for Switchyard):\n\n| route | ÷ nginx | ÷ Node relay (same route) |\n|---|--:|--:|\n';
    const nginx = rows.find((r) => r.hop === 'nginx');
    for (const y of sy) {
      const node = rows.find((r) => r.hop === 'node' && r.route === y.route);
      out += `| ${routeName(y.route)} | ${ratio(y.rss_per_session, nginx?.rss_per_session)} | ${ratio(y.rss_per_session, node?.rss_per_session)} |\n`;
    }
  }
  return `${out}\n`;
}

function churnSection(data, list) {
  const rows = data.results.filter((r) => list.some((s) => s.id === r.scenario));
  if (!rows.length) return '';
  const noise = data.noise?.threshold ?? 0.25;
  let out = '### (e) Connection churn: sessions opened and closed per second\n\n';
  out += `${rows[0].sessions} loops each open a session (TCP, TLS when on, the WebSocket upgrade, and the hop's upstream connection), wait until it is ready (OpenAI \`session.created\` from the simulator, through the hop), close it and start again, for ${num(rows[0].window_seconds, 0)} s after a 0.5 s warm-up. Set-up latency is connect → ready.\n\n`;
  out += '| legs | hop | sessions/s | set-up p50 | set-up p99 | hop CPU | hop CPU per session | load side CPU | errors | flags |\n|---|---|--:|--:|--:|--:|--:|--:|--:|:-:|\n';
  for (const s of list) {
    for (const hop of HOPS) {
      const r = rows.find((x) => x.scenario === s.id && x.hop === hop);
      if (!r) continue;
      const perSession = r.target_cpu_s >= 0 && r.churned > 0 ? `${us(r.target_cpu_s * 1e6 / r.churned)} µs` : '—';
      out += `| ${s.tls ? 'TLS' : 'plain'} | ${HOP_NAME[hop]} | ${num(r.setups_per_s)} | ${latency(r.setup_us.p50)} | ${latency(r.setup_us.p99)} | ${r.target_util >= 0 ? `${num(r.target_util * 100)}%` : '—'} | ${perSession} | ${num((r.generator_util * r.threads + Math.max(0, r.upstream_util)) * 100)}% | ${num(r.errors)} | ${flags(r, noise)} |\n`;
    }
  }
  out += legend(rows, noise);
  out += '\nSwitchyard as a ratio (set-up rate: above 1× is better for Switchyard):\n\n| legs | sessions/s ÷ direct | ÷ nginx | ÷ Node relay |\n|---|--:|--:|--:|\n';
  for (const s of list) {
    const get = (h) => rows.find((x) => x.scenario === s.id && x.hop === h);
    const y = get('switchyard');
    if (!y) continue;
    out += `| ${s.tls ? 'TLS' : 'plain'} | ${ratio(y.setups_per_s, get('direct')?.setups_per_s)} | ${ratio(y.setups_per_s, get('nginx')?.setups_per_s)} | ${ratio(y.setups_per_s, get('node')?.setups_per_s)} |\n`;
  }
  return `${out}\n`;
}

function continuitySection(data) {
  const c = data.continuity;
  if (!c) return '';
  let out = '## Session continuity\n\n';
  out += 'Failover as a client hears it (`bench/continuity/failover_gap.mjs`): an OpenAI-dialect client on the OpenAI core is mid-answer when that simulator drops its connections and refuses new ones; the gateway moves the session to the Gemini core, restores the conversation there and asks it for the answer again. The gap is from the last audio before the switch notice to the first audio after it, on the client. The simulators answer at once, so a real provider adds its connect time and its time to first audio.\n\n';
  const g = c.failover_gap_ms;
  out += `| failovers | median | p90 | worst |\n|--:|--:|--:|--:|\n| ${g.runs} | ${num(g.median_ms, 1)} ms | ${num(g.p90_ms, 1)} ms | ${num(g.max_ms, 1)} ms |\n\n`;
  out += 'The journal (`persistence_journal_bench`, `persistence_checkpoint_bench`, on the hop\'s CPU): appends copied into the mapped segment with `JOURNAL_SYNC=none` — with segments faulted in as they are written (the default) and pre-faulted when made (`JOURNAL_PREFAULT=on`) — and recovery scans of a written journal through the mmap store.\n\n';
  out += '| payload | appends/s, default | into the map, default | appends/s, pre-faulted | into the map, pre-faulted | recovery scan |\n|--:|--:|--:|--:|--:|--:|\n';
  for (const a of c.append_none) {
    const r = c.recover_mmap.find((x) => x.payload_bytes === a.payload_bytes);
    const p = (c.append_none_prefaulted ?? []).find((x) => x.payload_bytes === a.payload_bytes);
    out += `| ${a.payload_bytes} B | ${num(a.records_per_s / 1e6, 2)} M | ${num(a.map_bytes_per_s / 1e9, 2)} GB/s | ${p?.records_per_s ? `${num(p.records_per_s / 1e6, 2)} M` : '—'} | ${p?.map_bytes_per_s ? `${num(p.map_bytes_per_s / 1e9, 2)} GB/s` : '—'} | ${r?.bytes_per_s ? `${num(r.bytes_per_s / 1e9, 2)} GB/s` : '—'} |\n`;
  }
  out += `\nA checkpoint delta (a transcript chunk, encoded as JSON and appended): ${num(c.checkpoint_delta_per_s / 1e6, 2)} M/s. Recovery of 2,000 sessions of 40 turns each, snapshotted every 64 deltas (scan, keep each session's records since its snapshot, decode those): ${num(c.checkpoint_recover_sessions_per_s)} sessions/s.\n\n`;
  return out;
}

function tlsSection(data) {
  if (!data.tls) return '';
  let out = '### TLS record throughput: wolfSSL (as the gateway uses it) and OpenSSL\n\n';
  out += `16 KiB records, one CPU. "wolfSSL seal" is \`bench/net/tls\` BM_TlsEncrypt: one TLS record encrypted per step through the gateway's wolfSSL build, the work \`openssl speed -evp\` measures plus TLS framing; "seal + open" encrypts on one session and decrypts on its peer. OpenSSL: \`${data.tls.openssl}\`, \`openssl speed -evp <aead> -bytes 16384\`.\n\n`;
  out += '| suite | wolfSSL seal | wolfSSL seal + open | OpenSSL speed | OpenSSL ÷ wolfSSL |\n|---|--:|--:|--:|--:|\n';
  for (const r of data.tls.rows) {
    out += `| ${r.suite} | ${num(r.wolfssl_encrypt_MBps)} MB/s | ${num(r.wolfssl_roundtrip_MBps)} MB/s | ${num(r.openssl_speed_MBps)} MB/s | ${r.openssl_over_wolfssl ? `${num(r.openssl_over_wolfssl, 2)}×` : '—'} |\n`;
  }
  return `${out}\n`;
}

function sectionTitle(s) {
  const letter = s.id.replace(/[0-9]/g, '').replace('-tls', '');
  return `(${letter}) ${s.title}`;
}
function describeRoute(s) {
  const lines = {
    'openai-openai': 'Every hop carries OpenAI Realtime both ways to the OpenAI simulator: `input_audio_buffer.append` (40 ms of 24 kHz PCM16, base64) → `response.output_audio.delta`. Switchyard passes the frames through (dialect = core); the Node relay parses and re-serialises each one; nginx copies bytes.',
    'openai-gemini': 'Switchyard and the Node relay take OpenAI `input_audio_buffer.append` (24 kHz) and send Gemini `realtimeInput.audio` to the Gemini simulator; its `serverContent.modelTurn` echo comes back as `response.output_audio.delta`. Switchyard resamples 24 → 16 kHz; the Node relay carries the base64 unchanged (JSON shape only, the cheaper work). The direct and nginx rows cannot translate: they speak Gemini to the same simulator, 40 ms of 16 kHz per message (what the simulator receives from the translating hops).',
    'gemini-openai': 'Switchyard and the Node relay take Gemini `setup` and `realtimeInput.audio` (16 kHz) and speak OpenAI Realtime to the OpenAI simulator; deltas come back as `serverContent.modelTurn`. Switchyard resamples 16 → 24 kHz; the Node relay carries the base64 unchanged. The direct and nginx rows speak OpenAI to the same simulator, 40 ms of 24 kHz per message.',
  }[s.route];
  const shared = s.shared ? ' Here nothing is pinned: the hops, the load generator and the simulators all share every CPU, and Switchyard runs one shard per CPU, nginx one worker per CPU (the Node relay, single-threaded, is left out). Hop CPU is summed over shards or workers (100% = one core).' : '';
  return `${lines}${s.tls ? ' TLS on both legs: client → hop over wss, hop → simulator over wss (certificate verified).' : ''}${shared}\n\n`;
}

function machineSection(data) {
  const m = data.machine;
  const L = data.layout;
  return `## Machine

| | |
|---|---|
| CPU | ${m.cpuModel}, ${m.cpus} CPU(s), ${m.memoryGiB} GiB |
| virtualisation | ${m.virtualization}${m.hypervisor ? ', on a hypervisor (the CPU reports the hypervisor flag)' : ''} |
| OS, kernel | ${m.os}, Linux ${m.kernel} |
| Switchyard | commit \`${m.commit}\`${m.dirty ? ' (with uncommitted changes)' : ''}, ${m.buildType} build, ${m.compiler}, ${m.ioBackend} backend, one shard |
| wolfSSL | ${m.wolfssl} (tools/build-wolfssl) |
| nginx | ${m.nginx?.replace('nginx version: ', '')}, one worker process |
| Node.js relay | Node ${m.node}, ws ${m.ws} |
| OpenSSL | ${m.openssl} |
| CPU layout | ${L.pinned ? `hop under test alone on CPU ${L.hop}; load generator and simulators on CPU ${L.load}` : 'not pinned (one CPU)'} |
| restarts | ${data.restarts?.length ? data.restarts.map((r) => `${r.what} ended (${r.exit}) in scenario ${r.scenario} at ${r.at_s} s; that run was repeated`).join('; ') : 'none: no hop or simulator ended during a run'} |
| build | ${data.buildSeconds >= 0 ? `${num(data.buildSeconds)} s for the four targets tools/bench builds (incremental, ccache)` : 'not timed'} |
| suite | ${data.results.length} runs in ${num(data.suiteSeconds / 60, 1)} min, ${data.date.slice(0, 16).replace('T', ' ')} UTC; ${num((data.noise?.quietWaitSpentMs ?? 0) / 1000)} s spent waiting for other work on the machine to stop, ${data.noise?.rerunsUsed ?? 0} run(s) repeated because other work disturbed them |

`;
}

function methodSection(data) {
  return `## Method

- **Load.** \`switchyard-bench\` (\`bench/harness\`), a load generator on Switchyard's own engine, opens N sessions against a target URL and waits until every one is ready (Gemini: \`setup\` → \`setupComplete\`; OpenAI: \`session.created\`). Then all start streaming together: at voice rate each session sends 40 ms of audio every 40 ms (its first message at a phase spread over the 40 ms, as independent callers would), or in a closed loop one message in flight per session. The upstream is \`switchyard-sim --echo\`, which answers each audio message at once with the same audio, so a round trip client → hop → upstream → hop → client measures the hop.
- **Window.** After a 1 s warm-up, ${data.seconds} s are measured. Latency is recorded for every message sent in the window (a log-linear histogram, 64 sub-buckets per power of two: ~1.6% resolution); answers still in flight get 300 ms before the sessions close.
- **CPU per relayed message** = the hop's CPU time in the window ÷ (messages client → upstream + answers upstream → client in the window). CPU time is read at the window's edges from \`/proc/PID/task/*/schedstat\` (ns; \`/proc/PID/stat\`'s 10 ms ticks are in results.json as a cross-check), summed over the hop's processes (nginx: master and worker). Kernel work done in the hop's own context (its syscalls, and on loopback the TCP receive processing of what it sends) is included; softirq work the kernel runs elsewhere is not.
- **RSS** from \`/proc/PID/status\` VmRSS, before the first session and at the end of the window (active) or after the idle settle time.
- **Same run, side by side.** For every load, the four targets run back to back against the same simulators: the upstream directly (no hop: the floor), nginx, the Node relay (\`bench/baselines/node-relay.mjs\`), Switchyard. "p99 added to direct" is the hop's p99 minus the direct p99 at the same load.
- **The load side is measured too.** The generator's own CPU and the simulators' CPU are read in every run; a run where they used at least 90% of their CPU is flagged **L**, and then the hop's latency includes queueing on the load side. Runs where other work on the machine (outside the suite's processes) used more than ${data.noise?.threshold ?? 0.25} CPU are repeated once and flagged **N** if still disturbed.
- **Nothing here is a timing assertion.** ctest runs the micro-benchmarks at minimum time and a 5-second smoke of the harness; neither checks a figure.

`;
}

export function writeReport({ root, data }) {
  const docs = join(root, 'docs');
  const benchDir = join(docs, 'bench');
  mkdirSync(benchDir, { recursive: true });
  const svgs = plots({ data, outDir: benchDir });
  const profile = existsSync(join(benchDir, 'profile.json')) ? JSON.parse(readFileSync(join(benchDir, 'profile.json'), 'utf8')) : null;
  let md = `# Benchmarks

> **Generated by \`tools/bench\`** on ${data.date.slice(0, 10)} from commit \`${data.machine.commit}\` — do not edit by hand; run \`tools/bench\` to measure your own machine and regenerate this page. Every figure below is from that one run; the raw results are in [bench/results.json](bench/results.json).

What a hop through Switchyard costs next to the alternatives, on the same load and the same upstream, measured side by side: no hop at all, nginx as a plain WebSocket proxy, and a Node.js relay doing per message what the original Node project did.

`;
  md += targets({ data, profile });
  md += machineSection(data);
  md += methodSection(data);
  md += '## Figures\n\n';
  for (const svg of svgs) md += `![${svg.title}](bench/${svg.file})\n\n`;
  for (const s of scenarios) {
    if (s.kind === 'idle') md += idleSection(data, s);
    else if (s.id.startsWith('e')) continue;
    else md += streamSection(data, s);
  }
  md += churnSection(data, scenarios.filter((s) => s.id.startsWith('e')));
  md += tlsSection(data);
  md += continuitySection(data);
  md += profileSection(profile, data);
  md += `## Reproducing

\`\`\`sh
tools/bench            # installs what is missing, builds Release, runs the suite, rewrites this page
tools/bench --profile  # profiles the gateway (callgrind, perf, heaptrack) and rewrites the profile notes
\`\`\`

One scenario by hand, e.g. Switchyard translating OpenAI → Gemini at 50 voice-rate sessions:

\`\`\`sh
build/release/tools/sim/switchyard-sim --dialect gemini --echo --port 0      # prints LISTENING <port> 0
GEMINI_BASE_URL=http://127.0.0.1:<port> GEMINI_API_KEY=x ACCOUNTS=me=secret PORT=0 SHARDS=1 \\
  MAX_SESSIONS_PER_IP=0 build/release/tools/switchyard/switchyard              # prints its port
build/release/bench/harness/switchyard-bench --protocol openai --bearer me:secret --sessions 50 \\
  --url 'ws://127.0.0.1:<gateway port>/core/gemini/v1/realtime?model=gpt-realtime' --pid <gateway pid>
\`\`\`
`;
  writeFileSync(join(docs, 'BENCHMARKS.md'), md);
  return [join(docs, 'BENCHMARKS.md'), ...svgs.map((s) => join(benchDir, s.file))];
}
