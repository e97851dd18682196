// TLS record throughput through wolfSSL (as built by tools/build-wolfssl), 16 KiB records:
//   BM_TlsEncrypt    - one record encrypted per iteration, ciphertext discarded. The same work as
//                      `openssl speed -evp <aead>` at 16 KiB blocks, plus TLS framing.
//   BM_TlsRoundTrip  - encrypt on one session, decrypt on its peer, over memory.
//   BM_TlsSocketPair - the full path of sy::net::tls::TlsSession over an AF_UNIX socketpair:
//                      encrypt, send(), recv(), decrypt.
//   BM_TlsHandshake  - a full handshake (ECDHE X25519 + ECDSA P-256) over a socketpair, with the
//                      memory wolfSSL keeps per idle session (server and client side) as counters.
// bench/net/tls/compare-openssl prints these next to `openssl speed` on the same machine.
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

// clang-format off
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>
#include <wolfssl/wolfio.h>
#include <wolfssl/wolfcrypt/memory.h>
// clang-format on

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"

namespace {

using sy::net::tls::IoResult;
using sy::net::tls::TlsContext;
using sy::net::tls::TlsSession;
using sy::net::tls::TlsVersions;
using sy::net::tls::Want;

constexpr std::size_t kRecord = 16384;

// --- Allocation accounting: every wolfSSL allocation goes through these. ---
std::atomic<long long> g_live_bytes{0};

void* count_malloc(size_t n) {
  void* p = std::malloc(n);
  if (p != nullptr) g_live_bytes += static_cast<long long>(malloc_usable_size(p));
  return p;
}
void count_free(void* p) {
  if (p == nullptr) return;
  g_live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}
void* count_realloc(void* p, size_t n) {
  const long long before = p != nullptr ? static_cast<long long>(malloc_usable_size(p)) : 0;
  void* q = std::realloc(p, n);
  if (q != nullptr) g_live_bytes += static_cast<long long>(malloc_usable_size(q)) - before;
  return q;
}
// Installed before main(), before wolfSSL allocates anything.
[[maybe_unused]] const bool g_allocators_installed =
    wolfSSL_SetAllocators(count_malloc, count_free, count_realloc) == 0;

// --- Certificates: made once by tools/dev-cert in a temporary folder. ---
struct Certs {
  std::string ca, cert, key;
};
const Certs& certs() {
  static const Certs c = [] {
    static char dir[] = "/tmp/sy-tls-bench-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    // The keys are only needed while the contexts load them; remove everything at exit.
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    const std::string cmd =
        std::string("bash '") + SY_SOURCE_DIR + "/tools/dev-cert' '" + dir + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) std::abort();
    return Certs{std::string(dir) + "/ca.pem", std::string(dir) + "/server.pem",
                 std::string(dir) + "/server-key.pem"};
  }();
  return c;
}

struct Suite {
  const char* cipher;
  TlsVersions versions;
};
// Benchmark argument -> suite.
constexpr Suite kSuites[] = {
    {"TLS13-AES128-GCM-SHA256", TlsVersions::tls13_only},
    {"TLS13-CHACHA20-POLY1305-SHA256", TlsVersions::tls13_only},
    {"ECDHE-ECDSA-AES128-GCM-SHA256", TlsVersions::tls12_only},
};

struct Contexts {
  TlsContext server;
  TlsContext client;
};
Contexts make_contexts(const Suite& suite) {
  auto server = TlsContext::server(certs().cert, certs().key);
  auto client = TlsContext::client(certs().ca, true, suite.versions);
  if (!server || !client || !client->restrict_ciphers(suite.cipher)) std::abort();
  return Contexts{std::move(server.value()), std::move(client.value())};
}

