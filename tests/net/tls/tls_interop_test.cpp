// Our client against a TLS stack nobody here wrote: `openssl s_server -www` on 127.0.0.1 port 0,
// TLS 1.3 and 1.2, with chain and host name verification on.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"
#include "tests/net/tls/tls_test_support.h"

extern char** environ;

namespace sy::net::tls {
namespace {

using testing::CertSet;
using testing::primary_certs;

// One `openssl s_server` child serving a single connection; killed and reaped on destruction.
class OpenSslServer {
 public:
  explicit OpenSslServer(const char* version_flag) {
    int out[2];
    if (::pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    const CertSet& c = primary_certs();
    std::vector<std::string> args = {"openssl",  "s_server", "-accept", "127.0.0.1:0",
                                     "-cert",    c.cert,     "-key",    c.key,
                                     "-naccept", "1",        "-www",    version_flag};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (posix_spawnp(&pid_, "openssl", &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    // s_server prints "ACCEPT 127.0.0.1:<port>" once it listens.
    FILE* f = ::fdopen(out[0], "r");
    char line[256];
    while (pid_ > 0 && std::fgets(line, sizeof(line), f) != nullptr) {
      unsigned port = 0;
      if (std::sscanf(line, "ACCEPT 127.0.0.1:%u", &port) == 1) {
        port_ = static_cast<std::uint16_t>(port);
        break;
      }
    }
    out_ = f;
  }
  ~OpenSslServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (out_ != nullptr) std::fclose(out_);
  }
  std::uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  FILE* out_ = nullptr;
};

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return -1;
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

// Calls `op` until it is done, polling for what it wants; false on error or timeout.
template <class Op>
IoResult drive(int fd, Op op) {
  for (;;) {
    IoResult r = op();
    if (r.want == Want::none) return r;
    pollfd p{fd, static_cast<short>(r.want == Want::read ? POLLIN : POLLOUT), 0};
    if (::poll(&p, 1, 10'000) != 1) return IoResult{.error = true};
  }
}

void fetch_status_page(const char* version_flag, const char* expected_version) {
  OpenSslServer server(version_flag);
  ASSERT_NE(server.port(), 0) << "openssl s_server did not start";
  auto ctx = TlsContext::client(primary_certs().ca);
  ASSERT_TRUE(ctx.ok());
  const int fd = connect_to(server.port());
  ASSERT_GE(fd, 0);
  auto session = TlsSession::connect(*ctx, fd, "localhost");
  ASSERT_TRUE(session.ok());
  TlsSession& s = **session;
  IoResult hs = drive(fd, [&] { return s.handshake(); });
  ASSERT_TRUE(hs.ok()) << s.last_error() << " (" << s.library_error() << ")";
  EXPECT_STREQ(s.version(), expected_version);

  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  IoResult w = drive(fd, [&] {
    return s.write({reinterpret_cast<const std::uint8_t*>(request.data()), request.size()});
  });
  ASSERT_TRUE(w.ok());
  std::string response;
  std::uint8_t buf[4096];
  for (;;) {
    IoResult r = drive(fd, [&] { return s.read(buf); });
    if (!r.ok()) {
      EXPECT_TRUE(r.eof) << s.last_error();
      break;
    }
    response.append(reinterpret_cast<const char*>(buf), r.bytes);
  }
  EXPECT_EQ(response.rfind("HTTP/1.0 200 ok", 0), 0u) << response.substr(0, 80);
  s.shutdown();
  session = Error{};
  ::close(fd);
}

TEST(NetTlsInterop, ClientTalksToOpenSslServerOverTls13) {
  fetch_status_page("-tls1_3", "TLSv1.3");
}

TEST(NetTlsInterop, ClientTalksToOpenSslServerOverTls12) {
  fetch_status_page("-tls1_2", "TLSv1.2");
}

}  // namespace
}  // namespace sy::net::tls
