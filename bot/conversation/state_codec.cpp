// The state's JSON through json_writer and a SAX reader that fills the struct directly.
#include "bot/conversation/state_codec.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "integrations/json_input.hpp"
#include "integrations/json_writer.hpp"
#include "integrations/plain_json_scan.hpp"

namespace zaedno::conversation {

namespace {

using json = nlohmann::json;

void write_strings(channels::json_writer& w, const std::map<std::string, std::string>& values) {
    w.begin_object();
    for (const auto& [name, text] : values) {
        w.key(name).value(text);
    }
    w.end_object();
}

/// One JSON scalar as the SAX parser reports it.
struct scalar {
    enum class type { null, boolean, integer, floating, string } kind = type::null;
    bool flag = false;
    std::int64_t integer = 0;
    double floating = 0;
    const std::string* text = nullptr;

    const std::string* as_text() const { return kind == type::string ? text : nullptr; }

    /// What nlohmann's get<number>() gives: numbers and booleans convert, the rest does not.
    std::optional<std::int64_t> as_number() const {
        switch (kind) {
            case type::boolean:
                return flag ? 1 : 0;
            case type::integer:
                return integer;
            case type::floating:
                // A cast of a value out of range is undefined; such a state is damaged anyway.
                if (!std::isfinite(floating) || std::fabs(floating) >= 9.2e18) {
                    return std::nullopt;
                }
                return static_cast<std::int64_t>(floating);
            default:
                return std::nullopt;
        }
    }
};

class state_reader : public channels::sax_value_types {
public:
    explicit state_reader(engine::conversation_state& state) : state_(state) {}

    bool null() { return value({}); }

    bool boolean(bool flag) {
        scalar v;
        v.kind = scalar::type::boolean;
        v.flag = flag;
        return value(v);
    }

    bool number_integer(number_integer_t number) {
        scalar v;
        v.kind = scalar::type::integer;
        v.integer = number;
        return value(v);
    }

    bool number_unsigned(number_unsigned_t number) {
        scalar v;
        v.kind = scalar::type::integer;
        v.integer = static_cast<std::int64_t>(number);  // as nlohmann's own conversion does
        return value(v);
    }

    bool number_float(number_float_t number, const string_t&) {
        scalar v;
        v.kind = scalar::type::floating;
        v.floating = number;
        return value(v);
    }

    bool string(string_t& text) {
        scalar v;
        v.kind = scalar::type::string;
        v.text = &text;
        return value(v);
    }

    bool binary(binary_t&) { return value({}); }

    bool start_object(std::size_t) { return container(true); }

    bool start_array(std::size_t) { return container(false); }

    bool key(string_t& name) {
        key_ = name;
        return true;
    }

    bool end_object() { return close(); }

    bool end_array() { return close(); }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }

private:
    enum class frame { root, variables, choices, choice, choice_args, ignored };

    /// A scalar in the current container.
    bool value(const scalar& v) {
        if (frames_.empty()) {
            return false;  // the whole text is not an object
        }
        switch (frames_.back()) {
            case frame::root:
                root_member(v);
                break;
            case frame::variables:
            case frame::choice_args:
                if (const auto* text = v.as_text()) {
                    (*strings_)[key_] = *text;
                } else {
                    strings_bad_ = true;
                }
                break;
            case frame::choices:
                state_.dynamic_choices.emplace_back();  // not an object: an empty choice
                break;
            case frame::choice:
                choice_member(v);
                break;
            case frame::ignored:
                break;
        }
        return true;
    }

    void root_member(const scalar& v) {
        const auto* text = v.as_text();
        auto text_member = [&](std::string& out) {
            out = text != nullptr ? *text : "";
        };
        if (key_ == "flow") {
            text_member(state_.flow);
        } else if (key_ == "node") {
            text_member(state_.node);
        } else if (key_ == "language") {
            text_member(state_.language);
        } else if (key_ == "script_version") {
            text_member(state_.script_version);
        } else if (key_ == "waiting_for_action") {
            text_member(state_.waiting_for_action);
        } else if (key_ == "last_activity") {
            state_.last_activity = v.as_number().value_or(0);
        } else if (key_ == "misunderstandings") {
            const auto n = v.as_number().value_or(0);
            const bool fits =
                n >= std::numeric_limits<int>::min() && n <= std::numeric_limits<int>::max();
            state_.misunderstandings = fits ? static_cast<int>(n) : 0;
        } else if (key_ == "consent") {
            state_.consent = v.kind == scalar::type::boolean && v.flag;
        } else if (key_ == "variables") {
            state_.variables.clear();
        } else if (key_ == "dynamic_choices") {
            state_.dynamic_choices.clear();
        }
    }

