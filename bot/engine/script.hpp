// The dialog script as loaded from dialogs/: flows of nodes, global words, office hours.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace zaedno::engine {

/// A locale key with argument templates; "{var}" inside a template (or the key) is replaced by
/// the conversation variable of that name.
struct text_ref {
    std::string key;
    std::map<std::string, std::string> args;

    bool empty() const { return key.empty(); }
};

/// A node reference: "node" (same flow), "flow:node", or "flow:" (the flow's start node).
struct node_ref {
    std::string flow;
    std::string node;  // empty: the flow's start node

    friend bool operator==(const node_ref&, const node_ref&) = default;
};

struct choice_spec {
    std::string id;
    text_ref label;
    std::string next;
};

enum class input_kind { none, number, date, phone, yes_no, text };

enum class choice_source { none, languages, action_result };

struct say_node {
    text_ref text;
    std::string next;  // empty: the conversation turn ends here
};

struct ask_node {
    text_ref text;
    std::vector<choice_spec> choices;
    choice_source choices_from = choice_source::none;
    std::string choice_label;  // label key for choices from languages
    input_kind input = input_kind::none;
    std::optional<std::int64_t> min;
    std::optional<std::int64_t> max;
    std::size_t max_length = 500;  // text input
    text_ref reask;
    std::string var;   // where the answer (or a dynamic choice's id) is stored
    std::string next;  // after a typed answer or a dynamic choice
};

enum class branch_on { variable, answer, language, channel, office_hours };

struct branch_node {
    branch_on on = branch_on::variable;
    std::string var;    // branch_on::variable
    std::string hours;  // branch_on::office_hours: name in script.office_hours
    std::vector<std::pair<std::string, std::string>> cases;  // value → next, in file order
    std::string otherwise;
};

enum class action_op { set, set_language, set_consent, clear, go_to, end, call };

struct action_node {
    action_op op = action_op::end;
    std::string var;    // set
    std::string value;  // set: template; set_language: template
    bool consent = false;
    std::string target;  // goto
    std::string action;  // call: the named action
    std::map<std::string, std::string> params;
    std::map<std::string, std::string> outcomes;  // outcome → next ("default" catches the rest)
    std::vector<std::string> sets;  // variables the named action is documented to return
    std::string next;
};

using node_body = std::variant<say_node, ask_node, branch_node, action_node>;

struct node {
    std::string id;
    node_body body;
};

struct flow {
    std::string name;
    std::string file;  // for problems: the file it came from
    std::string start;
    std::map<std::string, node> nodes;
    std::vector<std::string> order;  // node ids in file order

    const node* find(const std::string& id) const {
        auto it = nodes.find(id);
        return it == nodes.end() ? nullptr : &it->second;
    }
};

/// A global word: its word-list key in the locales, slash commands, and where it leads.
struct global_word {
    std::string name;
    std::string words_key;
    std::vector<std::string> commands;
    std::string target;  // "flow:" or "flow:node"
};

/// A weekly window, minutes since local midnight, days 1 (Monday) … 7 (Sunday).
struct weekly_window {
    std::vector<int> days;
    int from_minute = 0;
    int to_minute = 0;
};

struct script {
    std::string version;
    std::string entry_flow;
    std::string menu_flow;
    std::string crisis_flow;
    std::string misunderstood_target;  // where repeated misunderstanding leads ("flow:node")
    std::int64_t inactivity_timeout_seconds = 12 * 3600;
    int max_misunderstandings = 3;
    std::string not_understood_key;  // said before re-showing a question
    std::string welcome_back_key;    // said when a person returns after the timeout
    std::string moved_on_key;        // said when the script changed under a conversation
    std::string please_wait_key;     // said to typed text while an action is pending
    std::string yes_label_key;
    std::string no_label_key;
    std::string yes_words_key;
    std::string no_words_key;
    std::string crisis_words_key;
    std::vector<global_word> global_words;
    std::map<std::string, std::vector<weekly_window>> office_hours;
    std::map<std::string, std::string> deep_links;  // /start payload → target
    std::map<std::string, flow> flows;

    const flow* find_flow(const std::string& name) const {
        auto it = flows.find(name);
        return it == flows.end() ? nullptr : &it->second;
    }
};

/// Parses "node", "flow:node" or "flow:" relative to the current flow.
node_ref parse_ref(const std::string& text, const std::string& current_flow);

/// A reference written in script.json, where a bare name means a flow: "help" → "help:".
inline std::string settings_ref(const std::string& text) {
    return text.find(':') == std::string::npos ? text + ":" : text;
}

/// The named actions other parts implement; the validator warns about any other name.
const std::vector<std::string>& known_actions();

}  // namespace zaedno::engine
