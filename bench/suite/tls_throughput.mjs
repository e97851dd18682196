// TLS record throughput: 16 KiB records sealed through the gateway's wolfSSL build
// (bench/net/tls BM_TlsEncrypt) next to `openssl speed -evp` for the same AEAD on the same CPU — the
// same comparison as bench/net/tls/compare-openssl, without its Python.
import { execFileSync } from 'node:child_process';

const SUITES = [
  { arg: 0, name: 'TLS 1.3 AES-128-GCM', evp: 'aes-128-gcm' },
  { arg: 1, name: 'TLS 1.3 ChaCha20-Poly1305', evp: 'chacha20-poly1305' },
];

function pinned(cpus, cmd, args) {
  return cpus !== undefined ? ['taskset', ['-c', String(cpus), cmd, ...args]] : [cmd, args];
}

export function tlsThroughput({ bin, cpus }) {
  const [c1, a1] = pinned(cpus, bin.tlsBench, ['--benchmark_filter=BM_TlsEncrypt|BM_TlsRoundTrip',
    '--benchmark_min_time=1', '--benchmark_format=json']);
  const ours = JSON.parse(execFileSync(c1, a1, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 24 }));
  const bps = (name, arg) => ours.benchmarks.find((b) => b.name === `${name}/suite:${arg}`)?.bytes_per_second ?? 0;
  const openssl = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  const rows = SUITES.map((s) => {
    const [c2, a2] = pinned(cpus, 'openssl', ['speed', '-mr', '-seconds', '2', '-bytes', '16384', '-evp', s.evp]);
    const out = execFileSync(c2, a2, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const line = out.split('\n').filter((l) => l.startsWith('+F:')).pop() ?? '';
    const opensslBps = Number(line.split(':').pop());
    const wolf = bps('BM_TlsEncrypt', s.arg);
    return {
      suite: s.name, evp: s.evp,
      wolfssl_encrypt_MBps: wolf / 1e6,
      wolfssl_roundtrip_MBps: bps('BM_TlsRoundTrip', s.arg) / 1e6,
      openssl_speed_MBps: opensslBps / 1e6,
      openssl_over_wolfssl: wolf > 0 ? opensslBps / wolf : null,
    };
  });
  return { openssl, rows };
}
