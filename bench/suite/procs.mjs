// Processes for the benchmark suite: spawn a program (optionally pinned to CPUs with taskset),
// wait for the line that says where it listens, stop it, and run the load generator.
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { readFileSync } from 'node:fs';

// A loopback port nobody listens on right now (for nginx, which cannot listen on port 0 and say
// which port it got): bind port 0, read it, close.
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

let tasksetChecked = null;
function hasTaskset() {
  if (tasksetChecked === null) {
    try { execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' }); tasksetChecked = true; } catch { tasksetChecked = false; }
  }
  return tasksetChecked;
}

// Starts `path args` with `env` added; resolves once stdout matches `banner` (a RegExp), with the
// match (no banner: once it has started). `cpus` ("0" or "1" or "0-1") pins it with taskset.
export async function start(name, path, args, { env = {}, banner = /LISTENING (\d+) (\d+)/, cpus, cwd, timeoutMs = 30000 } = {}) {
  const argv = cpus !== undefined && hasTaskset() ? ['taskset', ['-c', String(cpus), path, ...args]] : [path, args];
  const child = spawn(argv[0], argv[1], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  let out = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 19)); });
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name}: nothing listening after ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    const onData = (d) => {
      out += d;
      const m = out.match(banner);
      if (m) { clearTimeout(timer); child.stdout.off('data', onData); resolve(m); }
    };
    if (banner) child.stdout.on('data', onData);
    else child.once('spawn', () => { clearTimeout(timer); resolve([]); });
    child.once('exit', (code, sig) => { clearTimeout(timer); reject(new Error(`${name} exited ${code ?? sig}; stderr:\n${stderr}`)); });
  });
  child.removeAllListeners('exit');
  child.stdout.resume();
  let stopping = false;
  child.once('exit', (code, sig) => {
    if (!stopping) process.stderr.write(`\n*** ${name} exited unexpectedly (${code ?? sig}); its stderr:\n${stderr.slice(-4000)}\n`);
  });
  return {
    name, child, match, pid: child.pid,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      stopping = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// Child pids of a process (nginx's workers), from /proc/PID/task/*/children.
export function childPids(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

// Runs switchyard-bench with `args`, pinned to `cpus`; resolves with its JSON result (the one
// line it appends to a fresh file) and its summary text.
export async function runBench(benchPath, args, { cpus, jsonPath, timeoutMs = 180000 } = {}) {
  const full = [...args, '--json', jsonPath];
  const argv = cpus !== undefined && hasTaskset() ? ['taskset', ['-c', String(cpus), benchPath, ...full]] : [benchPath, full];
  const child = spawn(argv[0], argv[1], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = await once(child, 'exit');
  clearTimeout(timer);
  let result = null;
  try {
    const lines = readFileSync(jsonPath, 'utf8').trim().split('\n');
    result = JSON.parse(lines[lines.length - 1]);
  } catch { /* reported below */ }
  if (!result) throw new Error(`switchyard-bench ${args.join(' ')} exited ${code} without a result:\n${out}\n${err}`);
  return { result, text: out, code };
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
