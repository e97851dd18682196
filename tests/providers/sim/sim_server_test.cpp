// The simulator served over loopback sockets in-process (Engine + Server + SimApplication, port
// 0): provider paths and keys, refusals with the provider's JSON, sessions driven by their timer
// on the shard, and the /_sim REST routes.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include "core/engine/engine.h"
#include "core/server/server.h"
#include "providers/sim/sim_application.h"
#include "tests/providers/sim/sim_test_util.h"
#include "tests/support/raw_peer.h"

namespace sy::providers::sim {
namespace {

using namespace std::chrono_literals;
using net::ws::Opcode;
using test::Json;

constexpr std::string_view kGeminiPath =
    "/ws/google.ai.generativelanguage.v1beta.GenerativeService.BidiGenerateContent";

class SimServerTest : public ::testing::Test {
 protected:
  void start(SimServerOptions options) {
    app_ = std::make_unique<SimApplication>(std::move(options));
    auto engine = core::Engine::create(2, /*pin=*/false);
    ASSERT_TRUE(engine);
    engine_ = std::move(*engine);
    core::ServerOptions o;
    o.host = "127.0.0.1";
    o.port = 0;
    server_ = std::make_unique<core::Server>(*engine_, o, *app_);
    ASSERT_TRUE(server_->bind());
    engine_->start([this](core::Shard& s) { server_->on_shard_start(s); });
    server_->set_ready(true);
  }
  void TearDown() override {
    if (!server_) return;
    server_->shutdown();
    server_->wait_drained(2s);
    // Let the loops run out of work (the closed acceptors' aborted accepts complete) instead of
    // stopping them with operations still queued: Engine::stop() then destroying the shards
    // trips ASan (an accept op outliving its socket service).
    engine_->release();
    engine_->join();
  }
  // The whole response to one request; the server closes after answering.
  std::string http(std::string_view method, std::string_view path, std::string_view headers = {}) {
    sy::test::RawPeer p(server_->port());
    p.write_raw(std::string(method) + " " + std::string(path) +
                " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n" +
                std::string(headers) + "\r\n");
    std::string all;
    char buf[65536];
    for (;;) {
      ssize_t n = ::recv(p.fd(), buf, sizeof buf, 0);
      if (n <= 0) break;
      all.append(buf, static_cast<std::size_t>(n));
    }
    return all;
  }
  static std::string body(const std::string& response) {
    auto at = response.find("\r\n\r\n");
    return at == std::string::npos ? "" : response.substr(at + 4);
  }
  std::unique_ptr<Json> sessions() { return std::make_unique<Json>(body(http("GET", "/_sim/sessions"))); }