    void choice_member(const scalar& v) {
        auto& choice = state_.dynamic_choices.back();
        const auto* text = v.as_text();
        if (key_ == "id") {
            choice.id = text != nullptr ? *text : "";
        } else if (key_ == "label") {
            choice.label = text != nullptr ? *text : "";
        } else if (key_ == "args") {
            choice.args.clear();
        }
    }

    bool container(bool is_object) {
        if (frames_.empty()) {
            if (!is_object) {
                return false;
            }
            frames_.push_back(frame::root);
            return true;
        }
        frames_.push_back(nested(frames_.back(), is_object));
        return true;
    }

    /// The frame a container opens, given where it stands; a container where a scalar belongs
    /// resets that member, as a failed get<>() does.
    frame nested(frame parent, bool is_object) {
        switch (parent) {
            case frame::root:
                if (key_ == "variables" && is_object) {
                    return open_strings(state_.variables, frame::variables);
                }
                if (key_ == "dynamic_choices" && !is_object) {
                    state_.dynamic_choices.clear();
                    return frame::choices;
                }
                root_member({});
                return frame::ignored;
            case frame::choices:
                state_.dynamic_choices.emplace_back();
                return is_object ? frame::choice : frame::ignored;
            case frame::choice:
                if (key_ == "args" && is_object) {
                    return open_strings(state_.dynamic_choices.back().args, frame::choice_args);
                }
                choice_member({});
                return frame::ignored;
            case frame::variables:
            case frame::choice_args:
                strings_bad_ = true;  // a value that is not a string spoils the whole map
                return frame::ignored;
            case frame::ignored:
                return frame::ignored;
        }
        return frame::ignored;
    }

    frame open_strings(std::map<std::string, std::string>& target, frame kind) {
        target.clear();
        strings_ = &target;
        strings_bad_ = false;
        return kind;
    }

    bool close() {
        const frame closing = frames_.back();
        frames_.pop_back();
        if ((closing == frame::variables || closing == frame::choice_args) && strings_bad_) {
            strings_->clear();
        }
        return true;
    }

    engine::conversation_state& state_;
    std::vector<frame> frames_;
    std::string key_;
    std::map<std::string, std::string>* strings_ = nullptr;
    bool strings_bad_ = false;
};

}  // namespace

std::string encode_state(const engine::conversation_state& state) {
    channels::json_writer w;
    w.begin_object();
    w.key("consent").value(state.consent);
    w.key("dynamic_choices").begin_array();
    for (const auto& choice : state.dynamic_choices) {
        w.begin_object();
        w.key("args");
        write_strings(w, choice.args);
        w.key("id").value(choice.id);
        w.key("label").value(choice.label);
        w.end_object();
    }
    w.end_array();
    w.key("flow").value(state.flow);
    w.key("language").value(state.language);
    w.key("last_activity").value(state.last_activity);
    w.key("misunderstandings").value(state.misunderstandings);
    w.key("node").value(state.node);
    w.key("script_version").value(state.script_version);
    w.key("variables");
    write_strings(w, state.variables);
    w.key("waiting_for_action").value(state.waiting_for_action);
    w.end_object();
    return w.take();
}

engine::conversation_state decode_state(std::string_view text) {
    {
        engine::conversation_state state;
        state_reader reader(state);
        switch (channels::scan_plain_json(text, reader)) {
            case channels::plain_scan::accepted:
                return state;
            case channels::plain_scan::refused:
                return {};
            case channels::plain_scan::outside_subset:
                break;  // read again from the start, by the full parser
        }
    }
    engine::conversation_state state;
    state_reader reader(state);
    if (!json::sax_parse(text.begin(), text.end(), &reader)) {
        return {};
    }
    return state;
}

}  // namespace zaedno::conversation
