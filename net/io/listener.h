// One listening socket per shard on the same address with SO_REUSEPORT: the kernel spreads new
// connections over the shards and each connection stays on the shard that accepted it.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <string>

#include "core/base/result.h"

namespace sy::net {

enum class ListenErrc : std::uint16_t { bad_address, bind_failed, listen_failed };

// Opens, binds and listens. With port 0 the kernel picks a port; pass the returned acceptor's
// port to the other shards so they share it.
[[nodiscard]] Result<boost::asio::ip::tcp::acceptor> listen_reuseport(
    boost::asio::io_context& ctx, const std::string& host, std::uint16_t port, int backlog = 4096);

}  // namespace sy::net
