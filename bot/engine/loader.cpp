// Reads script.json and the flow files into the script model, reporting file: pointer: message.
#include "bot/engine/loader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace zaedno::engine {

namespace {

using json = nlohmann::ordered_json;

/// Collects problems for one file; each read helper reports and returns a fallback.
class reader {
public:
    reader(std::string file, std::vector<problem>& problems)
        : file_(std::move(file)), problems_(problems) {}

    void error(const std::string& path, const std::string& message) {
        problems_.push_back({file_, path, message, severity::error});
    }

    const std::string& file() const { return file_; }

    /// A misspelt field ("nxt") would otherwise be ignored and change what the script does.
    void only_fields(
        const json& obj, const std::string& path, std::initializer_list<std::string_view> allowed
    ) {
        for (const auto& [key, value] : obj.items()) {
            if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
                error(path + "/" + pointer_segment(key), "unknown field \"" + key + "\"");
            }
        }
    }

    std::string string_field(
        const json& obj, const std::string& path, const char* name, bool required
    ) {
        auto it = obj.find(name);
        if (it == obj.end()) {
            if (required) {
                error(path, std::string("missing \"") + name + "\"");
            }
            return {};
        }
        if (!it->is_string()) {
            error(path + "/" + name, "must be a string");
            return {};
        }
        auto value = it->get<std::string>();
        if (required && value.empty()) {
            error(path + "/" + name, "must not be empty");
        }
        return value;
    }

    std::optional<std::int64_t> integer_field(
        const json& obj, const std::string& path, const char* name
    ) {
        auto it = obj.find(name);
        if (it == obj.end()) {
            return std::nullopt;
        }
        if (!it->is_number_integer()) {
            error(path + "/" + name, "must be an integer");
            return std::nullopt;
        }
        return it->get<std::int64_t>();
    }

    std::map<std::string, std::string> string_map(
        const json& obj, const std::string& path, const char* name
    ) {
        std::map<std::string, std::string> out;
        auto it = obj.find(name);
        if (it == obj.end()) {
            return out;
        }
        if (!it->is_object()) {
            error(path + "/" + name, "must be an object");
            return out;
        }
        for (const auto& [key, value] : it->items()) {
            auto here = path + "/" + name + "/" + pointer_segment(key);
            if (value.is_string()) {
                out[key] = value.get<std::string>();
            } else if (value.is_number_integer()) {
                out[key] = std::to_string(value.get<std::int64_t>());
            } else if (value.is_boolean()) {
                out[key] = value.get<bool>() ? "true" : "false";
            } else {
                error(here, "must be a string or an integer");
            }
        }
        return out;
    }

    std::vector<std::string> string_list(
        const json& obj, const std::string& path, const char* name
    ) {
        std::vector<std::string> out;
        auto it = obj.find(name);
        if (it == obj.end()) {
            return out;
        }
        if (!it->is_array()) {
            error(path + "/" + name, "must be an array of strings");
            return out;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string()) {
                error(path + "/" + name + "/" + std::to_string(i), "must be a string");
                continue;
            }
            out.push_back((*it)[i].get<std::string>());
        }
        return out;
    }

    text_ref text(const json& obj, const std::string& path, const char* key_name, bool required) {
        text_ref ref;
        ref.key = string_field(obj, path, key_name, required);
        ref.args = string_map(obj, path, "args");
        return ref;
    }

private:
    std::string file_;
    std::vector<problem>& problems_;
};

std::optional<json> parse_file(const std::filesystem::path& path, reader& r) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        r.error("", "cannot be read");
        return std::nullopt;
    }
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
        auto doc = json::parse(buffer.str());
        if (!doc.is_object()) {
            r.error("", "must be a JSON object");
            return std::nullopt;
        }
        return doc;
    } catch (const json::parse_error& e) {
        r.error("", std::string("invalid JSON: ") + e.what());
        return std::nullopt;
    }
}

std::optional<int> parse_day(const std::string& day) {
    static const std::vector<std::string> names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    auto it = std::find(names.begin(), names.end(), day);
    if (it == names.end()) {
        return std::nullopt;
    }
    return static_cast<int>(it - names.begin()) + 1;
}

