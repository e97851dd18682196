// The report's profile section: generated from docs/bench/profile.json, which
// `tools/bench --profile` writes (bench/suite/profile.mjs). Figures only from that file.
import { num, routeName } from './format.mjs';

const pct = (part, whole) => (whole > 0 ? `${num((100 * part) / whole, 1)}%` : '—');

export function profileMarkdown(p) {
  const m = p.machine;
  let out = `## Profile

> From \`tools/bench --profile\` on ${p.date.slice(0, 16).replace('T', ' ')} UTC, commit \`${m.commit}\`${m.dirty ? ' (with uncommitted changes)' : ''}, ${m.cpuModel}, Linux ${m.kernel}. A separate run from the figures above (the profilers slow the gateway down); rerun it with \`tools/bench --profile\`.

`;
  out += summary(p);
  if (p.perf.length) {
    out += `### Kernel and user space (perf, io_uring build)

\`perf record -e cpu-clock\` (software clock sampling: this machine has no hardware counters) on the gateway, one shard, for 3 s of each load; user and kernel seconds from \`/proc/PID/stat\` over the same run.

| route | load | CPU per relayed message | in the kernel (/proc) | samples by object (perf) |
|---|---|--:|--:|---|
`;
    for (const r of p.perf) {
      const total = r.user_s + r.system_s;
      out += `| ${routeName(r.route)} | ${r.load} | ${num(r.cpu_us_per_msg, 1)} µs | ${pct(r.system_s, total)} | ${r.dsos.slice(0, 5).map((d) => `${d.what.replace(/^\[kernel.kallsyms\]$/, 'kernel')} ${num(d.pct, 1)}%`).join(', ')} |\n`;
    }
    const worst = p.perf.find((r) => r.route === 'openai-gemini' && r.load === '50×25/s') ?? p.perf[0];
    out += `\nHottest symbols, ${routeName(worst.route)} at ${worst.load} (cpu-clock samples; in a VM a sample taken while interrupts were off lands on the instruction that turns them back on, so spin-unlock/irq-restore entries stand for the wake-up work before them):\n\n| share | symbol |\n|--:|---|\n`;
    for (const s of worst.symbols.slice(0, 12)) out += `| ${num(s.pct, 1)}% | \`${s.what.replace(/\|/g, '\\|')}\` |\n`;
    out += '\n';
  } else if (p.perfAvailable === false) {
    out += 'perf cannot record on this machine, so there is no kernel/user sampling; the per-run user and kernel seconds in results.json still show the split.\n\n';
  }
  if (p.backends?.length) {
    out += `### The same loads on the epoll build, and on nginx

Both builds of the same code and nginx, natively, one after another against the same simulators (one shard or worker on its own CPU, 50 sessions, 3 s each). System calls and context switches are counted by \`perf stat\` (the \`raw_syscalls:sys_enter\` tracepoint) over the window, per relayed message.

| route | load | hop | CPU per relayed message | in the kernel | system calls per message | context switches per message |
|---|---|---|--:|--:|--:|--:|
`;
    const name = { io_uring: 'Switchyard, io_uring build', epoll: 'Switchyard, epoll build', nginx: 'nginx' };
    for (const r of p.backends) {
      const k = r.user_s + r.system_s > 0 ? pct(r.system_s, r.user_s + r.system_s) : '—';
      out += `| ${routeName(r.route)} | ${r.load} | ${name[r.build]} | ${num(r.cpu_us_per_msg, 1)} µs | ${k} | ${r.syscalls_per_msg === null ? '—' : num(r.syscalls_per_msg, 2)} | ${r.switches_per_msg === null ? '—' : num(r.switches_per_msg, 2)} |\n`;
    }
    out += '\n';
  }
  if (p.callgrind.length) {
    out += `### User-space instructions per relayed message (callgrind, epoll build)

\`valgrind --tool=callgrind\` on the epoll build of the gateway (valgrind cannot run the io_uring backend), 10 voice-rate sessions, instrumentation on for 3 s of steady streaming; relayed messages counted from the gateway's own \`/metrics\` over the same 3 s. Kernel time is invisible to callgrind.

| route | relayed messages | instructions per relayed message | by library |
|---|--:|--:|---|
`;
    for (const c of p.callgrind) {
      out += `| ${routeName(c.route)} | ${num(c.relayed)} | ${num(c.total / Math.max(1, c.relayed))} | ${c.objects.slice(0, 6).map((o) => `${o.object} ${pct(o.ir, c.total)}`).join(', ')} |\n`;
    }
    for (const c of p.callgrind) {
      out += `\nTop functions by own instructions, ${routeName(c.route)}:\n\n| share | instructions per relayed message | function | library |\n|--:|--:|---|---|\n`;
      for (const f of c.functions.slice(0, 10)) {
        out += `| ${pct(f.ir, c.total)} | ${num(f.ir / Math.max(1, c.relayed))} | \`${f.fn.slice(0, 90)}\` | ${f.object} |\n`;
      }
    }
    out += '\n';
  }
  if (p.heaptrack.length) {
    out += `### What an idle session holds at its peak (heaptrack, io_uring build)

\`heaptrack\` on the gateway built on the C library's malloc (\`switchyard-system-malloc\`: mimalloc's \`operator new\` bypasses malloc, so heaptrack would miss most C++ allocations) while ${num(p.heaptrack[0].sessions)} sessions are opened and have one round trip each, as in scenario (c). Bytes per session = the allocation site's share of the heap at its peak ÷ sessions: that is the moment every session has just carried audio, before a session quiet for 2 s gives its resamplers and scratch buffers back (\`Translator::trim\`), so per-stream state such as libsoxr's shows here in full. The RSS per session under heaptrack also carries the allocator's own overhead and memory freed but not returned to the system.

`;
    for (const h of p.heaptrack) {
      out += `**${routeName(h.route)}**: RSS ${num(h.rss_per_session / 1024, 1)} KiB per session under heaptrack; heap at its peak ${num(h.peak_heap / 2 ** 20, 1)} MiB, ${num(h.peak_heap / h.sessions / 1024, 1)} KiB per session.\n\n| per session | allocations per session | allocated in | library |\n|--:|--:|---|---|\n`;
      for (const s of h.sites.slice(0, 10)) {
        out += `| ${num(s.bytes / h.sessions / 1024, 2)} KiB | ${num(s.calls / h.sessions, 1)} | \`${s.site.replace(/\|/g, '\\|')}\` | ${s.object} |\n`;
      }
      out += '\n';
    }
  }
  return out;
}

