// Migrations from an empty file, re-runs, and refusal of a newer schema.
#include <gtest/gtest.h>

#include "bot/storage/connection.hpp"
#include "bot/storage/migration.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::storage {
namespace {

std::vector<migration> two_steps() {
    return {
        {1, "001_a", "CREATE TABLE a (x INTEGER);"},
        {2, "002_b", "CREATE TABLE b (y TEXT); INSERT INTO b VALUES ('seed');"},
    };
}

TEST(migrate, applies_all_from_empty_and_records_version) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "m.db", open_mode::read_write_create);
    auto outcome = migrate(db, two_steps());
    EXPECT_EQ(outcome.from_version, 0);
    EXPECT_EQ(outcome.to_version, 2);
    EXPECT_EQ(db.user_version(), 2);
    auto& st = db.prepared("SELECT y FROM b");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "seed");
    st.reset();
}

TEST(migrate, rerun_changes_nothing) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "m.db", open_mode::read_write_create);
    migrate(db, two_steps());
    auto again = migrate(db, two_steps());
    EXPECT_EQ(again.from_version, 2);
    EXPECT_EQ(again.to_version, 2);
    auto& st = db.prepared("SELECT count(*) FROM b");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);  // the seed row was not inserted twice
    st.reset();
}

TEST(migrate, applies_only_the_new_step) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "m.db", open_mode::read_write_create);
    auto first = two_steps();
    first.pop_back();
    migrate(db, first);
    auto outcome = migrate(db, two_steps());
    EXPECT_EQ(outcome.from_version, 1);
    EXPECT_EQ(db.user_version(), 2);
}

TEST(migrate, failed_step_leaves_previous_version_intact) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "m.db", open_mode::read_write_create);
    auto steps = two_steps();
    steps.push_back({3, "003_broken", "CREATE TABLE c (z); THIS IS NOT SQL;"});
    EXPECT_ANY_THROW(migrate(db, steps));
    EXPECT_EQ(db.user_version(), 2);
    auto& st = db.prepared("SELECT count(*) FROM sqlite_master WHERE name = 'c'");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 0);  // rolled back with its transaction
    st.reset();
}

TEST(migrate, refuses_a_newer_schema_with_a_clear_message) {
    test::temp_dir dir;
    auto db = connection::open(dir.path() / "m.db", open_mode::read_write_create);
    db.exec("PRAGMA user_version = 99");
    try {
        migrate(db, two_steps());
        FAIL() << "expected schema_too_new";
    } catch (const schema_too_new& e) {
        std::string message = e.what();
        EXPECT_NE(message.find("99"), std::string::npos) << message;
        EXPECT_NE(message.find("newer"), std::string::npos) << message;
    }
    EXPECT_EQ(db.user_version(), 99);
}

// Numbers are reserved per part (contract), so a branch may lack one: increasing, not dense.
TEST(migrate, embedded_migrations_are_numbered_in_order) {
    auto list = embedded_migrations();
    ASSERT_FALSE(list.empty());
    EXPECT_EQ(list.front().number, 1);
    for (std::size_t i = 1; i < list.size(); ++i) {
        EXPECT_GT(list[i].number, list[i - 1].number) << list[i].name;
    }
}

}  // namespace
}  // namespace zaedno::storage
