// SimDriver without sockets, the way an in-process upstream uses it: messages reach the sink with
// parsing padding, the timer paces the answer on the executor, stop() cuts the sink loose.
#include "providers/sim/sim_driver.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "codec/json/read_context.h"
#include "tests/providers/sim/sim_test_util.h"

namespace sy::providers::sim {
namespace {

using net::ws::Opcode;

struct Collect final : SimSink {
  std::vector<std::string> types;
  std::vector<std::uint16_t> closes;
  bool padded = true;
  void sim_send(Opcode, std::span<const std::uint8_t> payload, std::size_t readable) override {
    padded = padded && readable >= payload.size() + codec::json::kPadding;
    test::Json j(std::string_view(reinterpret_cast<const char*>(payload.data()), payload.size()));
    types.push_back(j.str("/type"));
  }
  void sim_close(std::uint16_t code, std::string_view) override { closes.push_back(code); }
};

void send(SimDriver& d, std::string_view json) {
  d.on_client_message(Opcode::text, {reinterpret_cast<const std::uint8_t*>(json.data()), json.size()},
                      0);
}

TEST(SimDriver, PacesTheAnswerOnTheExecutorAndStops) {
  boost::asio::io_context ctx;
  Collect sink;
  SimOptions o;
  o.chunk_interval_ms = 2;
  auto cell = std::make_shared<SimRecordCell>();
  auto driver = SimDriver::create(ctx.get_executor(), o, cell, sink);
  driver->open();
  ASSERT_EQ(sink.types, std::vector<std::string>{"session.created"});
  send(*driver, R"({"type":"response.create"})");
  EXPECT_EQ(test::count(sink.types, "response.done"), 0u) << "the rest waits for the timer";
  ctx.run_for(std::chrono::seconds(5));  // returns once the timer has nothing left to do
  EXPECT_EQ(sink.types.back(), "response.done");
  EXPECT_EQ(test::count(sink.types, "response.output_audio.delta"), 6u);
  EXPECT_TRUE(sink.padded);

  send(*driver, R"({"type":"response.create"})");
  std::size_t before = sink.types.size();
  driver->stop(1000);
  ctx.restart();
  ctx.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(sink.types.size(), before) << "nothing after stop()";
  send(*driver, R"({"type":"response.create"})");
  EXPECT_EQ(sink.types.size(), before);
  std::lock_guard lock(cell->mu);
  EXPECT_FALSE(cell->record.open);
  EXPECT_EQ(cell->record.close_code, 1000);
  EXPECT_EQ(cell->record.received.at("response.create"), 2u);
}

TEST(SimDriver, CloseRequestsReachTheSink) {
  boost::asio::io_context ctx;
  Collect sink;
  SimOptions o;
  o.face = Face::gemini;
  auto driver = SimDriver::create(ctx.get_executor(), o, std::make_shared<SimRecordCell>(), sink);
  driver->open();
  send(*driver, R"({"realtimeInput":{"text":"too early"}})");
  EXPECT_EQ(sink.closes, std::vector<std::uint16_t>{1007});
}

}  // namespace
}  // namespace sy::providers::sim
