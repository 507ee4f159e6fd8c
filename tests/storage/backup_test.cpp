// zaedno backup while another connection keeps writing: the copy is one consistent snapshot.
#include "bot/storage/backup.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

#include "bot/storage/connection.hpp"
#include "bot/storage/database.hpp"
#include "bot/storage/storage_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::storage {
namespace {

constexpr int rows_per_transaction = 10;

TEST(backup, copy_of_a_database_being_written_is_consistent) {
    test::temp_dir dir;
    auto source = dir.path() / "live.db";
    database db(source);
    auto create = [](connection& c) {
        c.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, batch INTEGER NOT NULL)");
    };
    db.run_sync(create);

    std::atomic<bool> stop{false};
    std::atomic<int> batches{0};
    std::thread writer([&] {
        while (!stop) {
            int batch = batches.load();
            // One job = one savepoint: either all ten rows of a batch are visible or none.
            auto job = [batch](connection& c) {
                for (int i = 0; i < rows_per_transaction; ++i) {
                    c.prepared("INSERT INTO t (batch) VALUES (?)").bind(1, batch).run();
                }
            };
            db.run_sync(job);
            ++batches;
        }
    });
    // Let some writes land first (bounded).
    for (int i = 0; i < 2000 && batches.load() < 20; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::vector<std::int64_t> copied_rows;
    for (int round = 0; round < 5; ++round) {
        auto copy = dir.path() / ("copy" + std::to_string(round) + ".db");
        backup_database(source, copy);
        auto c = connection::open(copy, open_mode::read_only);
        auto& check = c.prepared("PRAGMA integrity_check");
        ASSERT_TRUE(check.step());
        EXPECT_EQ(check.text(0), "ok");
        check.reset();
        auto& counts = c.prepared("SELECT count(*), coalesce(max(id), 0) FROM t");
        ASSERT_TRUE(counts.step());
        auto rows = counts.int64(0);
        EXPECT_EQ(rows % rows_per_transaction, 0) << "a half-written batch was copied";
        EXPECT_EQ(counts.int64(1), rows) << "ids have a gap: not a snapshot";
        counts.reset();
        copied_rows.push_back(rows);
        EXPECT_FALSE(std::filesystem::exists(copy.string() + ".partial"));
    }
    stop = true;
    writer.join();
    EXPECT_GT(copied_rows.back(), 0);
}

TEST(backup, missing_source_is_a_clear_error) {
    test::temp_dir dir;
    try {
        backup_database(dir.path() / "absent.db", dir.path() / "copy.db");
        FAIL() << "expected storage_error";
    } catch (const storage_error& e) {
        EXPECT_NE(std::string(e.what()).find("absent.db"), std::string::npos);
    }
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "copy.db"));
}

}  // namespace
}  // namespace zaedno::storage
