#include "core/config/config.h"

#include <sched.h>
#include <sys/random.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <thread>

#include "core/config/settings.h"
#include "core/config/values.h"

namespace sy::config {

namespace po = boost::program_options;

namespace {

constexpr std::string_view kUsage =
    "Usage: {} [--flag VALUE]...\n"
    "\n"
    "Switchyard, a realtime voice gateway for the OpenAI Realtime and Gemini Live protocols.\n"
    "Each setting is read, in increasing precedence, from its default, a .env file in the\n"
    "working directory (or --env-file), the environment variable named in brackets, and the\n"
    "command-line flag. An empty value means the default. Prefer the environment or .env for\n"
    "secrets: command lines are visible to every user of the machine.\n";

// The flags Boost.Program_options parses: every setting takes one string value, which the
// settings table then parses, so flags, the environment and .env share one parser.
po::options_description make_options() {
  po::options_description all;
  all.add_options()("help,h", "")("env-file", po::value<std::string>(), "");
  for (const Setting& s : settings())
    all.add_options()(flag_name(s.name).c_str(), po::value<std::string>(), "");
  return all;
}

// Appends `text` word-wrapped to 100 columns, each line indented by `indent` spaces.
void append_wrapped(std::string& out, std::string_view text, std::size_t indent) {
  constexpr std::size_t kWidth = 100;
  std::size_t column = 0;
  while (!text.empty()) {
    const std::size_t space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
    if (column > indent && column + 1 + word.size() > kWidth) {
      out += '\n';
      column = 0;
    }
    if (column == 0) {
      out.append(indent, ' ');
      column = indent;
    } else {
      out += ' ';
      ++column;
    }
    out += word;
    column += word.size();
  }
  out += '\n';
}

unsigned cpu_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  // The affinity mask, not the machine's CPU total: a container or taskset may allow fewer.
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<unsigned>(CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

bool random_hex(std::size_t bytes, std::string& out) {
  unsigned char buf[64];
  if (bytes > sizeof buf) return false;
  std::size_t got = 0;
  while (got < bytes) {
    const ssize_t n = getrandom(buf + got, bytes - got, 0);
    if (n <= 0) return false;
    got += static_cast<std::size_t>(n);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.clear();
  for (std::size_t i = 0; i < bytes; ++i) {
    out += kHex[buf[i] >> 4];
    out += kHex[buf[i] & 15];
  }
  return true;
}

std::string redacted(std::string_view secret) {
  if (secret.empty()) return "(unset)";
  return log::redact(secret).text;
}

Error fail(Errc code, const char* what, std::string& message, std::string text) {
  message = std::move(text);
  return make_error(code, what);
}

}  // namespace

std::string_view source_name(Source source) noexcept {
  switch (source) {
    case Source::default_value: return "default";
    case Source::env_file: return "env file";
    case Source::environment: return "environment";
    case Source::flag: return "flag";
  }
  return "default";
}

std::string Config::help_text(std::string_view program) {
  std::string out(kUsage);
  out.replace(out.find("{}"), 2, program);
  out += "\nGeneral:\n  -h, --help\n      Print this help and exit.\n";
  out += "  --env-file PATH\n      Read settings from this file instead of ./.env (it must exist).\n";
  std::string_view section;
  for (const Setting& s : settings()) {
    if (s.section != section) {
      section = s.section;
      out += '\n';
      out += section;
      out += ":\n";
    }
    out += "  --";
    out += flag_name(s.name);
    out += ' ';
    out += s.value_name;
    out += "  [";
    out += s.name;
    if (!s.secret) {
      out += ", default: ";
      out += s.default_text.empty() ? std::string_view("none") : s.default_text;
    }
    out += "]\n";
    append_wrapped(out, s.help, 6);
  }
  return out;
}

Result<Config> Config::load(int argc, const char* const* argv, const Environment& env,
                            std::string* message_out) {
  std::string scratch;
  std::string& message = message_out ? *message_out : scratch;
  const std::string_view program = argc > 0 && argv[0] ? std::string_view(argv[0]) : "switchyard";

  // 1. Flags first: --help and --env-file decide what else is read.
  const po::options_description options = make_options();
  const po::positional_options_description no_positional;  // a stray word is an error
  po::variables_map flags;
  try {
    const auto style = po::command_line_style::unix_style ^ po::command_line_style::allow_guessing;
    po::store(po::command_line_parser(argc, argv)
                  .options(options)
                  .positional(no_positional)
                  .style(style)
                  .run(),
              flags);
  } catch (const po::too_many_positional_options_error&) {
    message = "unexpected argument: settings are given as --name VALUE (see --help)";
    return make_error(Errc::bad_flag, "bad command-line flag");
  } catch (const po::error& e) {
    message = std::string(e.what()) + " (see --help)";
    return make_error(Errc::bad_flag, "bad command-line flag");
  }
  if (flags.count("help")) {
    message = help_text(program);
    return make_error(Errc::help_requested, "help requested");
  }

  // 2. The .env file: ./.env if present, or the --env-file path, which must exist.
  Environment file;
  const bool explicit_file = flags.count("env-file") > 0;
  const std::string file_path = explicit_file ? flags["env-file"].as<std::string>() : ".env";
  if (Status s = read_dotenv_file(file_path, !explicit_file, file, &message); !s) return s.error();

  // 3. Every setting from its highest-precedence non-empty source.
  Config c;
  for (const Setting& s : settings()) {
    std::string value(s.default_text);
    Source source = Source::default_value;
    if (auto it = file.find(s.name); it != file.end() && !it->second.empty()) {
      value = it->second;
      source = Source::env_file;
    }
    if (auto it = env.find(s.name); it != env.end() && !it->second.empty()) {
      value = it->second;
      source = Source::environment;
    }
    const std::string flag = flag_name(s.name);
    if (auto it = flags.find(flag); it != flags.end() && !it->second.as<std::string>().empty()) {
      value = it->second.as<std::string>();
      source = Source::flag;
    }
    std::string detail;
    if (Status st = s.apply(c, value, detail); !st) {
      std::string where = source == Source::flag        ? "flag --" + flag
                          : source == Source::env_file  ? file_path
                          : source == Source::environment ? std::string("environment")
                                                          : std::string("default");
      if (s.secret && !detail.empty()) {
        message = std::string(s.name) + " (from " + where + "): " + detail;
      } else {
        message = std::string(s.name);
        if (!s.secret) message += "='" + value + "'";
        message += " (from " + where + "): " + st.error().message;
        if (!detail.empty()) message += " (" + detail + ")";
      }
      return st.error();
    }
    c.effective.push_back({s.name, s.secret ? redacted(value) : value, source, s.secret});
  }

  // 4. Settings that are only wrong together.
  if (c.tls_port != 0 && (c.tls_cert.empty() || c.tls_key.empty()))
    return fail(Errc::inconsistent, "TLS_PORT needs TLS_CERT and TLS_KEY", message,
                "TLS_PORT is set, so TLS_CERT and TLS_KEY are required");
  if (c.tls_port != 0 && c.tls_port == c.port)
    return fail(Errc::inconsistent, "PORT and TLS_PORT are equal", message,
                "PORT and TLS_PORT must differ");
  if (c.send_low_watermark >= c.send_high_watermark)
    return fail(Errc::inconsistent, "low watermark not below high watermark", message,
                "SEND_LOW_WATERMARK must be below SEND_HIGH_WATERMARK");
  if (c.send_high_watermark > c.send_max_bytes)
    return fail(Errc::inconsistent, "high watermark above send maximum", message,
                "SEND_HIGH_WATERMARK must not exceed SEND_MAX_BYTES");
  if (c.send_max_bytes < c.max_message_bytes)
    return fail(Errc::inconsistent, "send maximum below message maximum", message,
                "SEND_MAX_BYTES must be at least MAX_MESSAGE_BYTES, or a largest message could "
                "never be queued");
  if (c.default_core_explicit && c.default_core == Core::azure && c.azure_openai_base_url.empty())
    return fail(Errc::inconsistent, "azure core without endpoint", message,
                "DEFAULT_CORE=azure needs AZURE_OPENAI_BASE_URL");

  // 5. Values derived at start-up.
  auto effective = [&c](std::string_view name) -> Effective& {
    return *std::find_if(c.effective.begin(), c.effective.end(),
                         [&](const Effective& e) { return e.name == name; });
  };
  if (c.shards == 0) {
    c.shards = cpu_count();
    effective("SHARDS").text = std::to_string(c.shards) + " (auto: CPU count)";
  }
  if (!c.default_core_explicit) {
    c.default_core = !c.openai_api_key.empty()         ? Core::openai
                     : !c.gemini_api_key.empty()       ? Core::gemini
                     : !c.azure_openai_api_key.empty() && !c.azure_openai_base_url.empty()
                         ? Core::azure
                         : Core::sim;
    effective("DEFAULT_CORE").text = std::string(core_name(c.default_core)) + " (auto)";
  }
  if (!c.fallback_explicit) {
    // OpenAI and Gemini back each other up when both can be reached.
    if (!c.openai_api_key.empty() && !c.gemini_api_key.empty()) {
      c.fallback[static_cast<std::size_t>(Core::openai)] = Core::gemini;
      c.fallback[static_cast<std::size_t>(Core::gemini)] = Core::openai;
      effective("SWITCH_FALLBACK").text = "openai=gemini,gemini=openai (auto)";
    } else {
      effective("SWITCH_FALLBACK").text = "none (auto: fewer than two cores with keys)";
    }
  }
  if (c.token_secret.empty()) {
    if (!random_hex(32, c.token_secret))
      return fail(Errc::no_entropy, "no random bytes for TOKEN_SECRET", message,
                  "TOKEN_SECRET is unset and getrandom() failed; set TOKEN_SECRET");
    c.token_secret_generated = true;
    effective("TOKEN_SECRET").text = "(random, generated at start)";
  }
  std::string ids;
  for (const auto& [id, secret] : c.accounts) ids += (ids.empty() ? "" : ",") + id;
  effective("ACCOUNTS").text = ids.empty() ? "(none)" : ids;
  if (!c.accounts_file.empty()) {
    auto loaded = load_accounts_file(c.accounts_file, &message);
    if (!loaded) return loaded.error();
    auto merged = merge_accounts(c.accounts, *loaded, &message);
    if (!merged) return merged.error();
    c.file_accounts = std::move(*loaded);
  }
  message.clear();
  return c;
}

std::string Config::describe() const {
  std::string out;
  for (const Effective& e : effective) {
    out += e.name;
    out += '=';
    out += e.text;
    out += " (";
    out += source_name(e.source);
    out += ")\n";
  }
  return out;
}

AccountMap Config::all_accounts() const {
  AccountMap all = file_accounts;
  all.insert(accounts.begin(), accounts.end());  // load() rejected ids present in both
  return all;
}

Core Config::core_for_model(std::string_view model) const noexcept {
  for (const ModelRoute& r : model_core_map)
    if (glob_match(r.pattern, model)) return r.core;
  return default_core;
}

bool Config::allows_origin(std::string_view origin) const noexcept {
  if (allowed_origins.empty()) return true;
  return std::any_of(allowed_origins.begin(), allowed_origins.end(), [&](const std::string& o) {
    return o == "*" || (o.size() == origin.size() &&
                        std::equal(o.begin(), o.end(), origin.begin(), [](char a, char b) {
                          return a == ((b >= 'A' && b <= 'Z') ? static_cast<char>(b - 'A' + 'a') : b);
                        }));
  });
}

}  // namespace sy::config