  std::unique_ptr<SimApplication> app_;
  std::unique_ptr<core::Engine> engine_;
  std::unique_ptr<core::Server> server_;
};

SimServerOptions openai_options() {
  SimServerOptions o;
  o.session.face = Face::openai;
  o.session.chunk_interval_ms = 5;
  o.api_key = "k1";
  return o;
}

TEST_F(SimServerTest, OpenAiConversationOverASocketWithTimerPacedAnswer) {
  start(openai_options());
  sy::test::RawPeer peer(server_->port());
  std::string head = peer.upgrade("/v1/realtime?model=gpt-sim",
                                  "Authorization: Bearer k1\r\nSec-WebSocket-Protocol: realtime\r\n");
  ASSERT_NE(head.find(" 101 "), std::string::npos) << head;
  EXPECT_NE(head.find("Sec-WebSocket-Protocol: realtime"), std::string::npos);
  auto created = peer.read_frame();
  ASSERT_TRUE(created);
  EXPECT_EQ(created->op, Opcode::text);
  EXPECT_EQ(Json(created->text()).str("/type"), "session.created");
  EXPECT_EQ(Json(created->text()).str("/session/model"), "gpt-sim");

  peer.send(Opcode::text, R"({"type":"conversation.item.create","item":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}})");
  peer.send(Opcode::text, R"({"type":"response.create"})");
  std::vector<std::string> types;
  for (;;) {
    auto f = peer.read_frame();
    ASSERT_TRUE(f) << "the answer stalled after " << types.size() << " events";
    types.push_back(Json(f->text()).str("/type"));
    if (types.back() == "response.done") {
      EXPECT_EQ(Json(f->text()).str("/response/status"), "completed");
      break;
    }
  }
  EXPECT_EQ(test::count(types, "response.output_audio.delta"), 6u);
  EXPECT_EQ(types.front(), "conversation.item.added");

  auto s = sessions();
  ASSERT_EQ(s->size("/sessions"), 1u);
  EXPECT_EQ(s->str("/sessions/0/face"), "openai");
  EXPECT_EQ(s->str("/sessions/0/path"), "/v1/realtime?model=gpt-sim");
  EXPECT_EQ(s->num("/sessions/0/received/response.create"), 1);
  EXPECT_EQ(s->str("/sessions/0/texts/0"), "hi");
  EXPECT_EQ(s->str("/sessions/0/items/0/role"), "user");
  EXPECT_EQ(s->num("/sessions/0/responses"), 1);
  EXPECT_TRUE(s->has("/sessions/0/open"));
}

TEST_F(SimServerTest, OpenAiKeyInTheSubprotocolAndAWrongKeyRefusedWith401) {
  start(openai_options());
  {
    sy::test::RawPeer peer(server_->port());
    std::string head = peer.upgrade(
        "/realtime?model=m", "Sec-WebSocket-Protocol: realtime, openai-insecure-api-key.k1\r\n");
    ASSERT_NE(head.find(" 101 "), std::string::npos) << head;
    EXPECT_EQ(head.find("openai-insecure-api-key"), std::string::npos) << "never echo the key";
  }
  std::string refused = http("GET", "/v1/realtime?model=m",
                             "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                             "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                             "Authorization: Bearer wrong\r\n");
  ASSERT_NE(refused.find(" 401 "), std::string::npos) << refused;
  Json err(body(refused));
  EXPECT_EQ(err.str("/error/code"), "invalid_api_key");
  EXPECT_EQ(err.str("/error/type"), "invalid_request_error");
}

TEST_F(SimServerTest, RefuseAnswersEveryUpgradeWithTheProvidersError) {
  SimServerOptions o = openai_options();
  o.session.face = Face::gemini;
  o.refuse_status = 429;
  start(o);
  sy::test::RawPeer peer(server_->port());
  peer.write_raw("GET " + std::string(kGeminiPath) +
                 "?key=k1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = ::recv(peer.fd(), buf, sizeof buf, 0)) > 0;) all.append(buf, static_cast<std::size_t>(n));
  ASSERT_NE(all.find(" 429 "), std::string::npos) << all;
  Json err(body(all));
  EXPECT_EQ(err.num("/error/code"), 429);
  EXPECT_EQ(err.str("/error/status"), "RESOURCE_EXHAUSTED");
}

TEST_F(SimServerTest, GeminiSetupInBinaryFramesAndAWrongKeyCloses1007) {
  SimServerOptions o = openai_options();
  o.session.face = Face::gemini;
  start(o);
  {
    sy::test::RawPeer peer(server_->port());
    // @google/genai joins the base URL with a double slash.
    ASSERT_NE(peer.upgrade("/" + std::string(kGeminiPath) + "?key=k1").find(" 101 "), std::string::npos);
    peer.send(Opcode::text, R"({"setup":{"model":"models/sim"}})");
    auto f = peer.read_frame();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->op, Opcode::binary);
    EXPECT_EQ(f->text(), R"({"setupComplete":{}})");
    peer.send(Opcode::text, R"({"setup":{"model":"models/sim"}})");
    auto closed = peer.read_frame();
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->op, Opcode::close);
    EXPECT_EQ(closed->close_code(), 1007);
  }
  {
    sy::test::RawPeer peer(server_->port());
    ASSERT_NE(peer.upgrade(std::string(kGeminiPath), "x-goog-api-key: bad\r\n").find(" 101 "),
              std::string::npos);
    auto closed = peer.read_frame();
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->op, Opcode::close);
    EXPECT_EQ(closed->close_code(), 1007);
    EXPECT_NE(closed->text().find("API key not valid"), std::string::npos);
  }
  auto s = sessions();
  ASSERT_EQ(s->size("/sessions"), 2u);
  EXPECT_EQ(s->num("/sessions/0/setups"), 2);
  EXPECT_EQ(s->str("/sessions/0/model"), "models/sim");
  EXPECT_EQ(s->str("/sessions/0/path").find("key="), std::string::npos) << "no credentials";

  std::string reset = http("POST", "/_sim/reset");
  EXPECT_NE(reset.find(" 200 "), std::string::npos);
  EXPECT_EQ(sessions()->size("/sessions"), 0u);
  EXPECT_NE(http("GET", "/_sim/reset").find(" 405 "), std::string::npos);
}

TEST_F(SimServerTest, GeminiGoAwayFromTheShardTimerThenClose1001) {
  SimServerOptions o = openai_options();
  o.session.face = Face::gemini;
  o.session.go_away_after_ms = 20;
  o.session.go_away_time_left_ms = 30;
  start(o);
  sy::test::RawPeer peer(server_->port());
  ASSERT_NE(peer.upgrade(std::string(kGeminiPath) + "?key=k1").find(" 101 "), std::string::npos);
  peer.send(Opcode::binary, R"({"setup":{"model":"models/sim","sessionResumption":{}}})");
  std::vector<std::string> seen;
  for (;;) {
    auto f = peer.read_frame();
    ASSERT_TRUE(f);
    if (f->op == Opcode::close) {
      EXPECT_EQ(f->close_code(), 1001);
      break;
    }
    Json j(f->text());
    seen.push_back(j.has("/goAway") ? "goAway" : j.has("/setupComplete") ? "setupComplete" : "other");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"setupComplete", "other", "goAway"}));
}

TEST_F(SimServerTest, EchoModeOverTheSocket) {
  SimServerOptions o = openai_options();
  o.session.echo = true;
  o.api_key.clear();  // any key, or none
  start(o);
  sy::test::RawPeer peer(server_->port());
  ASSERT_NE(peer.upgrade("/v1/realtime?model=m").find(" 101 "), std::string::npos);
  ASSERT_TRUE(peer.read_frame());  // session.created
  std::string audio = test::b64(test::tone(24000, 40));
  for (int i = 0; i < 5; ++i) {
    peer.send(Opcode::text, R"({"type":"input_audio_buffer.append","audio":")" + audio + "\"}");
    auto f = peer.read_frame();
    ASSERT_TRUE(f);
    Json j(f->text());
    EXPECT_EQ(j.str("/type"), "response.output_audio.delta");
    EXPECT_EQ(j.str("/delta"), audio);
  }
  auto s = sessions();
  EXPECT_EQ(s->num("/sessions/0/audio/messages"), 5);
  EXPECT_EQ(s->num("/sessions/0/audio/bytes"), 5 * 1920);
  EXPECT_EQ(s->num("/sessions/0/audio/rates/0"), 24000);
}

}  // namespace
}  // namespace sy::providers::sim