std::optional<int> parse_clock(const std::string& text) {
    if (text.size() != 5 || text[2] != ':') {
        return std::nullopt;
    }
    auto digit = [&](std::size_t i) {
        return text[i] >= '0' && text[i] <= '9';
    };
    if (!digit(0) || !digit(1) || !digit(3) || !digit(4)) {
        return std::nullopt;
    }
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (hours > 24 || minutes > 59 || (hours == 24 && minutes != 0)) {
        return std::nullopt;
    }
    return hours * 60 + minutes;
}

void read_office_hours(const json& doc, reader& r, script& s) {
    auto it = doc.find("office_hours");
    if (it == doc.end()) {
        return;
    }
    if (!it->is_object()) {
        r.error("/office_hours", "must be an object of named weekly schedules");
        return;
    }
    for (const auto& [name, windows] : it->items()) {
        auto path = "/office_hours/" + pointer_segment(name);
        if (!windows.is_array()) {
            r.error(path, "must be an array of windows");
            continue;
        }
        auto& out = s.office_hours[name];
        for (std::size_t i = 0; i < windows.size(); ++i) {
            auto here = path + "/" + std::to_string(i);
            const auto& w = windows[i];
            if (!w.is_object()) {
                r.error(here, "must be an object with days, from, to");
                continue;
            }
            weekly_window window;
            for (const auto& day : r.string_list(w, here, "days")) {
                if (auto d = parse_day(day)) {
                    window.days.push_back(*d);
                } else {
                    r.error(here + "/days", "unknown day \"" + day + "\" (mon … sun)");
                }
            }
            if (window.days.empty()) {
                r.error(here + "/days", "needs at least one day");
            }
            auto from = parse_clock(r.string_field(w, here, "from", true));
            auto to = parse_clock(r.string_field(w, here, "to", true));
            if (!from || !to || *from >= *to) {
                r.error(here, "from and to must be HH:MM with from before to");
                continue;
            }
            window.from_minute = *from;
            window.to_minute = *to;
            out.push_back(std::move(window));
        }
    }
}

void read_global_words(const json& doc, reader& r, script& s) {
    auto it = doc.find("global_words");
    if (it == doc.end()) {
        return;
    }
    if (!it->is_object()) {
        r.error("/global_words", "must be an object");
        return;
    }
    for (const auto& [name, spec] : it->items()) {
        auto path = "/global_words/" + pointer_segment(name);
        if (!spec.is_object()) {
            r.error(path, "must be an object with words, commands, goto");
            continue;
        }
        global_word word;
        word.name = name;
        word.words_key = r.string_field(spec, path, "words", false);
        word.commands = r.string_list(spec, path, "commands");
        word.target = r.string_field(spec, path, "goto", true);
        s.global_words.push_back(std::move(word));
    }
}

void read_settings(const json& doc, reader& r, script& s) {
    r.only_fields(
        doc,
        "",
        {"$schema",
         "version",
         "entry",
         "menu",
         "crisis",
         "misunderstood",
         "inactivity_timeout_hours",
         "max_misunderstandings",
         "texts",
         "words",
         "global_words",
         "office_hours",
         "deep_links"}
    );
    s.version = r.string_field(doc, "", "version", true);
    s.entry_flow = r.string_field(doc, "", "entry", true);
    s.menu_flow = r.string_field(doc, "", "menu", true);
    s.crisis_flow = r.string_field(doc, "", "crisis", true);
    s.misunderstood_target = r.string_field(doc, "", "misunderstood", true);
    if (auto hours = r.integer_field(doc, "", "inactivity_timeout_hours")) {
        if (*hours < 1) {
            r.error("/inactivity_timeout_hours", "must be at least 1");
        } else {
            s.inactivity_timeout_seconds = *hours * 3600;
        }
    }
    if (auto limit = r.integer_field(doc, "", "max_misunderstandings")) {
        if (*limit < 1 || *limit > 20) {
            r.error("/max_misunderstandings", "must be between 1 and 20");
        } else {
            s.max_misunderstandings = static_cast<int>(*limit);
        }
    }
    auto texts_it = doc.find("texts");
    if (texts_it == doc.end() || !texts_it->is_object()) {
        r.error("/texts", "missing object of common text keys");
    } else {
        const auto& t = *texts_it;
        s.not_understood_key = r.string_field(t, "/texts", "not_understood", true);
        s.welcome_back_key = r.string_field(t, "/texts", "welcome_back", true);
        s.moved_on_key = r.string_field(t, "/texts", "moved_on", true);
        s.please_wait_key = r.string_field(t, "/texts", "please_wait", true);
        s.yes_label_key = r.string_field(t, "/texts", "yes", true);
        s.no_label_key = r.string_field(t, "/texts", "no", true);
    }
    auto words_it = doc.find("words");
    if (words_it == doc.end() || !words_it->is_object()) {
        r.error("/words", "missing object of word-list keys (yes, no, crisis)");
    } else {
        const auto& w = *words_it;
        s.yes_words_key = r.string_field(w, "/words", "yes", true);
        s.no_words_key = r.string_field(w, "/words", "no", true);
        s.crisis_words_key = r.string_field(w, "/words", "crisis", true);
    }
    read_global_words(doc, r, s);
    read_office_hours(doc, r, s);
    s.deep_links = r.string_map(doc, "", "deep_links");
}

