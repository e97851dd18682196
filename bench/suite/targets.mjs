// The issue's targets, each judged met or missed from this run's figures, with by how much.
import { pick, num, routeName } from './format.mjs';

const VOICE = '50×25/s';
const BUSY = '1000×25/s';
const LOOP = 'closed loop';

function verdict(ok, text) { return ok === null ? `not measured (${text})` : ok ? `**met** (${text})` : `**missed** (${text})`; }
const pct = (a, b) => `${num(Math.abs(a / b - 1) * 100)}%`;

// "at or below" / "below" a reference: by how much it is above (missed) or under (met).
function atMost(value, ref, unit, strict = false) {
  if (!(value > 0) || !(ref > 0)) return [null, 'a run is missing or failed'];
  const ok = strict ? value < ref : value <= ref;
  return [ok, `${num(value, 1)} ${unit} against ${num(ref, 1)} ${unit}: ${ok ? pct(value, ref) + ' under' : pct(value, ref) + ' over'}`];
}

// A run counts only if its sessions opened and round trips happened.
const valid = (r) => Boolean(r && r.ready > 0 && r.rtt_us.count > 0);
const latency = (v) => (v >= 10000 ? `${num(v / 1000, 0)} ms` : v >= 1000 ? `${num(v / 1000, 1)} ms` : `${num(v, 0)} µs`);

