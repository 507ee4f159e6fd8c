// The only test file compiled with paths baked in.
#include "tests/support/paths.hpp"

namespace zaedno::test {

std::filesystem::path fixtures_dir() {
    return ZAEDNO_TEST_FIXTURES;
}

std::filesystem::path zaedno_binary() {
    return ZAEDNO_BINARY;
}

std::filesystem::path source_dir() {
    return ZAEDNO_TEST_SOURCE_DIR;
}

}  // namespace zaedno::test