// --- In-memory transport for the wolfSSL-only benchmarks. ---
struct Pipe {
  std::vector<std::uint8_t> bytes;
  std::size_t read_off = 0;
  bool discard = false;  // encrypt-only: drop what is sent
};
int pipe_send(WOLFSSL*, char* buf, int sz, void* ctx) {
  auto* p = static_cast<Pipe*>(ctx);
  if (!p->discard) p->bytes.insert(p->bytes.end(), buf, buf + sz);
  return sz;
}
int pipe_recv(WOLFSSL*, char* buf, int sz, void* ctx) {
  auto* p = static_cast<Pipe*>(ctx);
  const std::size_t avail = p->bytes.size() - p->read_off;
  if (avail == 0) return WOLFSSL_CBIO_ERR_WANT_READ;
  const std::size_t n = std::min<std::size_t>(avail, static_cast<std::size_t>(sz));
  std::memcpy(buf, p->bytes.data() + p->read_off, n);
  p->read_off += n;
  if (p->read_off == p->bytes.size()) {
    p->bytes.clear();
    p->read_off = 0;
  }
  return static_cast<int>(n);
}

struct MemoryPair {
  Pipe c2s, s2c;
  WOLFSSL* client = nullptr;
  WOLFSSL* server = nullptr;
  explicit MemoryPair(Contexts& ctx) {
    client = wolfSSL_new(ctx.client.native_handle());
    server = wolfSSL_new(ctx.server.native_handle());
    wolfSSL_SSLSetIOSend(client, pipe_send);
    wolfSSL_SSLSetIORecv(client, pipe_recv);
    wolfSSL_SetIOWriteCtx(client, &c2s);
    wolfSSL_SetIOReadCtx(client, &s2c);
    wolfSSL_SSLSetIOSend(server, pipe_send);
    wolfSSL_SSLSetIORecv(server, pipe_recv);
    wolfSSL_SetIOWriteCtx(server, &s2c);
    wolfSSL_SetIOReadCtx(server, &c2s);
    wolfSSL_UseSNI(client, WOLFSSL_SNI_HOST_NAME, "localhost", 9);
    wolfSSL_check_domain_name(client, "localhost");
    for (int i = 0; i < 100; ++i) {
      const int c = wolfSSL_connect(client);
      const int s = wolfSSL_accept(server);
      if (c == WOLFSSL_SUCCESS && s == WOLFSSL_SUCCESS) return;
    }
    std::abort();
  }
  ~MemoryPair() {
    wolfSSL_free(client);
    wolfSSL_free(server);
  }
};

void BM_TlsEncrypt(benchmark::State& state) {
  const Suite& suite = kSuites[state.range(0)];
  Contexts ctx = make_contexts(suite);
  MemoryPair pair(ctx);
  pair.c2s.discard = true;
  std::vector<std::uint8_t> record(kRecord, 0x5a);
  for (auto _ : state) {
    if (wolfSSL_write(pair.client, record.data(), kRecord) != static_cast<int>(kRecord)) {
      state.SkipWithError("wolfSSL_write failed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecord));
  state.SetLabel(std::string(suite.cipher) + " " + wolfSSL_get_version(pair.client));
}

void BM_TlsRoundTrip(benchmark::State& state) {
  const Suite& suite = kSuites[state.range(0)];
  Contexts ctx = make_contexts(suite);
  MemoryPair pair(ctx);
  std::vector<std::uint8_t> record(kRecord, 0x5a);
  std::vector<std::uint8_t> out(kRecord);
  for (auto _ : state) {
    if (wolfSSL_write(pair.client, record.data(), kRecord) != static_cast<int>(kRecord) ||
        wolfSSL_read(pair.server, out.data(), kRecord) != static_cast<int>(kRecord)) {
      state.SkipWithError("record round trip failed");
      break;
    }
  }
  benchmark::DoNotOptimize(out.data());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecord));
  state.SetLabel(std::string(suite.cipher) + " encrypt+decrypt");
}

// --- Through TlsSession over a socketpair. ---
struct SocketPair {
  int fds[2] = {-1, -1};
  SocketPair() {
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) != 0) std::abort();
    const int buf = 1 << 20;
    for (int fd : fds) {
      ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buf, sizeof(buf));
      ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buf, sizeof(buf));
    }
  }
  ~SocketPair() {
    ::close(fds[0]);
    ::close(fds[1]);
  }
};

