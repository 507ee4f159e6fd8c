// The channel adapters and delivery policies stay sans-I/O: no Asio, Beast or SQLite includes.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"

namespace zaedno::channels {
namespace {

TEST(channels_purity, adapters_and_policies_include_no_io_library) {
    const auto root = test::source_dir();
    const char* forbidden[] = {
        "boost/asio", "boost/beast", "sqlite3.h", "bot/storage/", "bot/server/"};
    int files = 0;
    for (const char* folder : {"integrations", "bot/delivery"}) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(root / folder)) {
            const auto relative = std::filesystem::relative(entry.path(), root).generic_string();
            // The HTTP client and the outbox (repository and worker) are the I/O half by design;
            // in bot/delivery only the policies must stay pure.
            bool io_half = relative.starts_with("integrations/http_client/") ||
                           relative.starts_with("bot/delivery/outbox_");
            if (!entry.is_regular_file() || io_half) {
                continue;
            }
            ++files;
            std::ifstream in(entry.path());
            std::string line;
            while (std::getline(in, line)) {
                if (!line.starts_with("#include")) {
                    continue;
                }
                for (const char* name : forbidden) {
                    EXPECT_EQ(line.find(name), std::string::npos) << relative << ": " << line;
                }
            }
        }
    }
    EXPECT_GT(files, 20);
}

}  // namespace
}  // namespace zaedno::channels