std::optional<input_kind> parse_input_kind(const std::string& text) {
    static const std::map<std::string, input_kind> kinds{
        {"number", input_kind::number},
        {"date", input_kind::date},
        {"phone", input_kind::phone},
        {"yes_no", input_kind::yes_no},
        {"text", input_kind::text},
    };
    auto it = kinds.find(text);
    if (it == kinds.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<node_body> read_say(const json& n, const std::string& path, reader& r) {
    say_node say;
    say.text = r.text(n, path, "text", true);
    say.next = r.string_field(n, path, "next", false);
    return say;
}

std::optional<node_body> read_ask(const json& n, const std::string& path, reader& r) {
    ask_node ask;
    ask.text = r.text(n, path, "text", true);
    ask.var = r.string_field(n, path, "var", false);
    ask.next = r.string_field(n, path, "next", false);
    auto reask_key = r.string_field(n, path, "reask", false);
    ask.reask.key = reask_key;
    if (auto it = n.find("choices"); it != n.end()) {
        if (!it->is_array()) {
            r.error(path + "/choices", "must be an array");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                auto here = path + "/choices/" + std::to_string(i);
                const auto& c = (*it)[i];
                if (!c.is_object()) {
                    r.error(here, "must be an object with id, label, next");
                    continue;
                }
                r.only_fields(c, here, {"id", "label", "args", "next"});
                choice_spec choice;
                choice.id = r.string_field(c, here, "id", true);
                choice.label = r.text(c, here, "label", true);
                choice.next = r.string_field(c, here, "next", true);
                ask.choices.push_back(std::move(choice));
            }
        }
    }
    auto from = r.string_field(n, path, "choices_from", false);
    if (from == "languages") {
        ask.choices_from = choice_source::languages;
        ask.choice_label = r.string_field(n, path, "choice_label", true);
    } else if (from == "action_result") {
        ask.choices_from = choice_source::action_result;
    } else if (!from.empty()) {
        r.error(path + "/choices_from", "must be \"languages\" or \"action_result\"");
    }
    auto input = r.string_field(n, path, "input", false);
    if (!input.empty()) {
        if (auto kind = parse_input_kind(input)) {
            ask.input = *kind;
        } else {
            r.error(path + "/input", "must be number, date, phone, yes_no or text");
        }
    }
    ask.min = r.integer_field(n, path, "min");
    ask.max = r.integer_field(n, path, "max");
    if (ask.min && ask.max && *ask.min > *ask.max) {
        r.error(path + "/min", "min is greater than max");
    }
    if (auto length = r.integer_field(n, path, "max_length")) {
        if (*length < 1 || *length > 4000) {
            r.error(path + "/max_length", "must be between 1 and 4000");
        } else {
            ask.max_length = static_cast<std::size_t>(*length);
        }
    }
    bool waits_for_something = !ask.choices.empty() || ask.choices_from != choice_source::none ||
                               ask.input != input_kind::none;
    if (!waits_for_something) {
        r.error(path, "an ask node needs choices, choices_from or input");
    }
    bool needs_next = ask.input != input_kind::none || ask.choices_from != choice_source::none;
    if (needs_next && ask.next.empty()) {
        r.error(path, "missing \"next\" (where a typed answer or listed choice leads)");
    }
    return ask;
}

std::optional<node_body> read_branch(const json& n, const std::string& path, reader& r) {
    static const std::map<std::string, branch_on> ons{
        {"variable", branch_on::variable},
        {"answer", branch_on::answer},
        {"language", branch_on::language},
        {"channel", branch_on::channel},
        {"office_hours", branch_on::office_hours},
    };
    branch_node branch;
    auto on = r.string_field(n, path, "on", true);
    auto it = ons.find(on);
    if (it == ons.end()) {
        if (!on.empty()) {
            r.error(path + "/on", "must be variable, answer, language, channel or office_hours");
        }
        return std::nullopt;
    }
    branch.on = it->second;
    if (branch.on == branch_on::variable) {
        branch.var = r.string_field(n, path, "var", true);
    }
    if (branch.on == branch_on::office_hours) {
        branch.hours = r.string_field(n, path, "hours", true);
    }
    auto cases_it = n.find("cases");
    if (cases_it == n.end() || !cases_it->is_object()) {
        r.error(path, "missing \"cases\" object (value → next)");
    } else {
        for (const auto& [value, next] : cases_it->items()) {
            if (!next.is_string()) {
                r.error(path + "/cases/" + pointer_segment(value), "must be a node reference");
                continue;
            }
            branch.cases.emplace_back(value, next.get<std::string>());
        }
    }
    branch.otherwise = r.string_field(n, path, "default", true);
    return branch;
}

std::optional<node_body> read_action(const json& n, const std::string& path, reader& r) {
    static const std::map<std::string, action_op> ops{
        {"set", action_op::set},
        {"set_language", action_op::set_language},
        {"set_consent", action_op::set_consent},
        {"clear", action_op::clear},
        {"goto", action_op::go_to},
        {"end", action_op::end},
        {"call", action_op::call},
    };
    action_node action;
    auto op = r.string_field(n, path, "do", true);
    auto it = ops.find(op);
    if (it == ops.end()) {
        if (!op.empty()) {
            r.error(
                path + "/do",
                "unknown action \"" + op +
                    "\" (set, set_language, set_consent, clear, goto, end, call)"
            );
        }
        return std::nullopt;
    }
    action.op = it->second;
    action.next = r.string_field(n, path, "next", false);
    switch (action.op) {
        case action_op::set:
            action.var = r.string_field(n, path, "var", true);
            action.value = r.string_field(n, path, "value", false);
            break;
        case action_op::set_language:
            action.value = r.string_field(n, path, "language", true);
            break;
        case action_op::set_consent:
            if (auto v = n.find("value"); v != n.end() && v->is_boolean()) {
                action.consent = v->get<bool>();
            } else {
                r.error(path + "/value", "must be true or false");
            }
            break;
        case action_op::go_to:
            action.target = r.string_field(n, path, "target", true);
            break;
        case action_op::call:
            action.action = r.string_field(n, path, "action", true);
            action.params = r.string_map(n, path, "params");
            action.outcomes = r.string_map(n, path, "outcomes");
            action.sets = r.string_list(n, path, "sets");
            if (!action.outcomes.contains("unavailable") && !action.outcomes.contains("default")) {
                r.error(
                    path + "/outcomes",
                    "must handle \"unavailable\" (the action may not be installed)"
                );
            }
            break;
        case action_op::clear:
        case action_op::end:
            break;
    }
    return action;
}

void read_flow(const json& doc, reader& r, script& s) {
    r.only_fields(doc, "", {"$schema", "flow", "start", "nodes"});
    flow f;
    f.file = r.file();
    f.name = r.string_field(doc, "", "flow", true);
    f.start = r.string_field(doc, "", "start", true);
    if (f.name.empty()) {
        return;
    }
    if (s.flows.contains(f.name)) {
        r.error(
            "/flow",
            "flow \"" + f.name + "\" is defined twice (also in " + s.flows.at(f.name).file + ")"
        );
        return;
    }
    auto nodes_it = doc.find("nodes");
    if (nodes_it == doc.end() || !nodes_it->is_object()) {
        r.error("/nodes", "missing object of nodes");
        return;
    }
    for (const auto& [id, n] : nodes_it->items()) {
        auto path = "/nodes/" + pointer_segment(id);
        if (id.find(':') != std::string::npos) {
            r.error(path, "node ids must not contain ':'");
            continue;
        }
        if (!n.is_object()) {
            r.error(path, "must be an object with a kind");
            continue;
        }
        auto kind = r.string_field(n, path, "kind", true);
        std::optional<node_body> body;
        if (kind == "say") {
            r.only_fields(n, path, {"kind", "text", "args", "next"});
            body = read_say(n, path, r);
        } else if (kind == "ask") {
            r.only_fields(
                n,
                path,
                {"kind",
                 "text",
                 "args",
                 "choices",
                 "choices_from",
                 "choice_label",
                 "input",
                 "min",
                 "max",
                 "max_length",
                 "reask",
                 "var",
                 "next"}
            );
            body = read_ask(n, path, r);
        } else if (kind == "branch") {
            r.only_fields(n, path, {"kind", "on", "var", "hours", "cases", "default"});
            body = read_branch(n, path, r);
        } else if (kind == "action") {
            r.only_fields(
                n,
                path,
                {"kind",
                 "do",
                 "var",
                 "value",
                 "language",
                 "target",
                 "action",
                 "params",
                 "outcomes",
                 "sets",
                 "next"}
            );
            body = read_action(n, path, r);
        } else if (!kind.empty()) {
            r.error(path + "/kind", "unknown kind \"" + kind + "\" (say, ask, branch, action)");
        }
        if (body) {
            f.nodes.emplace(id, node{id, std::move(*body)});
            f.order.push_back(id);
        }
    }
    if (!f.start.empty() && !f.nodes.contains(f.start) &&
        nodes_it->find(f.start) == nodes_it->end()) {
        r.error("/start", "start node \"" + f.start + "\" is not among the nodes");
    }
    s.flows.emplace(f.name, std::move(f));
}

}  // namespace

