// Fuzz target: arbitrary bytes from the peer during a TLS handshake, in either role, through
// TlsSession (wolfSSL parses the records; this checks that every outcome is a want, an eof or a
// classified error, and that nothing crashes or leaks). First input byte: bit 0 picks the role
// (0: we are the server and the bytes are the client's; 1: we are the client and the bytes are
// the server's answer to our ClientHello).
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "net/tls/tls_context.h"
#include "net/tls/tls_session.h"

namespace {

using sy::net::tls::IoResult;
using sy::net::tls::TlsContext;
using sy::net::tls::TlsErrc;
using sy::net::tls::TlsSession;

struct Contexts {
  std::unique_ptr<TlsContext> server;
  std::unique_ptr<TlsContext> client;
};

const Contexts& contexts() {
  static const Contexts c = [] {
    static char dir[] = "/tmp/sy-tls-fuzz-XXXXXX";
    if (::mkdtemp(dir) == nullptr) std::abort();
    // The keys are only needed while the contexts load them; remove everything at exit.
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    });
    const std::string cmd =
        std::string("bash '") + SY_SOURCE_DIR + "/tools/dev-cert' '" + dir + "' >/dev/null";
    if (std::system(cmd.c_str()) != 0) std::abort();
    const std::string d(dir);
    auto server = TlsContext::server(d + "/server.pem", d + "/server-key.pem");
    auto client = TlsContext::client(d + "/ca.pem");
    if (!server || !client) std::abort();
    return Contexts{std::make_unique<TlsContext>(std::move(server.value())),
                    std::make_unique<TlsContext>(std::move(client.value()))};
  }();
  return c;
}

void drain(int fd) {
  std::uint8_t sink[4096];
  while (::recv(fd, sink, sizeof(sink), MSG_DONTWAIT) > 0) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  const bool we_are_client = (data[0] & 1) != 0;
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds) != 0) return 0;
  const Contexts& ctx = contexts();
  auto made = we_are_client ? TlsSession::connect(*ctx.client, fds[0], "localhost")
                            : TlsSession::accept(*ctx.server, fds[0]);
  if (!made) std::abort();
  TlsSession& session = *made.value();
  if (we_are_client) {
    if (session.handshake().error) std::abort();  // the ClientHello always goes out
    drain(fds[1]);
  }
  // The peer's bytes, then the end of its stream.
  if (::send(fds[1], data + 1, size - 1, 0) != static_cast<ssize_t>(size - 1)) std::abort();
  ::shutdown(fds[1], SHUT_WR);
  for (int i = 0; i < 64; ++i) {
    IoResult r = session.handshake();
    drain(fds[1]);
    if (r.error) {
      if (session.error_code() == TlsErrc::none) std::abort();  // every failure has a reason
      break;
    }
    if (r.ok()) {
      std::uint8_t buf[1024];
      (void)session.read(buf);
      break;
    }
    if (r.eof) std::abort();  // handshake() reports an early end as an error
  }
  session.shutdown();
  made = sy::Error{};  // free the session before its descriptors
  ::close(fds[0]);
  ::close(fds[1]);
  return 0;
}
