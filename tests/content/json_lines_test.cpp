// Validator pointers and syntax errors mapped to lines of the raw text the admin edits.
#include "bot/content/json_lines.hpp"

#include <gtest/gtest.h>

namespace zaedno::content {
namespace {

constexpr const char* flow_text = R"({
  "flow": "housing",
  "start": "menu",
  "nodes": {
    "menu": {
      "kind": "ask",
      "text": "housing.menu",
      "choices": [
        { "id": "a", "label": "x", "next": "one" },
        {
          "id": "b~/\u00e9",
          "next": "two"
        }
      ]
    },
    "a/b": { "kind": "say", "text": "k" },
    "é": { "kind": "say", "text": "k" }
  }
}
)";

TEST(json_lines, pointers_name_the_line_of_their_member_or_element) {
    EXPECT_EQ(line_of_pointer(flow_text, ""), 1u);
    EXPECT_EQ(line_of_pointer(flow_text, "/start"), 3u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu"), 5u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/text"), 7u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/choices/0/next"), 9u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/choices/1"), 10u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/choices/1/next"), 12u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/a~1b/kind"), 16u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/\xc3\xa9"), 17u);
}

TEST(json_lines, a_missing_member_falls_back_to_its_deepest_existing_parent) {
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/next"), 5u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/choices/7/next"), 8u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nodes/menu/choices/x"), 8u);
    EXPECT_EQ(line_of_pointer(flow_text, "/nothing/here"), std::nullopt);
}

TEST(json_lines, escaped_keys_are_compared_decoded) {
    const char* text = "{\n\"a\\\"b\": 1,\n\"\\u00e9\\ud83d\\ude00\": 2\n}";
    EXPECT_EQ(line_of_pointer(text, "/a\"b"), 2u);
    EXPECT_EQ(line_of_pointer(text, "/\xc3\xa9\xf0\x9f\x98\x80"), 3u);
}

TEST(json_lines, syntax_errors_give_the_line_they_are_on) {
    EXPECT_EQ(syntax_error_line(flow_text), std::nullopt);
    EXPECT_EQ(syntax_error_line("{\n  \"a\": 1,\n  \"b\": \n}\n"), 4u);
    EXPECT_EQ(syntax_error_line("{\n  \"a\": 1\n  \"b\": 2\n}"), 3u);
    EXPECT_EQ(syntax_error_line("{\n  \"a\": \"unterminated\n}"), 2u);
    EXPECT_EQ(syntax_error_line(""), 1u);
    EXPECT_EQ(problem_line("{\n\"a\": [1,\n}", "/a"), 3u);
    EXPECT_EQ(problem_line("{\n\"a\": [1,\n2]}", "/a/1"), 3u);
    EXPECT_EQ(line_of_pointer("{\n\"a\": [1,\n}", "/a"), std::nullopt);
}

TEST(json_lines, hostile_text_never_reads_past_its_end) {
    std::string deep(5000, '[');
    EXPECT_TRUE(syntax_error_line(deep).has_value());
    EXPECT_EQ(line_of_pointer(deep, "/0/0"), std::nullopt);
    std::string nested = std::string(300, '[') + std::string(300, ']');
    EXPECT_EQ(line_of_pointer(nested, "/0/0/0"), 1u);
    EXPECT_EQ(line_of_pointer("{\"a\": \"\\u12\"}", "/a"), std::nullopt);
}

}  // namespace
}  // namespace zaedno::content
