// The report's pictures, drawn by gnuplot (Debian's gnuplot-nox) as SVG: round-trip latency
// against load, and the hop's CPU per relayed message against load, for the scenarios marked
// `plot` — one panel each, one line per hop, voice-rate loads only.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { scenarios, HOPS } from './scenarios.mjs';
import { HOP_NAME, pick } from './format.mjs';

const COLOURS = { direct: '#7f7f7f', nginx: '#2ca02c', node: '#d62728', switchyard: '#1f77b4' };

let serial = 0;
function panelData(data, s, dir, metric) {
  const files = [];
  for (const hop of HOPS) {
    const lines = [];
    for (const load of s.loads.filter((l) => l.interval > 0 && !l.mode)) {
      const r = pick(data, s.id, hop, load.name);
      if (!r) continue;
      const v = metric(r);
      if (v > 0) lines.push(`${load.sessions} ${v}`);
    }
    if (!lines.length) continue;
    const file = join(dir, `${s.id}-${hop}-${++serial}.dat`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    files.push({ hop, file });
  }
  return files;
}

function script({ out, title, panels, ylabel, logy }) {
  const n = panels.length;
  let g = `set terminal svg size ${Math.max(760, 560 * n)},540 dynamic enhanced font 'sans,12' background '#ffffff'
set output '${out}'
set multiplot layout 1,${n} title '${title}' font 'sans,13'
set tmargin 4
set bmargin 8
set grid xtics ytics lc rgb '#e0e0e0'
set key below horizontal maxrows 4 font 'sans,10'
set xlabel 'concurrent sessions, each 25 messages/s each way'
set ylabel '${ylabel}'
${logy ? 'set logscale y' : 'unset logscale y\nset yrange [0:*]'}
set xrange [0:*]
`;
  for (const p of panels) {
    g += `set title '${p.title}'\n`;
    const parts = p.series.map((x) => `'${x.file}' using 1:2 with linespoints lw 2 pt 7 ps 0.6 lc rgb '${COLOURS[x.hop]}' dt ${x.dash ?? 1} title '${x.title}'`);
    g += parts.length ? `plot ${parts.join(', \\\n     ')}\n` : 'plot 0 notitle\n';
  }
  return `${g}unset multiplot\n`;
}

function draw(dir, name, spec) {
  writeFileSync(join(dir, `${name}.gp`), script(spec));
  execFileSync('gnuplot', [join(dir, `${name}.gp`)], { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function plots({ data, outDir }) {
  const chosen = scenarios.filter((s) => s.plot && data.results.some((r) => r.scenario === s.id));
  if (!chosen.length) return [];
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-plot-'));
  const short = (s) => s.title.replace(/^[^:]*: /, '');
  try {
    draw(dir, 'latency', {
      out: join(outDir, 'latency.svg'),
      title: 'Round-trip latency against load (solid p99, dashed p50; log scale)',
      ylabel: 'round trip, ms',
      logy: true,
      panels: chosen.map((s) => ({
        title: short(s),
        series: [
          ...panelData(data, s, dir, (r) => r.rtt_us.p99 / 1000).map((x) => ({ ...x, dash: 1, title: `${HOP_NAME[x.hop]} p99` })),
          ...panelData(data, s, dir, (r) => r.rtt_us.p50 / 1000).map((x) => ({ ...x, dash: 2, title: `${HOP_NAME[x.hop]} p50` })),
        ],
      })),
    });
    draw(dir, 'cpu', {
      out: join(outDir, 'cpu.svg'),
      title: 'Hop CPU per relayed message against load (each hop on one core)',
      ylabel: 'CPU µs per relayed message',
      logy: false,
      panels: chosen.map((s) => ({
        title: short(s),
        series: panelData(data, s, dir, (r) => r.cpu_us_per_msg).map((x) => ({ ...x, title: HOP_NAME[x.hop] })),
      })),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return [
    { file: 'latency.svg', title: 'Round-trip latency against load' },
    { file: 'cpu.svg', title: 'Hop CPU per relayed message against load' },
  ];
}
