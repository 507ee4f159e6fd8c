// ask: shows a question with its choices and waits; reads taps, typed numbers, labels, answers.
#include <algorithm>

#include "bot/engine/input.hpp"
#include "bot/engine/runner.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::engine {

namespace {

std::string store(const ask_node& node, runner& r, const std::string& value, std::string next) {
    auto& vars = r.state().variables;
    vars["answer"] = value;
    if (!node.var.empty()) {
        vars[node.var] = value;
    }
    return next;
}

std::size_t count_code_points(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

}  // namespace

node_result run_ask(const ask_node& node, runner& r) {
    r.emit_reply(node.text, r.reply_choices(node));
    return node_result::wait();
}

std::optional<std::string> pick_choice(const ask_node& node, runner& r, const std::string& id) {
    for (const auto& spec : node.choices) {
        if (spec.id == id) {
            return store(node, r, id, spec.next);
        }
    }
    if (node.choices_from != choice_source::none) {
        const auto& dynamic = node.choices_from == choice_source::languages
                                  ? r.listed_choices(node)
                                  : r.state().dynamic_choices;
        bool offered = std::any_of(dynamic.begin(), dynamic.end(), [&](const offered_choice& c) {
            return c.id == id;
        });
        if (offered) {
            return store(node, r, id, node.next);
        }
    }
    if (node.input == input_kind::yes_no && (id == "yes" || id == "no")) {
        return store(node, r, id, node.next);
    }
    return std::nullopt;
}

std::optional<std::string> read_answer(const ask_node& node, runner& r, const std::string& text) {
    auto folded = i18n::fold_for_matching(text);
    auto choices = r.listed_choices(node);
    const auto& language = r.state().language;
    // "2" picks the second button, unless the question itself wants a number.
    if (node.input != input_kind::number && !choices.empty()) {
        auto count = static_cast<std::int64_t>(choices.size());
        if (auto index = parse_number(text, 1, count)) {
            return pick_choice(node, r, choices[static_cast<std::size_t>(*index - 1)].id);
        }
    }
    if (!folded.empty()) {
        const auto& fallback = r.catalog().default_language();
        for (const auto& c : choices) {
            bool same = i18n::fold_for_matching(r.label_text(c, language)) == folded ||
                        (fallback != language &&
                         i18n::fold_for_matching(r.label_text(c, fallback)) == folded) ||
                        (node.choices_from == choice_source::languages && folded == c.id);
            if (same) {
                return pick_choice(node, r, c.id);
            }
        }
    }
    switch (node.input) {
        case input_kind::none:
            return std::nullopt;
        case input_kind::yes_no:
            if (r.words().is_yes(folded, language)) {
                return store(node, r, "yes", node.next);
            }
            if (r.words().is_no(folded, language)) {
                return store(node, r, "no", node.next);
            }
            return std::nullopt;
        case input_kind::number:
            if (auto n = parse_number(text, node.min, node.max)) {
                return store(node, r, std::to_string(*n), node.next);
            }
            return std::nullopt;
        case input_kind::date:
            if (auto d = parse_date(text)) {
                return store(node, r, *d, node.next);
            }
            return std::nullopt;
        case input_kind::phone:
            if (auto p = parse_phone(text)) {
                return store(node, r, *p, node.next);
            }
            return std::nullopt;
        case input_kind::text: {
            auto cleaned = strip_marks(text);
            if (cleaned.empty() || count_code_points(cleaned) > node.max_length) {
                return std::nullopt;
            }
            return store(node, r, cleaned, node.next);
        }
    }
    return std::nullopt;
}

}  // namespace zaedno::engine
