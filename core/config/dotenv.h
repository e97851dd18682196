// `.env` files as the Node `dotenv` package (v16) reads them, so an existing project's file works
// unchanged: `KEY=VALUE` lines, an optional `export ` prefix, `KEY: VALUE`, `#` comments (an
// unquoted value ends at `#`), values in single, double or back quotes (which may span lines;
// double quotes turn `\n` and `\r` into line breaks), surrounding whitespace trimmed, CRLF line
// ends, the last assignment to a key wins. No `${VAR}` expansion.
// Where dotenv would silently take garbage (a line with no `=`, an unterminated quote, text after
// a closing quote) this parser reports the line instead: a typo in a key file should not start a
// gateway with a half-read configuration.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/base/result.h"

namespace sy::config {

// Variable name -> value, as in a process environment.
using Environment = std::map<std::string, std::string, std::less<>>;

// The calling process's environment.
[[nodiscard]] Environment process_environment();

// Parses `text` into `out` (existing keys are overwritten). On error the Error's offset is the
// 1-based line number and *message (if given) says what is wrong there.
[[nodiscard]] Status parse_dotenv(std::string_view text, Environment& out,
                                  std::string* message = nullptr);

// Reads and parses the file at `path`. A missing file is an error unless `missing_ok`.
[[nodiscard]] Status read_dotenv_file(const std::string& path, bool missing_ok, Environment& out,
                                      std::string* message = nullptr);

}  // namespace sy::config
