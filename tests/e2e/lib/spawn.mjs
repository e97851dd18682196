// Starts a Switchyard program for a test and waits for its "LISTENING <ws> <wss>" line.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';

export function makeCert() {
  const dir = mkdtempSync(join(tmpdir(), 'sy-cert-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256',
    '-nodes', '-days', '2', '-subj', '/CN=localhost', '-keyout', key, '-out', cert,
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key, ca: readFileSync(cert) };
}

export async function startProgram(path, args, env = {}) {
  const child = spawn(path, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  let out = '';
  const ports = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no LISTENING line; stderr:\n${stderr}`)), 20000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/LISTENING (\d+) (\d+)/);
      if (m) { clearTimeout(timer); resolve({ ws: Number(m[1]), wss: Number(m[2]) }); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited ${code}; stderr:\n${stderr}`)); });
  });
  child.removeAllListeners('exit');
  return {
    child, ports,
    stderr: () => stderr,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const [code] = await once(child, 'exit');
      return code;
    },
  };
}
