// Messages whose arguments are all plain {name}s are joined from pieces without ICU at format
// time; the text must be exactly what ICU's MessageFormat gives for the same pattern.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unicode/fmtable.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include "bot/i18n/bidi.hpp"
#include "bot/i18n/catalog.hpp"
#include "tests/i18n/catalog_fixture.hpp"
#include "tests/support/temp_dir.hpp"

namespace zaedno::i18n {
namespace {

const std::vector<std::string> patterns = {
    "Hello, {name}!",
    "{name}",
    "{name}{place}",
    "{name} and {name} again",
    "It''s {name}''s turn",
    "'{literal}' then {name}",
    "Quoted '{'{name}'}' braces",
    "An apostrophe at the end: {name}'",
    "Spaced { name } argument",
    "Cyrillic: среща в {place}, {name}.",
    "{place} — {missing}",
};

/// What ICU's MessageFormat prints for pattern in lang with these string arguments.
std::string icu_formats(const std::string& pattern, const std::string& lang, bool isolate_values) {
    UErrorCode status = U_ZERO_ERROR;
    icu::MessageFormat format(
        icu::UnicodeString::fromUTF8(pattern), icu::Locale(lang.c_str()), status
    );
    EXPECT_TRUE(U_SUCCESS(status)) << pattern;
    auto value = [&](const std::string& text) {
        return icu::Formattable(icu::UnicodeString::fromUTF8(isolate_values ? isolate(text) : text)
        );
    };
    const icu::UnicodeString names[] = {u"name", u"place"};
    const icu::Formattable values[] = {value("Ana \xC3\x28 Ruiz"), value("Sofia 12")};
    icu::UnicodeString out;
    format.format(names, values, 2, out, status);
    EXPECT_TRUE(U_SUCCESS(status)) << pattern;
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

class catalog_joined_text : public testing::Test {
protected:
    void SetUp() override {
        nlohmann::json file = nlohmann::json::object();
        for (std::size_t i = 0; i < patterns.size(); ++i) {
            file["p" + std::to_string(i)] = patterns[i];
        }
        file["count"] = "{count} people";
        test::write_file(dir_.path() / "en.json", file.dump());
        test::write_file(dir_.path() / "ar.json", file.dump());
        std::vector<load_problem> problems;
        catalog_ = catalog::load(dir_.path(), "en", "Europe/Sofia", problems);
        ASSERT_TRUE(problems.empty()) << problems.front().message;
    }

    std::string format(const std::string& lang, std::size_t i) const {
        // The name holds an ill-formed byte: ICU reads it as U+FFFD, and so must the join.
        const message_args args{
            {"name", std::string("Ana \xC3\x28 Ruiz")}, {"place", std::string("Sofia 12")}};
        return catalog_.format(lang, "p" + std::to_string(i), args).text;
    }

    zaedno::test::temp_dir dir_;
    catalog catalog_;
};

TEST_F(catalog_joined_text, left_to_right_text_is_what_icu_prints) {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        EXPECT_EQ(format("en", i), icu_formats(patterns[i], "en", false)) << patterns[i];
    }
}

TEST_F(catalog_joined_text, right_to_left_text_isolates_values_as_icu_formatting_does) {
    for (std::size_t i = 0; i < patterns.size(); ++i) {
        EXPECT_EQ(
            format("ar", i),
            with_direction_mark(text_direction::rtl, icu_formats(patterns[i], "ar", true))
        ) << patterns[i];
    }
}

TEST_F(catalog_joined_text, numbers_are_still_formatted_the_languages_way) {
    EXPECT_EQ(
        catalog_.format("en", "count", {{"count", std::int64_t{12345}}}).text, "12,345 people"
    );
    EXPECT_EQ(
        catalog_.format("en", "count", {{"count", std::string("12345")}}).text, "12345 people"
    );
}

}  // namespace
}  // namespace zaedno::i18n
