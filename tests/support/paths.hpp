// Where the tests find fixtures, the zaedno binary and the source tree.
#pragma once

#include <filesystem>

namespace zaedno::test {

std::filesystem::path fixtures_dir();
std::filesystem::path zaedno_binary();
std::filesystem::path source_dir();

}  // namespace zaedno::test
