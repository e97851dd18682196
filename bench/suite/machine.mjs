// What the report says about the machine and the build it measured.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';

function tryRun(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts }).trim();
  } catch (e) {
    return (e.stderr ?? '').toString().trim() || null;
  }
}
function tryRead(path) { try { return readFileSync(path, 'utf8'); } catch { return ''; } }

export function machineInfo({ root, build, layout }) {
  const cache = tryRead(`${build}/CMakeCache.txt`);
  const cacheVar = (name) => cache.match(new RegExp(`^${name}:[A-Z]+=(.*)$`, 'm'))?.[1] ?? '';
  const wolf = tryRead('/opt/switchyard/wolfssl/include/wolfssl/version.h').match(/LIBWOLFSSL_VERSION_STRING "([^"]+)"/)?.[1];
  const os = tryRead('/etc/os-release').match(/^PRETTY_NAME="([^"]+)"/m)?.[1];
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cpus: cpus().length,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    kernel: release(),
    os,
    virtualization: tryRun('systemd-detect-virt', []) ?? 'unknown',
    hypervisor: /^flags\s*:.*\bhypervisor\b/m.test(tryRead('/proc/cpuinfo')),
    compiler: tryRun(cacheVar('CMAKE_CXX_COMPILER') || 'g++', ['--version'])?.split('\n')[0],
    buildType: cacheVar('CMAKE_BUILD_TYPE'),
    ioBackend: cacheVar('SWITCHYARD_IO_BACKEND') || 'io_uring',
    wolfssl: wolf ?? 'unknown',
    nginx: tryRun('sh', ['-c', 'nginx -v 2>&1']),
    node: process.version,
    ws: JSON.parse(tryRead(`${root}/bench/baselines/node_modules/ws/package.json`) || '{}').version ?? 'unknown',
    openssl: tryRun('openssl', ['version']),
    commit: tryRun('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
    dirty: Boolean(tryRun('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no', '--', '.', ':!docs/BENCHMARKS.md', ':!docs/bench'])),
    layout,
  };
}
