// SAX reading of a Telegram Update's outline: a handful of members captured, no document built.
#include "integrations/telegram/update_outline.hpp"

#include <array>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

#include "integrations/json_input.hpp"
#include "integrations/text.hpp"

namespace zaedno::telegram::detail {
namespace {

using json = nlohmann::json;

// Members of the object "chat" (or "from") we need; absent = nullopt.
struct chat_fields {
    bool present = false;  // the member exists and is an object
    std::optional<std::string> id;
    std::optional<std::string> type;
};

enum class slot { message, callback_query, my_chat_member, count };

constexpr std::array<std::string_view, 3> slot_names = {
    "message",
    "callback_query",
    "my_chat_member",
};

class outline_reader : public channels::sax_value_types {
public:
    bool null() { return scalar(value{}); }

    bool boolean(bool) { return scalar(value{}); }

    bool number_integer(number_integer_t v) { return scalar(value::number(v, std::to_string(v))); }

    bool number_unsigned(number_unsigned_t v) {
        const bool fits =
            v <= static_cast<number_unsigned_t>(std::numeric_limits<std::int64_t>::max());
        return scalar(value::number(
            fits ? std::optional<std::int64_t>(static_cast<std::int64_t>(v)) : std::nullopt,
            std::to_string(v)
        ));
    }

    bool number_float(number_float_t, const string_t&) { return scalar(value{}); }

    bool string(string_t& s) {
        value v;
        v.text = s;
        v.is_string = true;
        v.decimal = channels::is_decimal_integer(s);
        return scalar(v);
    }

    bool binary(binary_t&) { return scalar(value{}); }

    bool start_object(std::size_t) {
        if (path_.empty()) {
            root_is_object_ = true;
        }
        container_starts(true);
        return true;
    }

    bool end_object() { return container_ends(); }

    bool start_array(std::size_t) {
        container_starts(false);
        return true;
    }

    bool end_array() { return container_ends(); }

    bool key(string_t& k) {
        key_ = k;
        if (path_.size() == 1 && k != "update_id" && (first_other_.empty() || k < first_other_)) {
            first_other_ = k;  // the document reader iterates members in sorted order
        }
        return true;
    }

    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
        return false;
    }

    bool root_is_object() const { return root_is_object_; }

    update_outline finish() const;

private:
    struct value {
        std::optional<std::int64_t> int64;
        std::optional<std::string> text;  // decimal text for numbers, the string for strings
        bool is_number = false;
        bool is_string = false;
        bool decimal = false;

        static value number(std::optional<std::int64_t> i, std::string t) {
            value v;
            v.int64 = i;
            v.text = std::move(t);
            v.is_number = true;
            v.decimal = true;
            return v;
        }
    };

    struct level {
        std::string name;  // the member name this container sits under ("#" inside arrays)
        bool is_array = false;
    };

    std::string member_name() const {
        return !path_.empty() && path_.back().is_array ? std::string("#") : key_;
    }

    // Names of the containers from the root's child down: path_[1..].
    bool at(std::initializer_list<std::string_view> names) const {
        if (path_.size() != names.size() + 1) {
            return false;
        }
        std::size_t i = 1;
        for (std::string_view n : names) {
            if (path_[i].name != n || path_[i].is_array) {
                return false;
            }
            ++i;
        }
        return true;
    }

    static int slot_of(std::string_view name) {
        for (std::size_t i = 0; i < slot_names.size(); ++i) {
            if (slot_names[i] == name) {
                return static_cast<int>(i);
            }
        }
        return -1;
    }

    chat_fields* chat_target(std::string_view member) {
        // Which captured object a member (about to become a container or value) belongs to.
        if (member == "chat" && (at({"message"}) || at({"my_chat_member"}))) {
            return &chats_[static_cast<std::size_t>(slot_of(path_[1].name))];
        }
        if (member == "chat" && at({"callback_query", "message"})) {
            return &callback_message_chat_;
        }
        if (member == "from" && at({"callback_query"})) {
            return &callback_from_;
        }
        return nullptr;
    }

