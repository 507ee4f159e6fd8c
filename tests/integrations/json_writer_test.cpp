// The hand-rolled JSON writer: structure, escaping, repair.
#include "integrations/json_writer.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zaedno::channels {
namespace {

TEST(channels_json_writer, nested_containers_get_commas_and_colons) {
    json_writer w;
    w.begin_object()
        .key("a")
        .value(1)
        .key("b")
        .begin_array()
        .begin_array()
        .value("x")
        .value(true)
        .end_array()
        .begin_object()
        .end_object()
        .end_array()
        .key("c")
        .value(false)
        .end_object();
    EXPECT_EQ(w.take(), R"({"a":1,"b":[["x",true],{}],"c":false})");
}

TEST(channels_json_writer, strings_are_escaped_as_json_requires) {
    std::string tricky = "q\"b\\n\nr\rt\tb\bf\f";
    tricky.push_back('\x01');
    tricky.push_back('\x1f');
    tricky += "ж\u2028/";
    json_writer w;
    w.begin_array().value(tricky).end_array();
    const std::string text = w.take();
    EXPECT_EQ(nlohmann::json::parse(text)[0], tricky);
    EXPECT_NE(text.find("\\u0001"), std::string::npos);
}

TEST(channels_json_writer, invalid_utf8_is_repaired) {
    json_writer w;
    w.begin_object().key("k\xff").value("v\xc3").end_object();
    EXPECT_EQ(nlohmann::json::parse(w.take()), nlohmann::json({{"k\uFFFD", "v\uFFFD"}}));
}

TEST(channels_json_writer, numbers_keep_every_digit) {
    json_writer w;
    w.begin_array()
        .value(std::int64_t{-1001234567890123})
        .value(std::int64_t{9223372036854775807})
        .end_array();
    EXPECT_EQ(w.take(), "[-1001234567890123,9223372036854775807]");
}

TEST(channels_json_writer, take_leaves_an_empty_writer) {
    json_writer w;
    w.begin_object().end_object();
    EXPECT_EQ(w.take(), "{}");
    w.begin_array().value(1).end_array();
    EXPECT_EQ(w.take(), "[1]");
}

}  // namespace
}  // namespace zaedno::channels