std::string to_string(const problem& p) {
    std::string out = p.file + ": ";
    if (!p.path.empty()) {
        out += p.path + ": ";
    }
    if (p.level == severity::warning) {
        out += "warning: ";
    }
    return out + p.message;
}

bool has_errors(const std::vector<problem>& problems) {
    return std::any_of(problems.begin(), problems.end(), [](const problem& p) {
        return p.level == severity::error;
    });
}

std::string pointer_segment(const std::string& segment) {
    std::string out;
    for (char c : segment) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

node_ref parse_ref(const std::string& text, const std::string& current_flow) {
    auto colon = text.find(':');
    if (colon == std::string::npos) {
        return {current_flow, text};
    }
    return {text.substr(0, colon), text.substr(colon + 1)};
}

const std::vector<std::string>& known_actions() {
    static const std::vector<std::string> names{
        "booking",
        "housing_search",
        "handoff",
        "subscribe",
        "unsubscribe",
        "erase",
        "contacts",
        "booking_services",
        "booking_days",
        "booking_times",
        "booking_slot",
        "list_appointments",
        "appointment_details",
        "cancel_appointment",
    };
    return names;
}

load_result load_script(const std::filesystem::path& dir) {
    load_result out;
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) {
        out.problems.push_back({dir.string(), "", "is not a folder of dialog scripts"});
        return out;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file() && entry.path().extension() == ".json") {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    bool saw_settings = false;
    for (const auto& path : files) {
        reader r(path.filename().string(), out.problems);
        auto doc = parse_file(path, r);
        if (!doc) {
            if (path.filename() == "script.json") {
                saw_settings = true;
            }
            continue;
        }
        if (path.filename() == "script.json") {
            saw_settings = true;
            read_settings(*doc, r, out.loaded);
        } else {
            read_flow(*doc, r, out.loaded);
        }
    }
    if (!saw_settings) {
        out.problems.push_back({"script.json", "", "missing (entry flow, menu flow, settings)"});
    }
    return out;
}

}  // namespace zaedno::engine
