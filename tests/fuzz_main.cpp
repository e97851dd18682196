// Driver for fuzz targets in builds without libFuzzer (g++): runs every file of the corpus folders
// given on the command line, then a deterministic stream of pseudo-random and mutated inputs for
// --seconds=N. Crashes and sanitizer reports fail the ctest run just as under libFuzzer.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  double seconds = 5;
  std::vector<std::vector<uint8_t>> corpus;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--seconds=", 10) == 0) {
      seconds = std::atof(argv[i] + 10);
      continue;
    }
    std::error_code ec;
    for (auto& e : std::filesystem::recursive_directory_iterator(argv[i], ec)) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  for (auto& c : corpus) LLVMFuzzerTestOneInput(c.data(), c.size());
  std::mt19937_64 rng(0x5eed);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::vector<uint8_t> buf;
  size_t runs = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!corpus.empty() && (rng() & 1)) {
      buf = corpus[rng() % corpus.size()];
      size_t flips = 1 + rng() % 8;
      for (size_t k = 0; k < flips && !buf.empty(); ++k) {
        size_t at = rng() % buf.size();
        switch (rng() % 4) {
          case 0: buf[at] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
          case 1: buf[at] = static_cast<uint8_t>(rng()); break;
          case 2: buf.resize(at); break;
          default: buf.insert(buf.begin() + at, static_cast<uint8_t>(rng())); break;
        }
      }
    } else {
      buf.resize(rng() % 512);
      for (auto& b : buf) b = static_cast<uint8_t>(rng());
    }
    LLVMFuzzerTestOneInput(buf.data(), buf.size());
    ++runs;
  }
  std::printf("fuzz driver: %zu corpus inputs, %zu generated inputs\n", corpus.size(), runs);
  return 0;
}
