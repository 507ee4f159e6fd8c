// The contacts action over a directory file as people edit it: the entries of one topic in
// file order, and entries with missing or wrongly typed fields never fail the request.
#include "bot/actions/content_actions.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "tests/support/paths.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::test {
namespace {

struct directory_fixture {
    temp_dir dir;
    i18n::catalog catalog;

    explicit directory_fixture(const std::string& contacts_json) {
        std::filesystem::create_directories(dir.path() / "data");
        std::ofstream(dir.path() / "data" / "contacts.json") << contacts_json;
        std::vector<i18n::load_problem> problems;
        catalog = i18n::catalog::load(source_dir() / "locales", "en", "Europe/Sofia", problems);
    }
};

TEST(contacts_action, lists_one_topics_entries_in_file_order) {
    directory_fixture f(R"({"contacts": [
        {"topic": "mental_health", "name": "Line A", "phone": "112", "hours": "24/7"},
        {"topic": "legal", "name": "Lawyer", "phone": "0800 1", "hours": "Mon"},
        {"topic": "mental_health", "name": "Line B", "phone": "+359 2 000", "hours": "10-12"}]})");
    actions::content_actions actions(f.catalog, f.dir.path());
    auto result = actions.contacts("mental_health");
    EXPECT_EQ(result.outcome, "ok");
    EXPECT_EQ(
        result.variables["contact_list"], "• Line A: 112 (24/7)\n• Line B: +359 2 000 (10-12)"
    );
    EXPECT_EQ(actions.contacts("housing").outcome, "none");
}

TEST(contacts_action, wrongly_typed_or_missing_fields_do_not_fail_the_request) {
    directory_fixture f(R"({"contacts": [
        {"topic": "mental_health", "name": 5, "phone": "112", "hours": ["24/7"]},
        {"topic": "mental_health", "name": "No number"},
        {"topic": 7, "name": "Odd", "phone": "113"},
        "not an entry",
        {"topic": "mental_health", "name": "Line B", "phone": "116 111", "hours": "24/7"}]})");
    actions::content_actions actions(f.catalog, f.dir.path());
    auto result = actions.contacts("mental_health");
    EXPECT_EQ(result.outcome, "ok");
    EXPECT_EQ(result.variables["contact_list"], "• : 112\n• Line B: 116 111 (24/7)");
}

TEST(contacts_action, a_missing_or_broken_file_answers_unavailable) {
    directory_fixture broken("{ not json");
    actions::content_actions actions(broken.catalog, broken.dir.path());
    EXPECT_EQ(actions.contacts("mental_health").outcome, "unavailable");
    directory_fixture no_list(R"({"contacts": {}})");
    actions::content_actions other(no_list.catalog, no_list.dir.path());
    EXPECT_EQ(other.contacts("mental_health").outcome, "unavailable");
}

}  // namespace
}  // namespace zaedno::test
