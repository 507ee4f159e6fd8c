// Loading the i18n test fixtures: tests/fixtures/i18n/<set>/ with a given default language and
// zone.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "bot/i18n/catalog.hpp"
#include "tests/support/paths.hpp"

namespace zaedno::i18n::test {

inline std::filesystem::path fixture_set(const std::string& name) {
    return zaedno::test::fixtures_dir() / "i18n" / name;
}

/// The "basic" set must load without a single problem; anything else is a broken fixture.
inline catalog load_basic(const std::string& zone = "Europe/Sofia") {
    std::vector<load_problem> problems;
    catalog loaded = catalog::load(fixture_set("basic"), "en", zone, problems);
    for (const auto& problem : problems) {
        ADD_FAILURE() << problem.file << " " << problem.path << ": " << problem.message;
    }
    return loaded;
}

inline void write_file(const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

}  // namespace zaedno::i18n::test
