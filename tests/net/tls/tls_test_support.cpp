#include "tests/net/tls/tls_test_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

namespace sy::net::tls::testing {
namespace {

constexpr int kPollTimeoutMs = 10'000;

// One temporary folder per test process, removed (keys included) when the process exits.
struct TempDir {
  std::string path;
  TempDir() {
    std::string pattern = "/tmp/sy-tls-test-XXXXXX";
    if (::mkdtemp(pattern.data()) != nullptr) path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
};

const std::string& temp_dir() {
  static const TempDir dir;
  if (dir.path.empty()) ADD_FAILURE() << "mkdtemp failed";
  return dir.path;
}

CertSet make_certs(const char* name) {
  CertSet set;
  set.dir = temp_dir() + "/" + name;
  const std::string cmd =
      std::string("bash '") + SY_SOURCE_DIR + "/tools/dev-cert' '" + set.dir + "' >/dev/null";
  if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << "tools/dev-cert failed: " << cmd;
  set.ca = set.dir + "/ca.pem";
  set.cert = set.dir + "/server.pem";
  set.key = set.dir + "/server-key.pem";
  set.ca_key = set.dir + "/ca-key.pem";
  return set;
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

short events_for(bool want_read, bool want_write) {
  short ev = 0;
  if (want_read) ev |= POLLIN;
  if (want_write) ev |= POLLOUT;
  return ev;
}

}  // namespace

const CertSet& primary_certs() {
  static const CertSet set = make_certs("primary");
  return set;
}

const CertSet& other_certs() {
  static const CertSet set = make_certs("other");
  return set;
}

TcpPair::TcpPair() {
  int listener = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  if (::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listener, 1) != 0 ||
      ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ADD_FAILURE() << "cannot listen on 127.0.0.1: " << errno;
    ::close(listener);
    return;
  }
  client = ::socket(AF_INET, SOCK_STREAM, 0);
  if (::connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ADD_FAILURE() << "cannot connect to 127.0.0.1: " << errno;
  }
  server = ::accept(listener, nullptr, nullptr);
  ::close(listener);
  int one = 1;
  ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  set_nonblocking(client);
  set_nonblocking(server);
}

TcpPair::~TcpPair() {
  if (client >= 0) ::close(client);
  if (server >= 0) ::close(server);
}

void TcpPair::close_client() {
  if (client >= 0) ::close(client);
  client = -1;
}

HandshakeOutcome run_handshake(TlsSession& client, int client_fd, TlsSession& server,
                               int server_fd) {
  HandshakeOutcome out;
  auto pending = [](St s) { return s == St::want_read || s == St::want_write; };
  bool client_shut = false;
  bool server_shut = false;
  while (pending(out.client) || pending(out.server)) {
    if (pending(out.client)) out.client = status_of(client.handshake());
    if (pending(out.server)) out.server = status_of(server.handshake());
    // A failed side stops talking; shut its socket so the other side sees the end.
    if (!pending(out.client) && out.client != St::ok && !client_shut) {
      ::shutdown(client_fd, SHUT_RDWR);
      client_shut = true;
    }
    if (!pending(out.server) && out.server != St::ok && !server_shut) {
      ::shutdown(server_fd, SHUT_RDWR);
      server_shut = true;
    }
    if (!pending(out.client) && !pending(out.server)) break;
    pollfd fds[2] = {
        {client_fd, events_for(out.client == St::want_read, out.client == St::want_write), 0},
        {server_fd, events_for(out.server == St::want_read, out.server == St::want_write), 0},
    };
    if (::poll(fds, 2, kPollTimeoutMs) == 0) {
      out.timed_out = true;
      break;
    }
  }
  return out;
}

bool Peer::step() {
  bool progress = false;
  want_read = want_write = false;
  while (!failed && out_off < out.size()) {
    if (chunk == 0) chunk = std::min(out.size() - out_off, chunk_limit);
    IoResult r = tls->write({out.data() + out_off, chunk});
    if (status_of(r) == St::ok) {
      EXPECT_EQ(r.bytes, chunk);
      out_off += chunk;
      chunk = 0;
      progress = true;
    } else if (status_of(r) == St::want_write) {
      want_write = true;
      break;
    } else if (status_of(r) == St::want_read) {
      want_read = true;
      break;
    } else {
      failed = true;
    }
  }
  std::uint8_t buf[32 * 1024];
  while (!failed && !eof) {
    IoResult r = tls->read(buf);
    if (status_of(r) == St::ok) {
      in.insert(in.end(), buf, buf + r.bytes);
      progress = true;
    } else if (status_of(r) == St::want_read) {
      want_read = true;
      break;
    } else if (status_of(r) == St::want_write) {
      want_write = true;
      break;
    } else if (status_of(r) == St::eof) {
      eof = true;
      progress = true;
    } else {
      failed = true;
    }
  }
  return progress;
}

bool wait_for_peers(const Peer& a, const Peer& b) {
  pollfd fds[2] = {{a.fd, events_for(a.want_read, a.want_write), 0},
                   {b.fd, events_for(b.want_read, b.want_write), 0}};
  return ::poll(fds, 2, kPollTimeoutMs) > 0;
}

Connected connect_pair(TlsVersions client_versions, const char* client_ciphers) {
  Connected c;
  const CertSet& certs = primary_certs();
  c.pair = std::make_unique<TcpPair>();
  auto server_ctx = TlsContext::server(certs.cert, certs.key);
  auto client_ctx = TlsContext::client(certs.ca, true, client_versions);
  if (!server_ctx || !client_ctx) {
    ADD_FAILURE() << "context creation failed";
    return c;
  }
  c.server_ctx = std::make_unique<TlsContext>(std::move(server_ctx.value()));
  c.client_ctx = std::make_unique<TlsContext>(std::move(client_ctx.value()));
  if (client_ciphers != nullptr) {
    EXPECT_TRUE(c.client_ctx->restrict_ciphers(client_ciphers).ok());
  }
  auto server = TlsSession::accept(*c.server_ctx, c.pair->server);
  auto client = TlsSession::connect(*c.client_ctx, c.pair->client, "localhost");
  if (!server || !client) {
    ADD_FAILURE() << "session creation failed";
    return c;
  }
  c.server = std::move(server.value());
  c.client = std::move(client.value());
  HandshakeOutcome h = run_handshake(*c.client, c.pair->client, *c.server, c.pair->server);
  EXPECT_TRUE(h.ok()) << "client: " << c.client->last_error()
                      << " / server: " << c.server->last_error();
  return c;
}

std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

}  // namespace sy::net::tls::testing