struct SessionPair {
  std::unique_ptr<TlsSession> client, server;
  SessionPair(Contexts& ctx, const SocketPair& sp) {
    auto c = TlsSession::connect(ctx.client, sp.fds[0], "localhost");
    auto s = TlsSession::accept(ctx.server, sp.fds[1]);
    if (!c || !s) std::abort();
    client = std::move(c.value());
    server = std::move(s.value());
    // Both ends in one thread: each side's wants are met by the other side's next step.
    for (int i = 0; i < 1000 && !(client->handshake_done() && server->handshake_done()); ++i) {
      if (client->handshake().error || server->handshake().error) std::abort();
    }
    if (!client->handshake_done() || !server->handshake_done()) std::abort();
  }
};

void BM_TlsSocketPair(benchmark::State& state) {
  const Suite& suite = kSuites[state.range(0)];
  Contexts ctx = make_contexts(suite);
  SocketPair sp;
  SessionPair pair(ctx, sp);
  std::vector<std::uint8_t> record(kRecord, 0x5a);
  std::vector<std::uint8_t> out(kRecord);
  for (auto _ : state) {
    IoResult w = pair.client->write(record);
    std::size_t got = 0;
    while (got < kRecord) {
      IoResult r = pair.server->read({out.data() + got, kRecord - got});
      if (!r.ok()) break;
      got += r.bytes;
    }
    if (!w.ok() || got != kRecord) {
      state.SkipWithError("socketpair round trip failed");
      break;
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kRecord));
  state.SetLabel(std::string(suite.cipher) + " TlsSession+socketpair");
}

void BM_TlsHandshake(benchmark::State& state) {
  const Suite& suite = kSuites[state.range(0)];
  Contexts ctx = make_contexts(suite);
  constexpr int kIdle = 32;
  double server_idle = 0;
  double client_idle = 0;
  for (auto _ : state) {
    SocketPair sp;
    SessionPair pair(ctx, sp);
    benchmark::DoNotOptimize(pair.client.get());
  }
  // Memory kept by idle sessions after a handshake and one small message each way (not timed).
  {
    std::vector<std::unique_ptr<SocketPair>> sockets;
    std::vector<std::unique_ptr<SessionPair>> pairs;
    const long long before = g_live_bytes.load();
    std::uint8_t msg[64] = {};
    std::uint8_t buf[64];
    for (int i = 0; i < kIdle; ++i) {
      sockets.push_back(std::make_unique<SocketPair>());
      pairs.push_back(std::make_unique<SessionPair>(ctx, *sockets.back()));
      SessionPair& p = *pairs.back();
      if (!p.client->write(msg).ok() || !p.server->read(buf).ok() || !p.server->write(msg).ok()) {
        std::abort();
      }
      // The server's TLS 1.3 session ticket arrives ahead of the reply.
      IoResult r;
      while ((r = p.client->read(buf)).bytes == 0 && !r.error && r.want == Want::none) {
      }
    }
    const long long with_both = g_live_bytes.load();
    for (auto& p : pairs) p->client.reset();
    const long long servers_only = g_live_bytes.load();
    server_idle = static_cast<double>(servers_only - before) / kIdle;
    client_idle = static_cast<double>(with_both - servers_only) / kIdle;
  }
  state.counters["server_idle_bytes"] = server_idle;
  state.counters["client_idle_bytes"] = client_idle;
  state.SetLabel(std::string(suite.cipher) + " full handshake");
}

BENCHMARK(BM_TlsEncrypt)->DenseRange(0, 2)->ArgName("suite");
BENCHMARK(BM_TlsRoundTrip)->DenseRange(0, 2)->ArgName("suite");
BENCHMARK(BM_TlsSocketPair)->DenseRange(0, 2)->ArgName("suite");
BENCHMARK(BM_TlsHandshake)->DenseRange(0, 2)->ArgName("suite")->Unit(benchmark::kMicrosecond);

}  // namespace
