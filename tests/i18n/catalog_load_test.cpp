// Loading locale files: every problem is reported with file and JSON pointer, the rest still loads.
#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "bot/i18n/catalog.hpp"
#include "tests/i18n/catalog_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::i18n {
namespace {

using test::fixture_set;
using test::write_file;

struct located {
    std::string file;  // file name only, so the assertion does not depend on the checkout path
    std::string path;

    friend bool operator==(const located&, const located&) = default;

    friend std::ostream& operator<<(std::ostream& out, const located& l) {
        return out << l.file << "#" << l.path;
    }
};

std::vector<located> locations(const std::vector<load_problem>& problems) {
    std::vector<located> result;
    for (const auto& problem : problems) {
        result.push_back({std::filesystem::path(problem.file).filename().string(), problem.path});
    }
    std::sort(result.begin(), result.end(), [](const located& a, const located& b) {
        return std::tie(a.file, a.path) < std::tie(b.file, b.path);
    });
    return result;
}

const load_problem* find_problem(
    const std::vector<load_problem>& problems, const std::string& file_name, const std::string& path
) {
    const auto it = std::find_if(problems.begin(), problems.end(), [&](const load_problem& p) {
        return std::filesystem::path(p.file).filename() == file_name && p.path == path;
    });
    return it == problems.end() ? nullptr : &*it;
}

bool mentions(const load_problem* problem, const std::string& text) {
    return problem != nullptr && problem->message.find(text) != std::string::npos;
}

class i18n_load_broken : public testing::Test {
protected:
    void SetUp() override {
        loaded_ = catalog::load(fixture_set("broken"), "en", "Europe/Sofia", problems_);
    }