    void presence(std::string_view member, bool is_object) {
        if (path_.size() == 1) {
            const int s = slot_of(member);
            if (s >= 0) {
                present_[static_cast<std::size_t>(s)] = is_object;
                chats_[static_cast<std::size_t>(s)] = {};
                if (s == static_cast<int>(slot::callback_query)) {
                    callback_message_present_ = false;
                    callback_message_chat_ = {};
                    callback_from_ = {};
                }
            }
            return;
        }
        if (member == "message" && at({"callback_query"})) {
            callback_message_present_ = is_object;
            callback_message_chat_ = {};
        }
        if (chat_fields* target = chat_target(member)) {
            *target = {};
            target->present = is_object;
        }
    }

    void container_starts(bool is_object) {
        if (!path_.empty()) {
            const std::string member = member_name();
            if (!path_.back().is_array) {
                presence(member, is_object);
                capture(member, value{});  // a container where a scalar was expected
            }
            path_.push_back({member, !is_object});
        } else {
            path_.push_back({"", !is_object});
        }
    }

    bool container_ends() {
        path_.pop_back();
        return true;
    }

    void capture(std::string_view member, const value& v) {
        if (path_.size() == 1 && member == "update_id") {
            update_id_ = v.is_number ? v.int64 : std::nullopt;
            return;
        }
        chat_fields* fields = nullptr;
        if (at({"message", "chat"}) || at({"my_chat_member", "chat"})) {
            fields = &chats_[static_cast<std::size_t>(slot_of(path_[1].name))];
        } else if (at({"callback_query", "message", "chat"})) {
            fields = &callback_message_chat_;
        } else if (at({"callback_query", "from"})) {
            fields = &callback_from_;
        }
        if (fields == nullptr) {
            return;
        }
        if (member == "id") {
            fields->id = v.decimal && v.text ? v.text : std::nullopt;
        } else if (member == "type") {
            fields->type = v.is_string ? v.text : std::nullopt;
        }
    }

    bool scalar(const value& v) {
        if (path_.empty()) {
            return true;  // a bare scalar document: not an object
        }
        const std::string member = member_name();
        if (!path_.back().is_array) {
            presence(member, false);
            capture(member, v);
        }
        return true;
    }

    std::vector<level> path_;
    std::string key_;
    bool root_is_object_ = false;
    std::optional<std::int64_t> update_id_;
    std::string first_other_;
    std::array<bool, 3> present_{};
    std::array<chat_fields, 3> chats_{};
    bool callback_message_present_ = false;
    chat_fields callback_message_chat_;
    chat_fields callback_from_;
};

std::optional<std::string> private_id(const chat_fields& chat) {
    if (!chat.present || chat.type != "private") {
        return std::nullopt;
    }
    return chat.id;
}

update_outline outline_reader::finish() const {
    update_outline out;
    out.update_id = update_id_;
    int chosen = -1;
    for (std::size_t i = 0; i < present_.size(); ++i) {
        if (present_[i]) {
            chosen = static_cast<int>(i);
            break;
        }
    }
    if (chosen < 0) {
        out.kind = first_other_;
        return out;
    }
    out.handled = true;
    out.kind = std::string(slot_names[static_cast<std::size_t>(chosen)]);
    std::optional<std::string> key;
    if (chosen == static_cast<int>(slot::callback_query)) {
        if (callback_message_present_) {
            key = private_id(callback_message_chat_);
        } else if (callback_from_.present) {
            key = callback_from_.id;
        }
    } else {
        key = private_id(chats_[static_cast<std::size_t>(chosen)]);
    }
    out.chat_key = key.value_or("");
    return out;
}

}  // namespace

channels::result<update_outline> outline_update(std::string_view body) {
    outline_reader reader;
    // The parser refuses ill-formed UTF-8; only then is the body checked and repaired.
    if (!json::sax_parse(body.begin(), body.end(), &reader)) {
        if (channels::is_valid_utf8(body)) {
            return channels::problem{"", "malformed JSON"};
        }
        const std::string repaired = channels::sanitize_utf8(body);
        reader = outline_reader{};
        if (!json::sax_parse(repaired.begin(), repaired.end(), &reader)) {
            return channels::problem{"", "malformed JSON"};
        }
    }
    if (!reader.root_is_object()) {
        return channels::problem{"", "expected a JSON object"};
    }
    return reader.finish();
}

}  // namespace zaedno::telegram::detail
