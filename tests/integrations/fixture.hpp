// Reads a captured payload from tests/fixtures as raw bytes (bodies are hashed and parsed as is).
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tests/support/paths.hpp"

namespace zaedno::test {

inline std::string read_fixture(std::string_view relative_path) {
    const auto path = fixtures_dir() / std::string(relative_path);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("missing fixture " + path.string());
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace zaedno::test