    std::vector<load_problem> problems_;
    catalog loaded_;
};

TEST_F(i18n_load_broken, reports_every_problem_with_file_and_pointer) {
    const std::vector<located> expected{
        {"README.json", ""},
        {"ar.json", "/_meta/direction"},
        {"ar.json", "/a~1b"},
        {"ar.json", "/booking/when"},
        {"ar.json", "/count"},
        {"ar.json", "/list"},
        {"ar.json", "/nothing"},
        {"bg.json", ""},
        {"en.json", "/deep/bad"},
    };
    EXPECT_EQ(locations(problems_), expected);
}

TEST_F(i18n_load_broken, malformed_json_names_the_parse_position) {
    const load_problem* problem = find_problem(problems_, "bg.json", "");
    ASSERT_NE(problem, nullptr);
    EXPECT_TRUE(mentions(problem, "malformed JSON")) << problem->message;
    EXPECT_TRUE(mentions(problem, "line 2, column 12")) << problem->message;
}

TEST_F(i18n_load_broken, bad_message_format_names_key_icu_error_and_position) {
    const load_problem* unclosed_plural = find_problem(problems_, "ar.json", "/count");
    ASSERT_NE(unclosed_plural, nullptr);
    EXPECT_TRUE(mentions(unclosed_plural, "count")) << unclosed_plural->message;
    EXPECT_TRUE(mentions(unclosed_plural, "U_PATTERN_SYNTAX_ERROR")) << unclosed_plural->message;
    EXPECT_TRUE(mentions(unclosed_plural, "position 15")) << unclosed_plural->message;

    const load_problem* unclosed_argument = find_problem(problems_, "ar.json", "/booking/when");
    ASSERT_NE(unclosed_argument, nullptr);
    EXPECT_TRUE(mentions(unclosed_argument, "booking.when")) << unclosed_argument->message;
    EXPECT_TRUE(mentions(unclosed_argument, "U_UNMATCHED_BRACES")) << unclosed_argument->message;
}

TEST_F(i18n_load_broken, non_string_values_name_their_json_type) {
    EXPECT_TRUE(mentions(find_problem(problems_, "ar.json", "/list"), "array"));
    EXPECT_TRUE(mentions(find_problem(problems_, "ar.json", "/nothing"), "null"));
    EXPECT_TRUE(mentions(find_problem(problems_, "ar.json", "/a~1b"), "number"));
    EXPECT_TRUE(mentions(find_problem(problems_, "en.json", "/deep/bad"), "number"));
}

TEST_F(i18n_load_broken, good_entries_and_files_still_load) {
    EXPECT_EQ(loaded_.languages(), (std::vector<std::string>{"ar", "en", "ru"}));
    EXPECT_EQ(loaded_.keys("ar"), (std::vector<std::string>{"fine"}));
    EXPECT_EQ(loaded_.keys("en"), (std::vector<std::string>{"deep.good", "fine"}));
    EXPECT_EQ(loaded_.format("ru", "good").text, "хорошо");
    EXPECT_EQ(loaded_.format("ar", "fine").text, "\u200Fجيد");
    EXPECT_FALSE(loaded_.has_language("bg"));
    EXPECT_EQ(loaded_.format("bg", "fine").text, "Still here.");
}

TEST_F(i18n_load_broken, a_skipped_entry_falls_back_to_the_default_language) {
    const formatted result = loaded_.format("ar", "count", {{"count", std::int64_t{1}}});
    EXPECT_EQ(result.text, "count");
    EXPECT_TRUE(result.fell_back);
    EXPECT_FALSE(loaded_.has("ar", "count"));
}

TEST_F(i18n_load_broken, a_bad_direction_keeps_icus_direction) {
    EXPECT_EQ(loaded_.direction("ar"), text_direction::rtl);
}

TEST(i18n_load, basic_set_flattens_nested_keys) {
    const catalog loaded = test::load_basic();
    EXPECT_TRUE(loaded.has("en", "booking.confirmed"));
    EXPECT_TRUE(loaded.has("en", "menu.prompt"));
    EXPECT_TRUE(loaded.has("en", "crisis.words"));
    EXPECT_FALSE(loaded.has("en", "booking"));
    EXPECT_FALSE(loaded.has("en", "_meta.name"));
    EXPECT_FALSE(loaded.has("bg", "greeting"));
    EXPECT_EQ(
        loaded.raw("en", "booking.confirmed"),
        "Booked for {when, date, full} at {when, time, short}."
    );
    EXPECT_EQ(loaded.raw("bg", "greeting"), std::nullopt);
    EXPECT_EQ(loaded.raw("xx", "greeting"), std::nullopt);
    EXPECT_EQ(loaded.languages(), (std::vector<std::string>{"ar", "bg", "en", "fa", "ru", "uk"}));
    EXPECT_EQ(loaded.default_language(), "en");
    EXPECT_TRUE(loaded.has_language("fa"));
    EXPECT_FALSE(loaded.has_language("de"));
    const auto keys = loaded.keys("bg");
    EXPECT_EQ(keys, (std::vector<std::string>{"crisis.words", "menu.prompt", "words.menu"}));
    EXPECT_TRUE(loaded.keys("xx").empty());
}

TEST(i18n_load, missing_directory_is_a_problem_not_an_exception) {
    const zaedno::test::temp_dir temp;
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path() / "nope", "en", "UTC", problems);
    ASSERT_EQ(problems.size(), 2U);
    EXPECT_NE(problems[0].message.find("does not exist"), std::string::npos);
    EXPECT_NE(problems[1].message.find("default language"), std::string::npos);
    EXPECT_EQ(loaded.languages(), (std::vector<std::string>{"en"}));
    EXPECT_EQ(loaded.format("en", "menu.prompt").text, "menu.prompt");
}

TEST(i18n_load, missing_default_language_file_is_reported) {
    const zaedno::test::temp_dir temp;
    write_file(temp.path() / "bg.json", R"({"hello": "Здравей"})");
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "UTC", problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(std::filesystem::path(problems[0].file).filename(), "en.json");
    EXPECT_EQ(loaded.languages(), (std::vector<std::string>{"bg", "en"}));
    EXPECT_EQ(loaded.format("bg", "hello").text, "Здравей");
}

