// Builds updates with nlohmann::json so texts are escaped correctly.
#include "tests/support/telegram_updates.hpp"

#include <nlohmann/json.hpp>

namespace zaedno::test {

namespace {

nlohmann::json user(std::int64_t id, const std::string& language_code) {
    return {
        {"id", id}, {"is_bot", false}, {"first_name", "Test"}, {"language_code", language_code}};
}

}  // namespace

std::string telegram_text(
    std::int64_t update_id,
    std::int64_t chat_id,
    const std::string& text,
    const std::string& language_code
) {
    nlohmann::json update{
        {"update_id", update_id},
        {"message",
         {{"message_id", update_id},
          {"from", user(chat_id, language_code)},
          {"chat", {{"id", chat_id}, {"type", "private"}, {"first_name", "Test"}}},
          {"date", 1764072000},
          {"text", text}}}};
    if (!text.empty() && text.front() == '/') {
        auto end = text.find(' ');
        update["message"]["entities"] = nlohmann::json::array(
            {{{"type", "bot_command"},
              {"offset", 0},
              {"length", end == std::string::npos ? text.size() : end}}}
        );
    }
    return update.dump();
}

std::string telegram_button(std::int64_t update_id, std::int64_t chat_id, const std::string& data) {
    nlohmann::json update{
        {"update_id", update_id},
        {"callback_query",
         {{"id", "cb" + std::to_string(update_id)},
          {"from", user(chat_id, "en")},
          {"message",
           {{"message_id", 1},
            {"chat", {{"id", chat_id}, {"type", "private"}}},
            {"date", 1764072000},
            {"text", "menu"}}},
          {"chat_instance", "1"},
          {"data", data}}}};
    return update.dump();
}

std::string telegram_blocked(std::int64_t update_id, std::int64_t chat_id) {
    nlohmann::json member_user = user(chat_id, "en");
    nlohmann::json update{
        {"update_id", update_id},
        {"my_chat_member",
         {{"chat", {{"id", chat_id}, {"type", "private"}}},
          {"from", member_user},
          {"date", 1764072000},
          {"old_chat_member",
           {{"status", "member"}, {"user", {{"id", 1}, {"is_bot", true}, {"first_name", "Bot"}}}}},
          {"new_chat_member",
           {{"status", "kicked"},
            {"user", {{"id", 1}, {"is_bot", true}, {"first_name", "Bot"}}}}}}}};
    return update.dump();
}

}  // namespace zaedno::test
