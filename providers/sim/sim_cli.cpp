#include "providers/sim/sim_cli.h"

#include <boost/program_options.hpp>
#include <filesystem>
#include <sstream>

namespace sy::providers::sim {

namespace po = boost::program_options;

Result<SimCommandLine> parse_sim_command_line(int argc, const char* const* argv,
                                              std::string& message) {
  SimCommandLine cl;
  SimOptions& s = cl.sim.session;
  std::string dialect, answer = "tone", key;
  unsigned port = 0, tls_port = 0;
  po::options_description desc("switchyard-sim: a provider simulator (OpenAI Realtime or Gemini Live)");
  // clang-format off
  desc.add_options()
    ("help,h", "show this text")
    ("dialect", po::value(&dialect), "openai | gemini (required)")
    ("host", po::value(&cl.host)->default_value(cl.host), "address to listen on")
    ("port", po::value(&port)->default_value(0), "plain ws port (0: the kernel picks)")
    ("shards", po::value(&cl.shards)->default_value(1), "event loops (threads)")
    ("tls", po::bool_switch(&cl.tls), "also serve wss")
    ("tls-port", po::value(&tls_port)->default_value(0), "wss port (0: the kernel picks)")
    ("cert", po::value(&cl.cert), "TLS certificate chain (PEM)")
    ("tls-key", po::value(&cl.tls_key), "TLS private key (PEM)")
    ("key", po::value(&key), "with --tls and an existing file: the TLS key; else the API key")
    ("api-key", po::value(&cl.sim.api_key), "the API key the provider accepts (default: any)")
    ("echo", po::bool_switch(&s.echo), "benchmark mode: answer each audio message with the same audio")
    ("answer", po::value(&answer)->default_value(answer), "audio answers: tone | echo (the user's audio)")
    ("transcript", po::value(&s.transcript), "transcript of every audio turn (default: its duration)")
    ("tone-ms", po::value(&s.tone_ms)->default_value(s.tone_ms), "length of a tone answer")
    ("chunk-ms", po::value(&s.chunk_ms)->default_value(s.chunk_ms), "audio per output message")
    ("chunk-interval-ms", po::value(&s.chunk_interval_ms)->default_value(s.chunk_interval_ms),
     "wall-clock gap between output messages (0: all at once)")
    ("delay-first-audio-ms", po::value(&s.delay_first_audio_ms)->default_value(0),
     "hold the first audio of every answer this long")
    ("close-after-events", po::value(&s.close_after_events)->default_value(0),
     "close (1011) after sending this many messages")
    ("refuse", po::value(&cl.sim.refuse_status)->default_value(0),
     "answer every upgrade with this HTTP status and the provider's JSON error")
    ("go-away-after-ms", po::value(&s.go_away_after_ms)->default_value(0),
     "Gemini: send goAway this long after connecting, then close 1001")
    ("go-away-time-left-ms", po::value(&s.go_away_time_left_ms)->default_value(s.go_away_time_left_ms),
     "the timeLeft a goAway announces");
  // clang-format on
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    message = e.what();
    return make_error(SimCliErrc::bad_arguments, "bad arguments");
  }
  if (vm.count("help")) {
    std::ostringstream os;
    os << desc;
    message = os.str();
    cl.help = true;
    return cl;
  }
  if (dialect == "openai") {
    s.face = Face::openai;
  } else if (dialect == "gemini") {
    s.face = Face::gemini;
  } else {
    message = "--dialect must be openai or gemini";
    return make_error(SimCliErrc::bad_arguments, "bad dialect");
  }
  if (answer == "tone") {
    s.answer_audio = AnswerAudio::tone;
  } else if (answer == "echo") {
    s.answer_audio = AnswerAudio::echo;
  } else {
    message = "--answer must be tone or echo";
    return make_error(SimCliErrc::bad_arguments, "bad answer");
  }
  if (port > 65535 || tls_port > 65535) {
    message = "ports are 0..65535";
    return make_error(SimCliErrc::bad_arguments, "bad port");
  }
  cl.port = static_cast<std::uint16_t>(port);
  cl.tls_port = static_cast<std::uint16_t>(tls_port);
  if (!key.empty()) {
    std::error_code ec;
    if (cl.tls && cl.tls_key.empty() && std::filesystem::is_regular_file(key, ec)) {
      cl.tls_key = key;
    } else if (cl.sim.api_key.empty()) {
      cl.sim.api_key = key;
    }
  }
  if (cl.tls && (cl.cert.empty() || cl.tls_key.empty())) {
    message = "--tls needs --cert and --tls-key";
    return make_error(SimCliErrc::bad_arguments, "tls without cert");
  }
  if (cl.sim.refuse_status != 0 && (cl.sim.refuse_status < 400 || cl.sim.refuse_status > 599)) {
    message = "--refuse takes an HTTP error status (400..599)";
    return make_error(SimCliErrc::bad_arguments, "bad refuse status");
  }
  if (cl.shards < 1) cl.shards = 1;
  if (s.chunk_ms == 0) s.chunk_ms = 100;
  return cl;
}

}  // namespace sy::providers::sim
