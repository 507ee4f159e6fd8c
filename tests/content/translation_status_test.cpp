// Missing and stale marks worked out from a locale history.
#include "bot/content/translation_status.hpp"

#include <gtest/gtest.h>

namespace zaedno::content {
namespace {

using nlohmann::json;

json row(const json& table, const std::string& key) {
    for (const auto& r : table["keys"]) {
        if (r["key"] == key) {
            return r;
        }
    }
    ADD_FAILURE() << "no row for " << key;
    return json::object();
}

TEST(translation_status, a_translation_is_stale_once_its_source_text_changes_after_it) {
    std::vector<locale_snapshot> history{
        {1,
         {{"en", R"({"_meta": {"name": "English"}, "a": "Hello", "b": "Bye", "c": "Menu"})"},
          {"bg", R"({"a": "Здравей", "b": "Чао", "c": "Меню"})"},
          {"ar", R"({"a": "مرحبا", "c": ""})"}}},
        {2,
         {{"en", R"({"a": "Hello there", "b": "Bye", "c": "Menu"})"},
          {"bg", std::nullopt},
          {"ar", std::nullopt}}},
        {3, {{"en", std::nullopt}, {"bg", std::nullopt}, {"ar", R"({"a": "أهلا", "c": ""})"}}},
    };
    auto table = translation_table(history, "en");
    EXPECT_EQ(table["source_language"], "en");
    EXPECT_EQ(table["languages"], json({"en", "ar", "bg"}));
    auto a = row(table, "a");
    EXPECT_EQ(a["status"], json({{"en", "source"}, {"bg", "stale"}, {"ar", "ok"}}));
    EXPECT_EQ(a["source_was"], json({{"bg", "Hello"}}));
    EXPECT_EQ(a["texts"]["ar"], "أهلا");
    EXPECT_EQ(a["changed_in"], json({{"en", 2}, {"bg", 1}, {"ar", 3}}));
    auto b = row(table, "b");
    EXPECT_EQ(b["status"], json({{"en", "source"}, {"bg", "ok"}, {"ar", "missing"}}));
    EXPECT_TRUE(b["texts"]["ar"].is_null());
    auto c = row(table, "c");
    EXPECT_EQ(c["status"]["ar"], "missing");  // empty counts as missing
    EXPECT_EQ(table["counts"]["ar"], json({{"missing", 2}, {"stale", 0}}));
    EXPECT_EQ(table["counts"]["bg"], json({{"missing", 0}, {"stale", 1}}));
    EXPECT_EQ(table["keys"].size(), 3u);  // _meta is not a key
}

TEST(translation_status, changing_source_and_translation_together_keeps_it_current) {
    std::vector<locale_snapshot> history{
        {1, {{"en", R"({"a": "One"})"}, {"uk", R"({"a": "Один"})"}}},
        {5, {{"en", R"({"a": "Uno"})"}, {"uk", R"({"a": "Уно"})"}}},
    };
    auto table = translation_table(history, "en");
    EXPECT_EQ(row(table, "a")["status"]["uk"], "ok");
}

TEST(translation_status, a_review_of_exactly_these_texts_clears_the_stale_mark) {
    std::vector<locale_snapshot> history{
        {1, {{"en", R"({"a": "Hello", "b": "Bye"})"}, {"bg", R"({"a": "Здравей", "b": "Чао"})"}}},
        {2, {{"en", R"({"a": "Hello!", "b": "Bye!"})"}, {"bg", std::nullopt}}},
    };
    review_map reviews{
        {{"bg", "a"}, {"Hello!", "Здравей"}},
        {{"bg", "b"}, {"Bye", "Чао"}},  // checked against an older source text
    };
    auto table = translation_table(history, "en", reviews);
    auto a = row(table, "a");
    EXPECT_EQ(a["status"]["bg"], "ok");
    EXPECT_EQ(a["reviewed"], json({{"bg", true}}));
    EXPECT_FALSE(a["source_was"].contains("bg"));
    EXPECT_EQ(row(table, "b")["status"]["bg"], "stale");
    EXPECT_EQ(table["counts"]["bg"], json({{"missing", 0}, {"stale", 1}}));

    // The translation edited since the review: the review no longer applies, and the edit
    // itself (made against the current source) keeps it current.
    history.push_back({3, {{"en", std::nullopt}, {"bg", R"({"a": "Здрасти", "b": "Чао"})"}}});
    auto later = translation_table(history, "en", reviews);
    EXPECT_EQ(row(later, "a")["status"]["bg"], "ok");
    EXPECT_TRUE(row(later, "a")["reviewed"].empty());

    // The source changed once more: stale again, whatever was reviewed before.
    history.push_back({4, {{"en", R"({"a": "Hi", "b": "Bye!"})"}, {"bg", std::nullopt}}});
    reviews[{"bg", "a"}] = {"Hello!", "Здрасти"};
    EXPECT_EQ(row(translation_table(history, "en", reviews), "a")["status"]["bg"], "stale");
}

TEST(translation_status, rolling_the_source_back_makes_the_old_translation_current_again) {
    std::vector<locale_snapshot> history{
        {1, {{"en", R"({"a": "One"})"}, {"fa", R"({"a": "یک"})"}}},
        {2, {{"en", R"({"a": "Two"})"}, {"fa", std::nullopt}}},
    };
    EXPECT_EQ(row(translation_table(history, "en"), "a")["status"]["fa"], "stale");
    history.push_back({3, {{"en", R"({"a": "One"})"}, {"fa", std::nullopt}}});
    EXPECT_EQ(row(translation_table(history, "en"), "a")["status"]["fa"], "ok");
}

TEST(translation_status, keys_without_source_text_and_broken_or_dropped_files) {
    std::vector<locale_snapshot> history{
        {1, {{"en", R"({"a": "A"})"}, {"ru", R"({"a": "А", "only_ru": "Р"})"}, {"bg", "{ broken"}}},
        {2, {{"en", R"({"a": "A2"})"}, {"bg", std::nullopt}}},
        {3, {{"en", std::nullopt}, {"bg", std::nullopt}, {"ru", R"({"a": "А", "only_ru": "Р"})"}}},
    };
    auto table = translation_table(history, "en");
    EXPECT_EQ(table["languages"], json({"en", "bg", "ru"}));
    auto a = row(table, "a");
    EXPECT_EQ(a["status"]["bg"], "missing");
    // ru was dropped in version 2 and came back in 3, after the source changed: current.
    EXPECT_EQ(a["status"]["ru"], "ok");
    auto only = row(table, "only_ru");
    EXPECT_EQ(only["status"], json({{"en", "missing"}, {"bg", "missing"}, {"ru", "ok"}}));
}

TEST(translation_status, an_empty_history_has_no_rows) {
    auto table = translation_table({}, "en");
    EXPECT_TRUE(table["keys"].empty());
    EXPECT_TRUE(table["languages"].empty());
}

}  // namespace
}  // namespace zaedno::content
