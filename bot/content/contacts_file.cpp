// Checks of the contact directory. The `contacts` action reads name, phone, hours and topic
// as strings; a number or an object there would fail every person asking for help, so the
// API refuses such a file with the place of each problem.
#include "bot/content/contacts_file.hpp"

#include <string>

namespace zaedno::content {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

bool is_topic(std::string_view text) {
    if (text.empty() || text.size() > 64) {
        return false;
    }
    for (char c : text) {
        if (!((c >= 'a' && c <= 'z') || is_digit(c) || c == '_')) {
            return false;
        }
    }
    return true;
}

bool is_language_code(std::string_view text) {
    if (text.size() < 2 || text.size() > 8) {
        return false;
    }
    for (char c : text) {
        if (!((c >= 'a' && c <= 'z') || c == '-')) {
            return false;
        }
    }
    return true;
}

bool is_blank(const std::string& text) {
    return text.find_first_not_of(" \t\r\n") == std::string::npos;
}

class collector {
public:
    explicit collector(std::vector<located_problem>& out) : out_(out) {}

    void add(const std::string& pointer, std::string message) {
        located_problem p;
        p.file = std::string(contacts_path);
        p.path = pointer;
        p.field = pointer.empty() ? pointer : pointer.substr(1);
        p.message = std::move(message);
        out_.push_back(std::move(p));
    }

private:
    std::vector<located_problem>& out_;
};

void check_text(
    collector& problems,
    const nlohmann::ordered_json& entry,
    const std::string& at,
    const char* key,
    bool required
) {
    auto it = entry.find(key);
    if (it == entry.end()) {
        if (required) {
            problems.add(at + "/" + key, std::string(key) + " is missing");
        }
        return;
    }
    if (!it->is_string()) {
        problems.add(at + "/" + key, std::string(key) + " must be text");
        return;
    }
    if (required && is_blank(it->get<std::string>())) {
        problems.add(at + "/" + key, std::string(key) + " is empty");
    }
}

void check_entry(collector& problems, const nlohmann::ordered_json& entry, const std::string& at) {
    if (!entry.is_object()) {
        problems.add(at, "each contact is an object with topic, name, phone and hours");
        return;
    }
    check_text(problems, entry, at, "topic", true);
    check_text(problems, entry, at, "name", true);
    check_text(problems, entry, at, "phone", true);
    check_text(problems, entry, at, "hours", false);
    if (auto topic = entry.find("topic"); topic != entry.end() && topic->is_string() &&
                                          !is_blank(topic->get<std::string>()) &&
                                          !is_topic(topic->get<std::string>())) {
        problems.add(at + "/topic", "a topic holds only a-z, 0-9 and _ (e.g. mental_health)");
    }
    if (auto phone = entry.find("phone"); phone != entry.end() && phone->is_string() &&
                                          !is_blank(phone->get<std::string>()) &&
                                          !looks_like_phone(phone->get<std::string>())) {
        problems.add(
            at + "/phone",
            "\"" + phone->get<std::string>() +
                "\" does not look like a phone number (digits, optional +, spaces or dashes)"
        );
    }
    if (auto languages = entry.find("languages"); languages != entry.end()) {
        if (!languages->is_array()) {
            problems.add(at + "/languages", "languages is a list of language codes");
            return;
        }
        for (std::size_t i = 0; i < languages->size(); ++i) {
            const auto& code = (*languages)[i];
            if (!code.is_string() || !is_language_code(code.get<std::string>())) {
                problems.add(
                    at + "/languages/" + std::to_string(i), "a language code such as uk or ar"
                );
            }
        }
    }
}

}  // namespace

bool looks_like_phone(std::string_view text) {
    if (text.empty() || text.size() > 32) {
        return false;
    }
    std::size_t digits = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (is_digit(c)) {
            ++digits;
            continue;
        }
        bool separator = c == ' ' || c == '-' || c == '.' || c == '/' || c == '(' || c == ')';
        bool leading_plus = c == '+' && i == 0;
        if (!separator && !leading_plus) {
            return false;
        }
    }
    return digits >= 3 && digits <= 15 && is_digit(text.back());
}

std::vector<located_problem> check_contacts(const nlohmann::ordered_json& doc) {
    std::vector<located_problem> out;
    collector problems(out);
    if (!doc.is_object()) {
        problems.add("", "the directory is a JSON object with a \"contacts\" list");
        return out;
    }
    auto list = doc.find("contacts");
    if (list == doc.end() || !list->is_array()) {
        problems.add("/contacts", "\"contacts\" must be a list");
        return out;
    }
    for (std::size_t i = 0; i < list->size(); ++i) {
        check_entry(problems, (*list)[i], "/contacts/" + std::to_string(i));
    }
    return out;
}

}  // namespace zaedno::content
