// Reads other processes' CPU time and resident memory from /proc, and this process's own CPU.
#pragma once

#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace sy::bench {

struct CpuSplit {
  double user = -1, system = -1;  // seconds; -1 = unreadable
};

// utime and stime of pid in seconds (all its threads, including ones that exited).
inline CpuSplit process_cpu_split(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && rest >> field; ++i) {
    if (i == 14) utime = std::stoull(field);
    if (i == 15) stime = std::stoull(field);
  }
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  return {static_cast<double>(utime) / tick, static_cast<double>(stime) / tick};
}

// utime + stime of pid in seconds, or -1.
inline double process_cpu_seconds(int pid) {
  const CpuSplit c = process_cpu_split(pid);
  return c.user < 0 ? -1 : c.user + c.system;
}

inline CpuSplit total_cpu_split(const std::vector<int>& pids) {
  CpuSplit sum{0, 0};
  for (int pid : pids) {
    const CpuSplit c = process_cpu_split(pid);
    if (c.user < 0) return {};
    sum.user += c.user;
    sum.system += c.system;
  }
  return sum;
}

// Time on CPU of every thread of pid in seconds, from /proc/PID/task/*/schedstat (nanoseconds,
// where /proc/PID/stat counts clock ticks of 10 ms); -1 when the kernel has no schedstat. Threads
// that already exited are not included, which is why /proc/PID/stat is reported next to it.
inline double process_cpu_seconds_precise(int pid) {
  std::error_code ec;
  std::filesystem::directory_iterator it("/proc/" + std::to_string(pid) + "/task", ec), end;
  if (ec) return -1;
  unsigned long long ns = 0;
  bool any = false;
  for (; it != end; it.increment(ec)) {
    if (ec) break;
    std::ifstream f(it->path() / "schedstat");
    unsigned long long on_cpu = 0;
    if (f >> on_cpu) {
      ns += on_cpu;
      any = true;
    }
  }
  return any ? static_cast<double>(ns) / 1e9 : -1;
}

// VmRSS of pid in bytes, or -1.
inline long long process_rss_bytes(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return -1;
}

// Sums over a set of processes (nginx's master and workers count as one target); -1 when any of
// them cannot be read, 0 for an empty set.
inline double total_cpu_seconds(const std::vector<int>& pids) {
  double sum = 0;
  for (int pid : pids) {
    double v = process_cpu_seconds_precise(pid);
    if (v < 0) v = process_cpu_seconds(pid);
    if (v < 0) return -1;
    sum += v;
  }
  return sum;
}
inline long long total_rss_bytes(const std::vector<int>& pids) {
  long long sum = 0;
  for (int pid : pids) {
    long long v = process_rss_bytes(pid);
    if (v < 0) return -1;
    sum += v;
  }
  return sum;
}

// The whole machine from /proc/stat, CPU-seconds since boot: time in processes (user, nice,
// system), in interrupts (irq, softirq: on loopback mostly the benchmark's own packets) and stolen
// by the hypervisor. Busy time beyond what the target, the upstream and the generator used is
// other work on the machine.
struct MachineCpu {
  double process = 0, interrupt = 0, steal = 0;
};
inline MachineCpu machine_cpu() {
  std::ifstream f("/proc/stat");
  std::string cpu;
  unsigned long long v[8] = {};
  f >> cpu;
  for (auto& x : v) f >> x;
  const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
  // user nice system idle iowait irq softirq steal
  return {static_cast<double>(v[0] + v[1] + v[2]) / tick, static_cast<double>(v[5] + v[6]) / tick,
          static_cast<double>(v[7]) / tick};
}

inline double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPUs this process may run on (taskset narrows it).
inline int allowed_cpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return CPU_COUNT(&set);
}

}  // namespace sy::bench