TEST(i18n_load, unknown_time_zone_is_reported_and_utc_used) {
    const zaedno::test::temp_dir temp;
    write_file(temp.path() / "en.json", R"({"at": "{when, date, yyyy-MM-dd HH:mm}"})");
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "Mars/Olympus_Mons", problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].message.find("Mars/Olympus_Mons"), std::string::npos);
    EXPECT_EQ(
        loaded.format("en", "at", {{"when", timestamp{1774747800}}}).text, "2026-03-29 01:30"
    );
}

struct bad_file_case {
    std::string name;
    std::string content;
    std::string pointer;
    std::string message_part;

    friend std::ostream& operator<<(std::ostream& out, const bad_file_case& c) {
        return out << c.name;
    }
};

class i18n_load_bad_file : public testing::TestWithParam<bad_file_case> {};

TEST_P(i18n_load_bad_file, is_reported_and_the_good_entry_survives) {
    const auto& c = GetParam();
    const zaedno::test::temp_dir temp;
    write_file(temp.path() / "en.json", R"({"ok": "fine"})");
    write_file(temp.path() / "bg.json", c.content);
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "UTC", problems);
    ASSERT_EQ(problems.size(), 1U) << c.name;
    EXPECT_EQ(std::filesystem::path(problems[0].file).filename(), "bg.json");
    EXPECT_EQ(problems[0].path, c.pointer);
    EXPECT_NE(problems[0].message.find(c.message_part), std::string::npos) << problems[0].message;
    EXPECT_EQ(loaded.format("en", "ok").text, "fine");
}

INSTANTIATE_TEST_SUITE_P(
    i18n_table,
    i18n_load_bad_file,
    testing::Values(
        bad_file_case{"empty file", "", "", "malformed JSON"},
        bad_file_case{"top-level array", R"(["a"])", "", "JSON object"},
        bad_file_case{"truncated", R"({"a": "b")", "", "malformed JSON"},
        bad_file_case{"number overflow", R"({"a": 1e999})", "", "malformed JSON"},
        bad_file_case{"bad utf8", "{\"a\": \"\xC3\x28\"}", "", "malformed JSON"},
        bad_file_case{"boolean", R"({"ok": "x", "yes": true})", "/yes", "boolean"},
        bad_file_case{"nested number", R"({"a": {"b": {"c": 1}}})", "/a/b/c", "number"},
        bad_file_case{
            "duplicate flat and nested",
            R"({"menu.prompt": "x", "menu": {"prompt": "y"}})",
            "/menu.prompt",
            "defined twice, also at /menu/prompt"},
        bad_file_case{"empty key", R"({"": "x"})", "/", "non-empty"},
        bad_file_case{"empty object", R"({"a": {}})", "/a", "no translations"},
        bad_file_case{"meta not an object", R"({"_meta": "rtl"})", "/_meta", "object"},
        bad_file_case{
            "meta unknown field", R"({"_meta": {"dir": "rtl"}})", "/_meta/dir", "unknown"},
        bad_file_case{"meta empty name", R"({"_meta": {"name": ""}})", "/_meta/name", "name"},
        bad_file_case{
            "meta unknown calendar",
            R"({"_meta": {"calendar": "lunar"}})",
            "/_meta/calendar",
            "calendar must be one of: "},
        bad_file_case{
            "meta calendar not text",
            R"({"_meta": {"calendar": 1}})",
            "/_meta/calendar",
            "gregorian"},
        bad_file_case{
            "plural without other",
            R"({"n": "{n, plural, one {x}}"})",
            "/n",
            "U_DEFAULT_KEYWORD_MISSING"},
        bad_file_case{"unknown argument type", R"({"n": "{n, colour}"})", "/n", "U_"},
        bad_file_case{"pointer escapes", R"({"a~b/c": 1})", "/a~0b~1c", "number"}
    )
);

