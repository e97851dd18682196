#include "net/io/listener.h"

#include <sys/socket.h>

#include <boost/asio/socket_base.hpp>

namespace sy::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Result<tcp::acceptor> listen_reuseport(asio::io_context& ctx, const std::string& host,
                                       std::uint16_t port, int backlog) {
  boost::system::error_code ec;
  auto addr = asio::ip::make_address(host.empty() ? "0.0.0.0" : host, ec);
  if (ec) return make_error(ListenErrc::bad_address, "listen address is not an IP address");
  tcp::endpoint ep(addr, port);
  tcp::acceptor acc(ctx);
  acc.open(ep.protocol(), ec);
  if (ec) return make_error(ListenErrc::bind_failed, "cannot open listening socket");
  acc.set_option(asio::socket_base::reuse_address(true), ec);
  int one = 1;
  ::setsockopt(acc.native_handle(), SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  acc.bind(ep, ec);
  if (ec) return make_error(ListenErrc::bind_failed, "cannot bind the listening address (in use?)");
  acc.listen(backlog, ec);
  if (ec) return make_error(ListenErrc::listen_failed, "listen() failed");
  return acc;
}

}  // namespace sy::net
