// Session continuity's figures for the report: the failover gap as a client hears it
// (bench/continuity/failover_gap.mjs), and the journal's append and recovery rates from its
// micro-benchmarks (persistence_journal_bench, persistence_checkpoint_bench), on the hop's CPU.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function pinned(cpus, cmd, args) {
  return cpus !== undefined ? ['taskset', ['-c', String(cpus), cmd, ...args]] : [cmd, args];
}

function googleBench(cpus, path, filter) {
  const [c, a] = pinned(cpus, path, [`--benchmark_filter=${filter}`, '--benchmark_min_time=0.3',
    '--benchmark_format=json']);
  const out = JSON.parse(execFileSync(c, a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 }));
  return out.benchmarks;
}

export function continuity({ root, bin, cpus, runs = 10 }) {
  const dir = mkdtempSync(join(tmpdir(), 'sy-bench-continuity-'));
  try {
    const json = join(dir, 'gap.json');
    execFileSync('node', [join(root, 'bench/continuity/failover_gap.mjs'), '--gateway', bin.gateway,
      '--sim', bin.sim, '--runs', String(runs), '--json', json], { stdio: ['ignore', 'ignore', 'pipe'] });
    const gap = JSON.parse(readFileSync(json, 'utf8'));
    const journal = googleBench(cpus, bin.journalBench, 'BM_Append/none|BM_RecoverMmap');
    const checkpoint = googleBench(cpus, bin.checkpointBench, 'BM_DeltaAppend|BM_Recover/');
    const row = (list, name) => list.find((b) => b.name === name);
    const append = (size) => row(journal, `BM_Append/none/${size}/process_time/real_time`);
    const populated = (size) => row(journal, `BM_Append/none_populated/${size}/process_time/real_time`);
    const recover = (size) => row(journal, `BM_RecoverMmap/${size}/real_time`);
    return {
      failover_gap_ms: gap,
      append_none: [64, 1024, 16384].map((size) => ({
        payload_bytes: size,
        records_per_s: append(size)?.items_per_second ?? null,
        map_bytes_per_s: append(size)?.['map_bytes/s'] ?? null,
      })),
      append_none_prefaulted: [64, 1024, 16384].map((size) => ({
        payload_bytes: size,
        records_per_s: populated(size)?.items_per_second ?? null,
        map_bytes_per_s: populated(size)?.['map_bytes/s'] ?? null,
      })),
      recover_mmap: [64, 1024, 16384].map((size) => ({
        payload_bytes: size, bytes_per_s: recover(size)?.bytes_per_second ?? null,
      })),
      checkpoint_delta_per_s: row(checkpoint, 'BM_DeltaAppend/process_time/real_time')?.items_per_second ?? null,
      checkpoint_recover_sessions_per_s: row(checkpoint, 'BM_Recover/2000/real_time')?.['sessions/s'] ?? null,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