export function targets({ data, profile }) {
  const rows = [];
  const cpu = (s, hop, load) => {
    const r = pick(data, s, hop, load);
    return valid(r) ? r.cpu_us_per_msg : undefined;
  };
  const add = (what, [ok, text], note = '') => rows.push({ what, verdict: verdict(ok, text), note: ok === false ? note : '', ok });
  // For a missed CPU target: how much of the two hops' CPU was kernel time in this run.
  const kernel = (r) => (r && r.target_user_s + r.target_system_s > 0 ? r.target_system_s / (r.target_user_s + r.target_system_s) : null);
  const cpuNote = (s, load) => {
    const y = kernel(pick(data, s, 'switchyard', load));
    const x = kernel(pick(data, s, 'nginx', load));
    return y === null ? '' : `kernel time: ${num(100 * y)}% of Switchyard's CPU here${x === null ? '' : `, ${num(100 * x)}% of nginx's`}; see [Profile](#profile)`;
  };
  const memNote = (route) => {
    const h = profile?.heaptrack?.find((x) => x.route === route);
    const top = h?.sites?.[0];
    return top ? `largest heap holder per idle session at the heap's peak (its round trip, before trim): \`${top.site}\` (${top.object}), ${num(top.bytes / h.sessions / 1024, 1)} KiB; see [Profile](#profile)` : 'see [Profile](#profile)';
  };

  for (const load of [VOICE, LOOP]) {
    for (const s of ['b1', 'b2']) {
      add(`Translating ${s === 'b1' ? 'OpenAI → Gemini' : 'Gemini → OpenAI'}, ${load}: CPU per relayed message at or below nginx's passthrough`,
        atMost(cpu(s, 'switchyard', load), cpu(s, 'nginx', load), 'µs'), cpuNote(s, load));
    }
  }
  for (const load of [VOICE, LOOP]) {
    const y = cpu('b1', 'switchyard', load);
    const n = cpu('b1', 'node', load);
    const ok = y > 0 && n > 0 ? n / y >= 10 : null;
    add(`Translating OpenAI → Gemini, ${load}: at least 10× below the Node relay's CPU per message`,
      [ok, y > 0 && n > 0 ? `Node relay ${num(n, 1)} µs ÷ Switchyard ${num(y, 1)} µs = ${num(n / y, 1)}×${ok ? '' : `; needs ${num(n / 10, 1)} µs or less from Switchyard, ${pct(y, n / 10)} over`}` : 'a run is missing or failed'],
      cpuNote('b1', load));
  }
  for (const load of [VOICE, LOOP]) {
    add(`Passthrough, ${load}: CPU per relayed message below nginx's`, atMost(cpu('a', 'switchyard', load), cpu('a', 'nginx', load), 'µs', true), cpuNote('a', load));
  }
  const busyWhat = {
    a: 'passthrough, Switchyard on one core',
    a2: `passthrough, Switchyard with one shard per CPU and the load side on the same CPUs`,
    b1: 'translating OpenAI → Gemini, Switchyard on one core',
  };
  for (const s of ['a', 'a2', 'b1']) {
    const y = pick(data, s, 'switchyard', BUSY);
    const d = pick(data, s, 'direct', BUSY);
    const what = `p99 added latency under 1 ms at 1,000 voice-rate sessions, ${busyWhat[s]}`;
    if (!valid(y) || !valid(d)) { add(what, [null, 'a run is missing or failed']); continue; }
    const added = y.rtt_us.p99 - d.rtt_us.p99;
    const loadSide = y.generator_util * y.threads + Math.max(0, y.upstream_util);
    const notes = [`Switchyard used ${num(100 * y.target_util)}% of ${s === 'a2' ? 'a core (summed over its shards)' : 'its core'}`];
    if (loadSide > 0.9 * y.generator_cpus) notes.push(`the load side ${num(100 * loadSide)}% of its CPU, so part of the figure is queueing in the generator and simulator`);
    add(what, [added < 1000, `p99 ${latency(y.rtt_us.p99)} − direct ${latency(d.rtt_us.p99)} = ${added < 0 ? '−' + latency(-added) : latency(added)} added${added >= 1000 ? `, ${num(added / 1000, 1)}× the target` : ''}`],
      `${notes.join('; ')}; see [Profile](#profile)`);
  }
  for (const route of ['openai-openai', 'openai-gemini']) {
    const r = data.results.find((x) => x.scenario === 'c' && x.hop === 'switchyard' && x.route === route);
    const b = r && r.ready > 0 ? r.rss_per_session : undefined;
    add(`Under 8 KiB of RSS per idle session, both legs, ${routeName(route)}`, b > 0 ? atMost(b / 1024, 8, 'KiB', true) : [null, 'a run is missing or failed'], memNote(route));
    add(`Stretch: under 2 KiB per idle session, ${routeName(route)}`, b > 0 ? atMost(b / 1024, 2, 'KiB', true) : [null, 'a run is missing or failed'], memNote(route));
  }
  for (const t of data.tls?.rows ?? []) {
    const ok = t.openssl_over_wolfssl !== null ? t.openssl_over_wolfssl <= 1.5 : null;
    add(`TLS record throughput within 1.5× of OpenSSL, ${t.suite}`,
      [ok, `wolfSSL ${num(t.wolfssl_encrypt_MBps)} MB/s, OpenSSL ${num(t.openssl_speed_MBps)} MB/s: OpenSSL is ${num(t.openssl_over_wolfssl, 2)}× wolfSSL`]);
  }

  // Session continuity's goals.
  const c = data.continuity;
  if (c) {
    const fast = (c.append_none_prefaulted ?? []).find((x) => x.payload_bytes === 16384);
    const lazy = c.append_none.find((x) => x.payload_bytes === 16384);
    const small = (c.append_none_prefaulted ?? []).find((x) => x.payload_bytes === 64);
    add('Journal appends at 1 GB/s or more into the map, JOURNAL_SYNC=none (16 KiB records)',
      fast?.map_bytes_per_s > 0 ? [fast.map_bytes_per_s >= 1e9, `${num(fast.map_bytes_per_s / 1e9, 2)} GB/s with JOURNAL_PREFAULT=on (64-byte records ${num(small.map_bytes_per_s / 1e9, 2)} GB/s, ${num(small.records_per_s / 1e6, 1)} M records/s); the default, pages faulted in as written, ${num(lazy.map_bytes_per_s / 1e9, 2)} GB/s`] : [null, 'not run'],
      'see [Session continuity](#session-continuity) for every record size and both ways of faulting the map in');
    const slowest = c.recover_mmap.reduce((m, x) => (x.bytes_per_s > 0 && (!m || x.bytes_per_s < m.bytes_per_s) ? x : m), null);
    add('Journal recovery at 1 GB/s or more (every record size measured)',
      slowest ? [slowest.bytes_per_s >= 1e9, `slowest ${num(slowest.bytes_per_s / 1e9, 2)} GB/s at ${slowest.payload_bytes}-byte records`] : [null, 'not run']);
    const g = c.failover_gap_ms;
    add('A failover the user hears as under 1 s of silence',
      g?.runs > 0 ? [g.max_ms < 1000, `median ${num(g.median_ms, 1)} ms, worst ${num(g.max_ms, 1)} ms over ${g.runs} failovers between the simulators`] : [null, 'not run']);
  }

  let out = '## Targets\n\nThe issue\'s goals, judged from this run (they are goals to report against, not tests).';
  out += ` Where one is missed, the [profile notes](#profile) say what the time and memory go to${profile ? '' : ' — once `tools/bench --profile` has been run on this machine'}.\n\n`;
  out += '| target | result | note |\n|---|---|---|\n';
  for (const r of rows) out += `| ${r.what} | ${r.verdict} | ${r.note} |\n`;
  const met = rows.filter((r) => r.ok === true).length;
  out += `\n${met} of ${rows.length} met.\n\n`;

  // The issue's reference figures for the original Node project and nginx, next to this run's.
  const nodeVoice = cpu('b1', 'node', VOICE);
  const nodeLoop = pick(data, 'b1', 'node', LOOP);
  const nginxVoice = cpu('a', 'nginx', VOICE);
  const nginxLoop = cpu('a', 'nginx', LOOP);
  out += 'For comparison, the issue\'s reference figures (measured on a 2-core machine with a Node load script) next to this run\'s baselines:\n\n';
  out += '| | issue reference | this run |\n|---|---|---|\n';
  out += `| original Node project, OpenAI → Gemini, 50 × 25/s | 56–62 µs per message | Node relay ${num(nodeVoice, 1)} µs |\n`;
  out += `| original Node project at saturation | 18–20 µs, ~26,000 round trips/s | Node relay ${num(nodeLoop?.cpu_us_per_msg, 1)} µs at ${num(nodeLoop?.answers_per_s)} round trips/s (closed loop, 50 sessions) |\n`;
  out += `| nginx passthrough, 50 × 25/s | 22 µs | ${num(nginxVoice, 1)} µs |\n`;
  out += `| nginx at saturation | 7.5 µs | ${num(nginxLoop, 1)} µs (closed loop) |\n`;
  const nodeIdle = data.results.find((x) => x.scenario === 'c' && x.hop === 'node' && x.route === 'openai-gemini');
  const nginxIdle = data.results.find((x) => x.scenario === 'c' && x.hop === 'nginx');
  out += `| idle session, original Node project after GC | 9.2 KB | Node relay ${num((nodeIdle?.rss_per_session ?? -1) / 1024, 1)} KiB |\n`;
  out += `| idle session, nginx | 16.8 KB | ${num((nginxIdle?.rss_per_session ?? -1) / 1024, 1)} KiB |\n\n`;
  return out;
}