TEST(i18n_load, absurdly_deep_nesting_is_reported_not_followed) {
    const zaedno::test::temp_dir temp;
    std::string deep;
    for (int i = 0; i < 10000; ++i) {
        deep += R"({"k":)";
    }
    deep += R"("x")";
    deep += std::string(10000, '}');
    write_file(temp.path() / "en.json", R"({"ok": "fine", "deep": )" + deep + "}");
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "UTC", problems);
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_NE(problems[0].message.find("deeper than 16"), std::string::npos);
    EXPECT_EQ(problems[0].path.substr(0, 8), "/deep/k/");
    EXPECT_EQ(loaded.format("en", "ok").text, "fine");
}

TEST(i18n_load, meta_direction_overrides_icu) {
    const zaedno::test::temp_dir temp;
    write_file(temp.path() / "en.json", R"({"hi": "Hi {name}"})");
    write_file(temp.path() / "ar.json", R"({"_meta": {"direction": "ltr"}, "hi": "مرحبا {name}"})");
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "UTC", problems);
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(loaded.direction("ar"), text_direction::ltr);
    EXPECT_EQ(loaded.format("ar", "hi", {{"name", std::string("Ivan")}}).text, "مرحبا Ivan");
}

TEST(i18n_load, meta_calendar_chooses_the_calendar_of_every_date) {
    // "Stamp" sorts before "_meta": the calendar must shape keys read before it too.
    const std::string dates = R"("day": "{at, date, ::EEEEdMMMM}",
        "Stamp": "{at}",
        "nested": "{n, plural, one {{at, date, ::dMMMM}} other {{at, date, ::dMMMM}}}")";
    auto load_persian = [&](const std::string& meta) {
        const zaedno::test::temp_dir temp;
        write_file(temp.path() / "en.json", "{" + dates + "}");
        write_file(temp.path() / "fa.json", "{" + dates + meta + "}");
        std::vector<load_problem> problems;
        catalog loaded = catalog::load(temp.path(), "en", "Europe/Sofia", problems);
        EXPECT_TRUE(problems.empty()) << problems.front().message;
        return loaded;
    };
    const message_args at{{"at", timestamp{1796119200}}, {"n", std::int64_t{1}}};  // 2026-12-01
    // ICU's default calendar for Persian is the Solar Hijri one: 10 Azar 1405.
    const catalog solar_hijri = load_persian("");
    const catalog gregorian = load_persian(R"(, "_meta": {"calendar": "gregorian"})");
    for (const char* key : {"day", "Stamp", "nested"}) {
        const auto hijri_text = solar_hijri.format("fa", key, at).text;
        const auto gregorian_text = gregorian.format("fa", key, at).text;
        EXPECT_TRUE(
            hijri_text.find("آذر") != std::string::npos ||
            hijri_text.find("۱۴۰۵") != std::string::npos
        ) << key
          << ": " << hijri_text;
        EXPECT_EQ(gregorian_text.find("آذر"), std::string::npos) << key << ": " << gregorian_text;
        EXPECT_EQ(gregorian_text.find("۱۴۰۵"), std::string::npos) << key << ": " << gregorian_text;
    }
    EXPECT_NE(gregorian.format("fa", "day", at).text.find("دسامبر"), std::string::npos);
    EXPECT_NE(gregorian.format("fa", "nested", at).text.find("دسامبر"), std::string::npos);
}

TEST(i18n_load, files_that_are_not_json_are_ignored) {
    const zaedno::test::temp_dir temp;
    write_file(temp.path() / "en.json", R"({"hi": "Hi"})");
    write_file(temp.path() / "de.json.bak", "garbage");
    write_file(temp.path() / "notes.txt", "garbage");
    std::filesystem::create_directory(temp.path() / "ru.json");
    std::vector<load_problem> problems;
    const catalog loaded = catalog::load(temp.path(), "en", "UTC", problems);
    EXPECT_TRUE(problems.empty());
    EXPECT_EQ(loaded.languages(), (std::vector<std::string>{"en"}));
}

}  // namespace
}  // namespace zaedno::i18n