// What the figures say, in sentences generated from them.
function summary(p) {
  const lines = [];
  if (p.perf.length) {
    const shares = p.perf.map((r) => (100 * r.system_s) / (r.user_s + r.system_s)).filter((x) => x >= 0);
    lines.push(`**CPU is mostly kernel time.** ${num(Math.min(...shares))}–${num(Math.max(...shares))}% of the gateway's CPU time is spent in the kernel (sockets, wake-ups, io_uring), so the user-space work per message is the smaller part of the cost in every case profiled.`);
  }
  for (const c of p.callgrind) {
    const top = c.objects[0];
    const fn = c.functions[0];
    lines.push(`**${routeName(c.route)}:** ${num(c.total / Math.max(1, c.relayed))} user-space instructions per relayed message; the largest share is ${top.object} (${pct(top.ir, c.total)}), the hottest function \`${fn.fn.slice(0, 60)}\` (${pct(fn.ir, c.total)}).`);
  }
  if (p.backends?.length) {
    const find = (build, r) => p.backends.find((b) => b.build === build && b.route === r.route && b.load === r.load);
    for (const r of p.backends.filter((b) => b.build === 'io_uring')) {
      const e = find('epoll', r);
      const x = find('nginx', r);
      const sc = (b) => (b?.syscalls_per_msg ? `, ${num(b.syscalls_per_msg, 1)} system calls` : '');
      let line = `**${routeName(r.route)}, ${r.load}:** io_uring build ${num(r.cpu_us_per_msg, 1)} µs per message${sc(r)}`;
      if (e) line += `; epoll build ${num(e.cpu_us_per_msg, 1)} µs${sc(e)}`;
      if (x) line += `; nginx ${num(x.cpu_us_per_msg, 1)} µs${sc(x)}`;
      lines.push(`${line}.`);
    }
  }
  for (const h of p.heaptrack) {
    const top = h.sites[0];
    if (!top) continue;
    lines.push(`**Idle ${routeName(h.route)} session, at the heap's peak (its round trip, before trim):** ${num(h.peak_heap / h.sessions / 1024, 1)} KiB of heap (RSS ${num(h.rss_per_session / 1024, 1)} KiB under heaptrack); the largest holder is \`${top.site}\` (${top.object}) with ${num(top.bytes / h.sessions / 1024, 1)} KiB in ${num(top.calls / h.sessions, 0)} allocation(s).`);
  }
  return lines.length ? `${lines.map((l) => `- ${l}`).join('\n')}\n\n` : '';
}

// The profile step measures some of the suite's loads again, minutes apart: how far the two
// agree is the run-to-run spread of those figures on this machine.
function repeatability(profile, data) {
  const rows = [];
  for (const b of profile.backends ?? []) {
    if (b.build === 'epoll') continue;
    const scenario = b.route === 'openai-openai' ? 'a' : b.route === 'openai-gemini' ? 'b1' : null;
    const hop = b.build === 'nginx' ? 'nginx' : 'switchyard';
    const r = data?.results.find((x) => x.scenario === scenario && x.hop === hop && x.load === b.load);
    if (r && r.cpu_us_per_msg > 0 && b.cpu_us_per_msg > 0) rows.push({ b, r, hop });
  }
  if (!rows.length) return '';
  const minutes = Math.round((Date.parse(profile.date) - Date.parse(data.date)) / 60000);
  const when = minutes === 0 ? 'right after the suite' : minutes > 0 ? `${minutes} min after the suite` : `${-minutes} min before the suite`;
  let out = `### How repeatable the CPU figures are

The profile step ran some of the suite's loads again (same programs, same layout), ${when}. The difference between the two is this machine's run-to-run spread; ratios between hops measured minutes apart are only as good as it.

| route | load | hop | suite | profile step | difference |
|---|---|---|--:|--:|--:|
`;
  for (const { b, r, hop } of rows) {
    out += `| ${routeName(b.route)} | ${b.load} | ${hop === 'nginx' ? 'nginx' : 'Switchyard'} | ${num(r.cpu_us_per_msg, 1)} µs | ${num(b.cpu_us_per_msg, 1)} µs | ${num(100 * Math.abs(b.cpu_us_per_msg / r.cpu_us_per_msg - 1))}% |\n`;
  }
  return `${out}\n`;
}

export function profileSection(profile, data) {
  if (!profile) {
    return '## Profile\n\nNo profile yet on this machine: `tools/bench --profile` records where the gateway\'s CPU time and idle memory go, and this section then shows it.\n\n';
  }
  return profileMarkdown(profile) + repeatability(profile, data);
}
