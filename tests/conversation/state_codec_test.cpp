// The state codec gives the same text and the same leniency as the engine's nlohmann form,
// which stored states were written with.
#include "bot/conversation/state_codec.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace zaedno::conversation {
namespace {

engine::conversation_state through_document(std::string_view text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
        return {};
    }
    return parsed.get<engine::conversation_state>();
}

engine::conversation_state busy_state() {
    engine::conversation_state s;
    s.flow = "housing";
    s.node = "ask_city";
    s.variables = {{"city", "София"}, {"note", "line one\nline \"two\"\t\\ \x01 end"}, {"", "x"}};
    s.language = "fa";
    s.script_version = "v7";
    s.last_activity = 1790000000;
    s.misunderstandings = 2;
    s.consent = true;
    s.waiting_for_action = "free_days";
    s.dynamic_choices = {
        {"2026-12-01", "day.label", {{"date", "2026-12-01"}, {"weekday", "вторник"}}},
        {"none", "day.none", {}},
    };
    return s;
}

TEST(state_codec, writes_the_text_the_document_form_wrote) {
    for (const auto& state : {engine::conversation_state{}, busy_state()}) {
        EXPECT_EQ(encode_state(state), nlohmann::json(state).dump());
    }
}

TEST(state_codec, reads_back_what_it_wrote) {
    EXPECT_EQ(decode_state(encode_state(busy_state())), busy_state());
    EXPECT_EQ(decode_state(encode_state({})), engine::conversation_state{});
}

TEST(state_codec, repairs_invalid_utf8_instead_of_failing) {
    auto s = busy_state();
    s.variables["name"] = "Ali\xff";
    auto text = encode_state(s);
    EXPECT_FALSE(nlohmann::json::parse(text, nullptr, false).is_discarded());
    EXPECT_EQ(decode_state(text).variables.at("city"), "София");
}

TEST(state_codec, is_as_lenient_as_the_document_form) {
    const char* odd_texts[] = {
        "",
        "null",
        "[]",
        "\"text\"",
        "{",
        "{\"flow\": \"a\",}",
        "{}",
        "{\"flow\": 5, \"node\": null, \"language\": [\"fa\"], \"script_version\": {}}",
        "{\"last_activity\": 12.9, \"misunderstandings\": true, \"consent\": 1}",
        "{\"last_activity\": \"12\", \"misunderstandings\": -3, \"consent\": true}",
        "{\"last_activity\": 18446744073709551615}",
        "{\"variables\": {\"a\": \"1\", \"b\": 2}}",
        "{\"variables\": {\"a\": \"1\", \"b\": {\"c\": \"d\"}}, \"flow\": \"after\"}",
        "{\"variables\": [[\"a\", \"1\"]], \"flow\": \"kept\"}",
        "{\"variables\": \"none\"}",
        "{\"variables\": {\"a\": \"1\"}, \"variables\": {\"b\": \"2\"}}",
        "{\"flow\": \"first\", \"flow\": \"second\"}",
        "{\"dynamic_choices\": {\"id\": \"x\"}}",
        "{\"dynamic_choices\": [1, \"two\", null, [\"x\"], {}]}",
        "{\"dynamic_choices\": [{\"id\": 7, \"label\": \"l\", \"args\": {\"k\": 1}}]}",
        "{\"dynamic_choices\": [{\"id\": \"a\", \"args\": [\"k\"], \"extra\": {\"deep\": [1, "
        "{\"x\": 2}]}}]}",
        "{\"unknown\": {\"nested\": [1, 2, {\"flow\": \"not this\"}]}, \"flow\": \"this\"}",
        "{\"flow\": \"f\\u00e9\\n\\ud83d\\ude00\"}",
        "{\"flow\": \"a\"} trailing",
    };
    for (const char* text : odd_texts) {
        EXPECT_EQ(decode_state(text), through_document(text)) << text;
    }
}

TEST(state_codec, damaged_texts_read_as_the_document_form_reads_them) {
    // Both readers see every kind of damage a stored text could have: the quick plain-JSON
    // reader where it can, the full parser for the rest.
    auto s = busy_state();
    s.variables["note"] = "line one\nline \"two\"\t\\ end";  // no \u escape: plain JSON
    s.variables["name"] = "Ali \"Reza\"\\ / \b\f\r\t";
    const std::string whole = encode_state(s);
    const std::string replacements = "{}[]\",:\\0-1.eE+tfnu \t\n\x01\xff\xd0";
    std::mt19937 random(20261126);  // fixed: the same texts in every run
    auto pick = [&random](std::size_t n) {
        return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
    };
    for (int round = 0; round < 4000; ++round) {
        std::string text = whole;
        const int damages = 1 + static_cast<int>(pick(3));
        for (int d = 0; d < damages && !text.empty(); ++d) {
            const std::size_t where = pick(text.size());
            const char with = replacements[pick(replacements.size())];
            switch (pick(4)) {
                case 0:
                    text[where] = with;
                    break;
                case 1:
                    text.insert(where, 1, with);
                    break;
                case 2:
                    text.erase(where, 1);
                    break;
                default:
                    text.resize(where);
                    break;
            }
        }
        ASSERT_EQ(decode_state(text), through_document(text)) << text;
    }
}

TEST(state_codec, numbers_at_the_edges_read_as_the_document_form_reads_them) {
    const char* texts[] = {
        "{\"last_activity\": 999999999999999999}",
        "{\"last_activity\": 9223372036854775807}",
        "{\"last_activity\": -9223372036854775808}",
        "{\"last_activity\": 9999999999999999999}",
        "{\"last_activity\": -0}",
        "{\"last_activity\": 0}",
        "{\"last_activity\": 012}",
        "{\"last_activity\": -}",
        "{\"last_activity\": 1.5e3}",
        "{\"last_activity\": 1E2}",
        "{\"misunderstandings\": 2147483647}",
        "{\"consent\": tru}",
        "{\"consent\": truex}",
        "{\"consent\": nul}",
        " \t\r\n{ \"flow\" : \"spaced\" } \n",
        "{\"flow\": \"\u0000\"}",
        "{\"flow\": \"tab\there\"}",
        "{\"flow\": \"\\x\"}",
        "{\"flow\": \"\xed\xa0\x80\"}",
        "{\"flow\": \"\xc0\xaf\"}",
        "{\"flow\": \"\xf4\x90\x80\x80\"}",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]], "
        "\"flow\": \"deep\"}",
    };
    for (const char* text : texts) {
        EXPECT_EQ(decode_state(text), through_document(text)) << text;
    }
}

TEST(state_codec, a_document_with_invalid_utf8_gives_the_empty_state) {
    EXPECT_EQ(decode_state("{\"flow\": \"a\xff\"}"), engine::conversation_state{});
}

}  // namespace
}  // namespace zaedno::conversation
