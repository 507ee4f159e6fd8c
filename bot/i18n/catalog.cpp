// Loads locales/<lang>.json into per-language ICU MessageFormats and formats them with fallback,
// the catalog's time zone and right-to-left isolation.
#include "bot/i18n/catalog.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>
#include <unicode/calendar.h>
#include <unicode/datefmt.h>
#include <unicode/fmtable.h>
#include <unicode/locid.h>
#include <unicode/messagepattern.h>
#include <unicode/msgfmt.h>
#include <unicode/parseerr.h>
#include <unicode/plurrule.h>
#include <unicode/strenum.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include "bot/i18n/bidi.hpp"
#include "bot/i18n/icu_text.hpp"
#include "bot/i18n/normalize.hpp"

namespace zaedno::i18n {

namespace {

std::string lowercase_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

/// Dari has no plural or date data of its own in ICU; Farsi's is what Dari speakers read.
std::string icu_language_tag(std::string_view lang) {
    const std::string lower = lowercase_ascii(lang);
    if (lower == "prs" || lower.starts_with("prs-") || lower.starts_with("prs_")) {
        return "fa";
    }
    return std::string(lang);
}

icu::Locale icu_locale(std::string_view lang) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(icu_language_tag(lang), status);
    if (U_FAILURE(status) || locale.isBogus()) {
        return icu::Locale::getRoot();
    }
    return locale;
}

std::string json_pointer_token(std::string_view key) {
    std::string out;
    for (const char c : key) {
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

/// A translator's reading of the ICU errors a pattern can produce.
std::string_view explain(UErrorCode status) {
    switch (status) {
        case U_UNMATCHED_BRACES:
            return "a { has no matching }";
        case U_DEFAULT_KEYWORD_MISSING:
            return "a plural or select needs an \"other\" case";
        case U_DUPLICATE_KEYWORD:
            return "the same case appears twice";
        case U_UNDEFINED_KEYWORD:
            return "a case this language's plural rules do not have";
        case U_PATTERN_SYNTAX_ERROR:
            return "syntax error";
        case U_ARGUMENT_TYPE_MISMATCH:
            return "an argument is used with conflicting types";
        default:
            return {};
    }
}

/// "U_UNMATCHED_BRACES (a { has no matching }) at position 15 near \"…‸…\"": the position counts
/// code points from 0, the caret marks it inside ICU's context excerpt.
std::string describe_pattern_error(
    UErrorCode status, const UParseError& where, const icu::UnicodeString& pattern
) {
    std::string message = u_errorName(status);
    if (const auto meaning = explain(status); !meaning.empty()) {
        message += " (" + std::string(meaning) + ")";
    }
    const bool has_context = where.preContext[0] != 0 || where.postContext[0] != 0;
    if (where.offset > 0 || has_context) {
        const int32_t offset = std::clamp(where.offset, 0, pattern.length());
        message += " at position " + std::to_string(pattern.countChar32(0, offset));
        const icu::UnicodeString before(where.preContext);
        const icu::UnicodeString after(where.postContext);
        message += " near \"" + to_utf8(before) + "\u2038" + to_utf8(after) + "\"";
    }
    return message;
}

struct compiled_pattern {
    std::unique_ptr<icu::MessageFormat> format;
    std::optional<std::string> error;
};

compiled_pattern compile(const icu::UnicodeString& pattern, const icu::Locale& locale) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    auto format = std::make_unique<icu::MessageFormat>(pattern, locale, where, status);
    if (U_FAILURE(status)) {
        return {nullptr, describe_pattern_error(status, where, pattern)};
    }
    return {std::move(format), std::nullopt};
}

/// One argument occurrence that we format ourselves and hand to ICU as a ready string under a
/// private name: dates and times (so they use the catalog's zone, which MessageFormat's own
/// sub-formats cannot be given inside plural/select branches) and plain {name} arguments (so
/// right-to-left text can isolate them without disturbing select arguments of the same name).
struct argument_slot {
    icu::UnicodeString private_name;
    std::string argument;
    std::unique_ptr<icu::DateFormat> date_format;  // null for a plain {name}
};

/// Literal text, ready in UTF-8, followed by one slot's value (none after the last piece).
struct message_piece {
    std::string literal;
    std::optional<std::size_t> slot;
};

struct message {
    std::string raw;
    std::unique_ptr<icu::MessageFormat> format;  // the rewritten pattern
    std::vector<argument_slot> slots;
    /// Set when the pattern has no arguments: formatted once at load, so the many plain texts
    /// (prompts, buttons) cost no ICU work per message.
    std::optional<std::string> fixed_text;
    /// Set when every argument is a slot outside any plural or select ("Your appointment at
    /// {place}"): such a text is joined from its pieces, without cloning a MessageFormat,
    /// which took most of the formatting time of the welcome's language list.
    std::optional<std::vector<message_piece>> pieces;
};

struct language_data {
    std::string code;
    icu::Locale locale;
    text_direction direction = text_direction::ltr;
    std::string name;
    std::map<std::string, message, std::less<>> messages;
    /// What MessageFormat would use for a timestamp in a plain {name}, but in our zone.
    std::unique_ptr<icu::DateFormat> default_date_time;

    const message* find(std::string_view key) const {
        const auto it = messages.find(key);
        return it == messages.end() ? nullptr : &it->second;
    }
};

std::unique_ptr<icu::DateFormat> zoned_copy(
    const icu::DateFormat& format, const icu::TimeZone& zone
) {
    std::unique_ptr<icu::DateFormat> copy(format.clone());
    if (copy) {
        copy->setTimeZone(zone);
    }
    return copy;
}

/// The date/time format ICU builds for one "{when, date, long}" argument, in our zone. Letting ICU
/// build it from the argument's text keeps every style ICU accepts (keywords, skeletons,
/// patterns) behaving as MessageFormat documents.
std::unique_ptr<icu::DateFormat> date_format_for(
    const icu::UnicodeString& argument_text, const icu::Locale& locale, const icu::TimeZone& zone
) {
    compiled_pattern single = compile(argument_text, locale);
    if (!single.format) {
        return nullptr;
    }
    int32_t count = 0;
    const icu::Format** formats = single.format->getFormats(count);
    if (count != 1 || formats == nullptr) {
        return nullptr;
    }
    const auto* date = dynamic_cast<const icu::DateFormat*>(formats[0]);
    return date == nullptr ? nullptr : zoned_copy(*date, zone);
}

struct rewritten_pattern {
    icu::UnicodeString pattern;
    std::vector<argument_slot> slots;
    bool has_arguments = false;
};

/// Replaces every date/time argument and every plain {name}, at any depth, by a private argument.
std::optional<rewritten_pattern> rewrite_arguments(
    const icu::UnicodeString& pattern,
    const icu::Locale& locale,
    const icu::TimeZone& zone,
    std::string& error
) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError where{};
    const icu::MessagePattern parsed(pattern, &where, status);
    if (U_FAILURE(status)) {
        error = describe_pattern_error(status, where, pattern);
        return std::nullopt;
    }

    struct replacement {
        int32_t start;
        int32_t limit;
        argument_slot slot;
    };

    std::vector<replacement> replacements;
    for (int32_t i = 0; i < parsed.countParts(); ++i) {
        const auto& start = parsed.getPart(i);
        if (start.getType() != UMSGPAT_PART_TYPE_ARG_START) {
            continue;
        }
        const auto kind = start.getArgType();
        const auto& limit = parsed.getPart(parsed.getLimitPartIndex(i));
        argument_slot slot;
        slot.argument = to_utf8(parsed.getSubstring(parsed.getPart(i + 1)));
        if (kind == UMSGPAT_ARG_TYPE_SIMPLE) {
            icu::UnicodeString type = parsed.getSubstring(parsed.getPart(i + 2));
            type.trim().toLower("");
            if (type != u"date" && type != u"time") {
                continue;
            }
            // ICU keeps the blank after the comma in a pattern style ("{when, date, HH:mm}"
            // prints " 04:30"); translators never mean it, so the style is trimmed.
            icu::UnicodeString style;
            if (parsed.getPartType(i + 3) == UMSGPAT_PART_TYPE_ARG_STYLE) {
                style = parsed.getSubstring(parsed.getPart(i + 3));
                style.trim();
            }
            const icu::UnicodeString text =
                u"{when," + type + (style.isEmpty() ? u"" : u"," + style) + u"}";
            slot.date_format = date_format_for(text, locale, zone);
            if (!slot.date_format) {
                error = "cannot build the date/time format " + to_utf8(text);
                return std::nullopt;
            }
        } else if (kind != UMSGPAT_ARG_TYPE_NONE) {
            continue;
        }
        replacements.push_back({start.getIndex(), limit.getLimit(), std::move(slot)});
    }

    rewritten_pattern result{pattern, {}, false};
    for (int32_t i = 0; i < parsed.countParts() && !result.has_arguments; ++i) {
        result.has_arguments = parsed.getPartType(i) == UMSGPAT_PART_TYPE_ARG_START;
    }
    result.slots.resize(replacements.size());
    // From the end, so earlier indices stay valid; argument texts never overlap.
    for (std::size_t n = replacements.size(); n-- > 0;) {
        auto& [begin, end, slot] = replacements[n];
        slot.private_name = icu::UnicodeString(u"zaedno_argument_") +
                            icu::UnicodeString::fromUTF8(std::to_string(n));
        result.pattern.replace(begin, end - begin, u"{" + slot.private_name + u"}");
        result.slots[n] = std::move(slot);
    }
    return result;
}

/// Text passed through ICU comes back with each ill-formed UTF-8 sequence replaced; text
/// joined without ICU must read the same.
std::string as_icu_reads_it(std::string text) {
    const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
    const auto length = static_cast<int32_t>(
        std::min(text.size(), static_cast<std::size_t>(std::numeric_limits<int32_t>::max()))
    );
    for (int32_t at = 0; at < length;) {
        UChar32 c = 0;
        U8_NEXT(bytes, at, length, c);
        if (c < 0) {
            return to_utf8(to_unicode(text));
        }
    }
    return text;
}

/// The pieces of a rewritten pattern whose arguments are all top-level slots, split the way
/// MessageFormat::format walks it (literal text, minus quoting apostrophes, between
/// arguments); nothing when any part needs ICU's own formatting.
std::optional<std::vector<message_piece>> split_at_slots(
    const icu::UnicodeString& pattern, std::size_t slot_count
) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::MessagePattern parsed(pattern, nullptr, status);
    if (U_FAILURE(status) || parsed.countParts() < 2) {
        return std::nullopt;
    }
    const icu::UnicodeString slot_prefix(u"zaedno_argument_");
    std::vector<message_piece> pieces;
    icu::UnicodeString literal;
    int32_t previous = parsed.getPart(0).getLimit();
    for (int32_t i = 1; i < parsed.countParts(); ++i) {
        const auto& part = parsed.getPart(i);
        literal.append(pattern, previous, part.getIndex() - previous);
        const auto type = part.getType();
        if (type == UMSGPAT_PART_TYPE_MSG_LIMIT) {
            pieces.push_back({to_utf8(literal), std::nullopt});
            return pieces;
        }
        previous = part.getLimit();
        if (type == UMSGPAT_PART_TYPE_SKIP_SYNTAX) {
            continue;
        }
        if (type != UMSGPAT_PART_TYPE_ARG_START || part.getArgType() != UMSGPAT_ARG_TYPE_NONE) {
            return std::nullopt;
        }
        const icu::UnicodeString name = parsed.getSubstring(parsed.getPart(i + 1));
        if (!name.startsWith(slot_prefix)) {
            return std::nullopt;
        }
        const std::string number = to_utf8(name.tempSubString(slot_prefix.length()));
        const std::size_t slot = std::stoul(number);  // our own name: always digits
        if (slot >= slot_count) {
            return std::nullopt;
        }
        pieces.push_back({to_utf8(literal), slot});
        literal.remove();
        i = parsed.getLimitPartIndex(i);
        previous = parsed.getPart(i).getLimit();
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_message_format(std::string_view pattern, std::string_view lang) {
    compiled_pattern compiled = compile(to_unicode(pattern), icu_locale(lang));
    return compiled.error;
}

namespace {

std::set<std::string> plural_keywords(const icu::Locale& locale, UPluralType type) {
    std::set<std::string> keywords;
    UErrorCode status = U_ZERO_ERROR;
    const std::unique_ptr<icu::PluralRules> rules(icu::PluralRules::forLocale(locale, type, status)
    );
    if (U_FAILURE(status) || !rules) {
        return keywords;
    }
    const std::unique_ptr<icu::StringEnumeration> names(rules->getKeywords(status));
    if (U_FAILURE(status) || !names) {
        return keywords;
    }
    while (const icu::UnicodeString* name = names->snext(status)) {
        if (U_FAILURE(status)) {
            break;
        }
        keywords.insert(to_utf8(*name));
    }
    return keywords;
}

std::string joined(const std::set<std::string>& words) {
    std::string out;
    for (const auto& word : words) {
        out += (out.empty() ? "" : ", ") + word;
    }
    return out;
}

bool is_numeric_part(UMessagePatternPartType type) {
    return type == UMSGPAT_PART_TYPE_ARG_INT || type == UMSGPAT_PART_TYPE_ARG_DOUBLE;
}

}  // namespace

std::vector<std::string> check_plural_categories(std::string_view pattern, std::string_view lang) {
    std::vector<std::string> warnings;
    UErrorCode status = U_ZERO_ERROR;
    const icu::MessagePattern parsed(to_unicode(pattern), nullptr, status);
    if (U_FAILURE(status)) {
        return warnings;
    }
    const icu::Locale locale = icu_locale(lang);
    const std::set<std::string> cardinal = plural_keywords(locale, UPLURAL_TYPE_CARDINAL);
    const std::set<std::string> ordinal = plural_keywords(locale, UPLURAL_TYPE_ORDINAL);

    for (int32_t i = 0; i < parsed.countParts(); ++i) {
        const auto& start = parsed.getPart(i);
        const auto kind = start.getArgType();
        if (start.getType() != UMSGPAT_PART_TYPE_ARG_START ||
            (kind != UMSGPAT_ARG_TYPE_PLURAL && kind != UMSGPAT_ARG_TYPE_SELECTORDINAL)) {
            continue;
        }
        const bool is_ordinal = kind == UMSGPAT_ARG_TYPE_SELECTORDINAL;
        const std::set<std::string>& expected = is_ordinal ? ordinal : cardinal;
        if (expected.empty()) {
            continue;
        }
        // Parts: ARG_START ARG_NAME [offset] (ARG_SELECTOR [=value] MSG_START … MSG_LIMIT)+
        // ARG_LIMIT
        std::set<std::string> used;
        int32_t j = i + 2;
        if (is_numeric_part(parsed.getPartType(j))) {
            ++j;
        }
        while (parsed.getPartType(j) == UMSGPAT_PART_TYPE_ARG_SELECTOR) {
            const std::string selector = to_utf8(parsed.getSubstring(parsed.getPart(j)));
            ++j;
            if (is_numeric_part(parsed.getPartType(j))) {
                ++j;
            } else {
                used.insert(selector);
            }
            j = parsed.getLimitPartIndex(j) + 1;
        }

        const std::string where = "{" + to_utf8(parsed.getSubstring(parsed.getPart(i + 1))) +
                                  (is_ordinal ? ", selectordinal}" : ", plural}");
        const std::string language(lang);
        for (const auto& category : used) {
            if (!expected.contains(category)) {
                warnings.push_back(
                    where + ": \"" + category + "\" is never chosen in " + language + " (it has " +
                    joined(expected) + ")"
                );
            }
        }
        for (const auto& category : expected) {
            if (!used.contains(category)) {
                warnings.push_back(
                    where + ": no \"" + category + "\" case; " + language + " uses " +
                    joined(expected)
                );
            }
        }
    }
    return warnings;
}

struct catalog::impl {
    std::string default_language;
    std::vector<std::string> languages;
    std::map<std::string, language_data, std::less<>> by_code;
    std::unique_ptr<icu::TimeZone> zone;

    const language_data* find(std::string_view lang) const {
        const auto it = by_code.find(lang);
        return it == by_code.end() ? nullptr : &it->second;
    }

    /// Null only in a default-constructed catalog, which has no languages at all.
    const language_data* fallback() const { return find(default_language); }

    icu::UnicodeString format_timestamp(const icu::DateFormat& shared, timestamp when) const;
    std::string format_message(
        const language_data& language, const message& entry, const message_args& args, bool& ok
    ) const;
    /// The text of a message with pieces, as MessageFormat would give it; nothing when an
    /// argument is a number, which only ICU formats the language's way.
    std::optional<std::string> join_pieces(
        const language_data& language, const message& entry, const message_args& args
    ) const;
};

namespace {

class loader {
public:
    loader(const icu::TimeZone& zone, std::vector<load_problem>& problems)
        : zone_(zone), problems_(problems) {}

    std::optional<language_data> load_file(const std::filesystem::path& file) {
        file_ = file.string();
        const std::string code = file.stem().string();
        if (!is_language_code(code)) {
            report("", "the file name is not a language code such as en, bg or pt-BR");
            return std::nullopt;
        }

        std::ifstream in(file, std::ios::binary);
        std::stringstream buffer;
        buffer << in.rdbuf();
        if (!in) {
            report("", "cannot read the file");
            return std::nullopt;
        }
        nlohmann::json document;
        try {
            document = nlohmann::json::parse(buffer.str());
        } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for 1e999
            report("", std::string("malformed JSON: ") + e.what());
            return std::nullopt;
        }
        if (!document.is_object()) {
            report("", "the file must hold a JSON object of translations");
            return std::nullopt;
        }

        language_data language = make_language(code);
        // First, whatever its place in the file: the calendar shapes every date format below.
        if (const auto meta = document.find("_meta"); meta != document.end()) {
            read_meta(*meta, language);
        }
        set_default_date_time(language);
        pointers_.clear();
        for (const auto& [key, value] : document.items()) {
            if (key != "_meta") {
                add_entries(language, key, "/" + json_pointer_token(key), value);
            }
        }
        return language;
    }

    language_data make_language(const std::string& code) const {
        language_data language;
        language.code = code;
        language.locale = icu_locale(code);
        language.direction =
            language.locale.isRightToLeft() ? text_direction::rtl : text_direction::ltr;
        icu::UnicodeString own_name;
        language.locale.getDisplayLanguage(language.locale, own_name);
        language.name = to_utf8(own_name);
        set_default_date_time(language);
        return language;
    }

    void set_default_date_time(language_data& language) const {
        language.default_date_time.reset(icu::DateFormat::createDateTimeInstance(
            icu::DateFormat::kShort, icu::DateFormat::kShort, language.locale
        ));
        if (language.default_date_time) {
            language.default_date_time->setTimeZone(zone_);
        }
    }

    void report(const std::string& pointer, std::string message) {
        problems_.push_back({file_, pointer, std::move(message)});
    }

private:
    /// Real keys nest two or three levels; the limit keeps a hostile file from exhausting the
    /// stack.
    static constexpr int max_nesting = 16;

    /// BCP 47 shaped: a 2-3 letter language, then optional subtags ("en", "prs", "pt-BR").
    static bool is_language_code(std::string_view code) {
        static const std::regex shape("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*");
        return std::regex_match(code.begin(), code.end(), shape);
    }

    void read_meta(const nlohmann::json& meta, language_data& language) {
        if (!meta.is_object()) {
            report("/_meta", "_meta must be an object (name, direction, calendar)");
            return;
        }
        for (const auto& [field, value] : meta.items()) {
            const std::string pointer = "/_meta/" + json_pointer_token(field);
            if (field == "name") {
                if (value.is_string() && !value.get_ref<const std::string&>().empty()) {
                    language.name = value.get<std::string>();
                } else {
                    report(pointer, "the language name must be a non-empty string");
                }
            } else if (field == "direction") {
                if (value == "rtl") {
                    language.direction = text_direction::rtl;
                } else if (value == "ltr") {
                    language.direction = text_direction::ltr;
                } else {
                    report(pointer, "direction must be \"ltr\" or \"rtl\"");
                }
            } else if (field == "calendar") {
                read_calendar(pointer, value, language);
            } else {
                report(pointer, "unknown _meta field (known: name, direction, calendar)");
            }
        }
    }

    /// The calendar dates are shown in ("gregorian", "persian", ...): ICU's default for the
    /// language is not always the one people's letters and appointments use.
    void read_calendar(
        const std::string& pointer, const nlohmann::json& value, language_data& language
    ) {
        const std::vector<std::string> known = calendars();
        if (!value.is_string() ||
            std::find(known.begin(), known.end(), value.get_ref<const std::string&>()) ==
                known.end()) {
            std::string list;
            for (const auto& name : known) {
                list += (list.empty() ? "" : ", ") + name;
            }
            report(pointer, "calendar must be one of: " + list);
            return;
        }
        UErrorCode status = U_ZERO_ERROR;
        language.locale.setKeywordValue("calendar", value.get<std::string>().c_str(), status);
        if (U_FAILURE(status)) {
            report(pointer, std::string("ICU refused the calendar: ") + u_errorName(status));
        }
    }

    static std::vector<std::string> calendars() {
        std::vector<std::string> names;
        UErrorCode status = U_ZERO_ERROR;
        const std::unique_ptr<icu::StringEnumeration> all(icu::Calendar::getKeywordValuesForLocale(
            "calendar", icu::Locale::getRoot(), false, status
        ));
        if (U_FAILURE(status) || !all) {
            return {"gregorian"};
        }
        while (const char* name = all->next(nullptr, status)) {
            if (U_FAILURE(status)) {
                break;
            }
            names.emplace_back(name);
        }
        return names;
    }

    void add_entries(
        language_data& language,
        const std::string& key,
        const std::string& pointer,
        const nlohmann::json& value,
        int depth = 1
    ) {
        if (key.empty() || key.front() == '.' || key.back() == '.' ||
            key.find("..") != std::string::npos) {
            report(pointer, "a key must be non-empty words joined by dots");
            return;
        }
        if (value.is_object()) {
            if (depth >= max_nesting) {
                report(pointer, "keys nest deeper than " + std::to_string(max_nesting) + " levels");
                return;
            }
            if (value.empty()) {
                report(pointer, "an empty object defines no translations");
            }
            for (const auto& [child, child_value] : value.items()) {
                add_entries(
                    language,
                    key + "." + child,
                    pointer + "/" + json_pointer_token(child),
                    child_value,
                    depth + 1
                );
            }
            return;
        }
        if (!value.is_string()) {
            report(
                pointer, std::string("a translation must be a string, not ") + value.type_name()
            );
            return;
        }
        if (const auto [first, inserted] = pointers_.emplace(key, pointer); !inserted) {
            report(pointer, "the key " + key + " is defined twice, also at " + first->second);
            return;
        }
        add_message(language, key, pointer, value.get<std::string>());
    }

    void add_message(
        language_data& language,
        const std::string& key,
        const std::string& pointer,
        const std::string& raw
    ) {
        const icu::UnicodeString pattern = to_unicode(raw);
        if (compiled_pattern original = compile(pattern, language.locale); original.error) {
            report(pointer, "invalid MessageFormat in " + key + ": " + *original.error);
            return;
        }
        std::string error;
        auto rewritten = rewrite_arguments(pattern, language.locale, zone_, error);
        if (!rewritten) {
            report(pointer, "invalid MessageFormat in " + key + ": " + error);
            return;
        }
        compiled_pattern compiled = compile(rewritten->pattern, language.locale);
        if (!compiled.format) {
            report(pointer, "cannot prepare " + key + " for formatting: " + *compiled.error);
            return;
        }
        message entry{
            raw,
            std::move(compiled.format),
            std::move(rewritten->slots),
            std::nullopt,
            std::nullopt};
        if (rewritten->has_arguments) {
            entry.pieces = split_at_slots(rewritten->pattern, entry.slots.size());
        }
        if (!rewritten->has_arguments) {
            // Still formatted by ICU, which resolves apostrophe quoting ("It''s" → "It's").
            const icu::UnicodeString no_name;
            const icu::Formattable no_value;
            UErrorCode status = U_ZERO_ERROR;
            icu::UnicodeString out;
            entry.format->format(&no_name, &no_value, 0, out, status);
            if (U_FAILURE(status)) {
                report(pointer, "cannot format " + key + ": " + u_errorName(status));
                return;
            }
            entry.fixed_text = to_utf8(out);
        }
        language.messages.emplace(key, std::move(entry));
    }

    const icu::TimeZone& zone_;
    std::vector<load_problem>& problems_;
    std::string file_;
    std::map<std::string, std::string> pointers_;  // key → where this file defined it
};

}  // namespace

catalog catalog::load(
    const std::filesystem::path& dir,
    const std::string& default_language,
    const std::string& time_zone,
    std::vector<load_problem>& problems
) {
    catalog result;
    auto& self = *result.impl_;
    self.default_language = default_language;

    self.zone.reset(icu::TimeZone::createTimeZone(to_unicode(time_zone)));
    if (!self.zone || *self.zone == icu::TimeZone::getUnknown()) {
        problems.push_back(
            {dir.string(), "", "unknown time zone \"" + time_zone + "\"; dates use UTC instead"}
        );
        self.zone.reset(icu::TimeZone::getGMT()->clone());
    }

    loader files(*self.zone, problems);
    std::error_code error;
    std::vector<std::filesystem::path> paths;
    if (!std::filesystem::is_directory(dir, error)) {
        problems.push_back({dir.string(), "", "the locales directory does not exist"});
    } else {
        for (std::filesystem::directory_iterator it(dir, error), end; !error && it != end;
             it.increment(error)) {
            std::error_code kind_error;
            if (it->path().extension() == ".json" && it->is_regular_file(kind_error)) {
                paths.push_back(it->path());
            }
        }
        if (error) {
            problems.push_back({dir.string(), "", "cannot list the directory: " + error.message()});
        }
    }
    std::sort(paths.begin(), paths.end());

    for (const auto& path : paths) {
        if (auto language = files.load_file(path)) {
            const std::string code = language->code;
            self.by_code.emplace(code, std::move(*language));
        }
    }
    if (!self.by_code.contains(default_language)) {
        problems.push_back(
            {(dir / (default_language + ".json")).string(),
             "",
             "the default language has no file; every text will show its key"}
        );
        self.by_code.emplace(default_language, files.make_language(default_language));
    }
    for (const auto& [code, language] : self.by_code) {
        self.languages.push_back(code);
    }
    return result;
}

catalog::catalog() : impl_(std::make_unique<impl>()) {
    impl_->zone.reset(icu::TimeZone::getGMT()->clone());
}

catalog::~catalog() = default;
catalog::catalog(catalog&&) noexcept = default;
catalog& catalog::operator=(catalog&&) noexcept = default;

const std::vector<std::string>& catalog::languages() const {
    return impl_->languages;
}

const std::string& catalog::default_language() const {
    return impl_->default_language;
}

bool catalog::has_language(std::string_view lang) const {
    return impl_->find(lang) != nullptr;
}

bool catalog::has(std::string_view lang, std::string_view key) const {
    const language_data* language = impl_->find(lang);
    return language != nullptr && language->find(key) != nullptr;
}

std::vector<std::string> catalog::keys(std::string_view lang) const {
    std::vector<std::string> result;
    if (const language_data* language = impl_->find(lang)) {
        for (const auto& [key, entry] : language->messages) {
            result.push_back(key);
        }
    }
    return result;
}

std::optional<std::string> catalog::raw(std::string_view lang, std::string_view key) const {
    const language_data* language = impl_->find(lang);
    if (language == nullptr) {
        return std::nullopt;
    }
    const message* entry = language->find(key);
    if (entry == nullptr) {
        return std::nullopt;
    }
    return entry->raw;
}

icu::UnicodeString catalog::impl::format_timestamp(const icu::DateFormat& shared, timestamp when)
    const {
    // A private copy per call: see format_message for why shared ICU formats are never used
    // directly from several threads.
    const std::unique_ptr<icu::DateFormat> own(shared.clone());
    icu::UnicodeString out;
    if (own) {
        own->format(static_cast<UDate>(when.unix_seconds) * 1000.0, out);
    }
    return out;
}

std::optional<std::string> catalog::impl::join_pieces(
    const language_data& language, const message& entry, const message_args& args
) const {
    const bool right_to_left = language.direction == text_direction::rtl;
    std::string out;
    for (const message_piece& piece : *entry.pieces) {
        out += piece.literal;
        if (!piece.slot) {
            continue;
        }
        const argument_slot& slot = entry.slots[*piece.slot];
        const auto found = args.find(slot.argument);
        if (found == args.end()) {
            out += "{" + slot.argument + "}";  // what ICU itself prints for a missing argument
        } else if (const auto* text = std::get_if<std::string>(&found->second)) {
            out += as_icu_reads_it(right_to_left ? i18n::isolate(*text) : *text);
        } else if (const auto* when = std::get_if<timestamp>(&found->second)) {
            const icu::DateFormat* format =
                slot.date_format ? slot.date_format.get() : language.default_date_time.get();
            out += format != nullptr ? to_utf8(format_timestamp(*format, *when))
                                     : std::to_string(when->unix_seconds);
        } else {
            return std::nullopt;
        }
    }
    return out;
}

std::string catalog::impl::format_message(
    const language_data& language, const message& entry, const message_args& args, bool& ok
) const {
    if (entry.fixed_text) {
        ok = true;
        return with_direction_mark(language.direction, *entry.fixed_text);
    }
    if (entry.pieces) {
        if (auto joined = join_pieces(language, entry, args)) {
            ok = true;
            return with_direction_mark(language.direction, *joined);
        }
    }
    const bool right_to_left = language.direction == text_direction::rtl;
    std::vector<icu::UnicodeString> names;
    std::vector<icu::Formattable> values;
    names.reserve(args.size() + entry.slots.size());
    values.reserve(args.size() + entry.slots.size());

    for (const auto& [name, value] : args) {
        names.push_back(to_unicode(name));
        std::visit(
            [&](const auto& v) {
                using type = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<type, std::string>) {
                    values.emplace_back(to_unicode(v));
                } else if constexpr (std::is_same_v<type, timestamp>) {
                    values.emplace_back(
                        static_cast<UDate>(v.unix_seconds) * 1000.0, icu::Formattable::kIsDate
                    );
                } else {
                    values.emplace_back(v);
                }
            },
            value
        );
    }

    for (const argument_slot& slot : entry.slots) {
        names.push_back(slot.private_name);
        const auto found = args.find(slot.argument);
        if (found == args.end()) {
            // What ICU itself prints for a missing argument.
            values.emplace_back(to_unicode("{" + slot.argument + "}"));
            continue;
        }
        const arg_value& value = found->second;
        if (const auto* text = std::get_if<std::string>(&value)) {
            values.emplace_back(to_unicode(right_to_left ? i18n::isolate(*text) : *text));
        } else if (const auto* when = std::get_if<timestamp>(&value)) {
            const icu::DateFormat* format =
                slot.date_format ? slot.date_format.get() : language.default_date_time.get();
            values.emplace_back(
                format != nullptr ? format_timestamp(*format, *when)
                                  : icu::UnicodeString::fromUTF8(std::to_string(when->unix_seconds))
            );
        } else if (const auto* whole = std::get_if<std::int64_t>(&value)) {
            values.emplace_back(static_cast<int64_t>(*whole));
        } else {
            values.emplace_back(std::get<double>(value));
        }
    }

    // icu::MessageFormat::format is const but not safe to call concurrently: it lazily creates
    // its default number/date formats and its plural rules behind const_cast (msgfmt.cpp,
    // getDefaultNumberFormat, PluralSelectorProvider::select). Formatting with a private clone
    // keeps the shared one untouched, so format() needs no lock and never serialises the
    // threads. The copy constructor only reads the source, and costs microseconds.
    const std::unique_ptr<icu::MessageFormat> own(entry.format->clone());
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString out;
    if (own) {
        own->format(names.data(), values.data(), static_cast<int32_t>(names.size()), out, status);
    }
    ok = own != nullptr && U_SUCCESS(status);
    if (!ok) {
        return {};
    }
    return with_direction_mark(language.direction, to_utf8(out));
}

formatted catalog::format(std::string_view lang, std::string_view key, const message_args& args)
    const {
    const language_data* requested = impl_->find(lang);
    const language_data* fallback = impl_->fallback();
    bool fell_back = requested == nullptr && lang != impl_->default_language;
    const language_data* language = requested != nullptr ? requested : fallback;

    const message* entry = language != nullptr ? language->find(key) : nullptr;
    if (entry == nullptr && language != fallback && fallback != nullptr) {
        language = fallback;
        entry = fallback->find(key);
        fell_back = true;
    }
    if (entry != nullptr) {
        bool ok = false;
        std::string text = impl_->format_message(*language, *entry, args, ok);
        if (ok) {
            return {std::move(text), language->code, fell_back};
        }
    }
    return {std::string(key), impl_->default_language, true};
}

text_direction catalog::direction(std::string_view lang) const {
    if (const language_data* language = impl_->find(lang)) {
        return language->direction;
    }
    return icu_locale(lang).isRightToLeft() ? text_direction::rtl : text_direction::ltr;
}

std::string catalog::language_name(std::string_view lang) const {
    if (const language_data* language = impl_->find(lang)) {
        return language->name;
    }
    const icu::Locale locale = icu_locale(lang);
    icu::UnicodeString own_name;
    locale.getDisplayLanguage(locale, own_name);
    return own_name.isEmpty() ? std::string(lang) : to_utf8(own_name);
}

std::vector<std::string> catalog::word_list(std::string_view lang, std::string_view key) const {
    std::vector<std::string> words;
    std::set<std::string, std::less<>> seen;
    const auto add_from = [&](const language_data* language) {
        const message* entry = language == nullptr ? nullptr : language->find(key);
        if (entry == nullptr) {
            return;
        }
        std::string_view rest = entry->raw;
        while (true) {
            const auto bar = rest.find('|');
            std::string word = fold_for_matching(rest.substr(0, bar));
            if (!word.empty() && seen.insert(word).second) {
                words.push_back(std::move(word));
            }
            if (bar == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(bar + 1);
        }
    };
    add_from(impl_->find(lang));
    if (lang != impl_->default_language) {
        add_from(impl_->fallback());
    }
    return words;
}

std::optional<std::string> catalog::match_language(std::string_view hint) const {
    std::string tag = lowercase_ascii(hint);
    std::replace(tag.begin(), tag.end(), '_', '-');
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '-')) {
        tag.pop_back();
    }
    tag.erase(0, tag.find_first_not_of(' '));
    if (tag.empty()) {
        return std::nullopt;
    }

    const auto loaded = [&](const std::string& candidate) -> std::optional<std::string> {
        for (const auto& code : impl_->languages) {
            if (lowercase_ascii(code) == candidate) {
                return code;
            }
        }
        return std::nullopt;
    };

    std::vector<std::string> candidates{tag};
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (U_SUCCESS(status) && !locale.isBogus()) {
        // CLDR's aliases: prs → fa_AF, pes → fa, iw → he, ukr → uk, ...
        locale.canonicalize(status);
        if (U_SUCCESS(status)) {
            const std::string language = lowercase_ascii(locale.getLanguage());
            const std::string region = lowercase_ascii(locale.getCountry());
            if (!region.empty()) {
                candidates.push_back(language + "-" + region);
            }
            candidates.push_back(language);
        }
    }
    candidates.push_back(tag.substr(0, tag.find('-')));
    for (const auto& candidate : candidates) {
        if (candidate.empty()) {
            continue;
        }
        if (auto code = loaded(candidate)) {
            return code;
        }
        if (auto code = loaded(lowercase_ascii(icu_language_tag(candidate)))) {
            return code;
        }
    }
    return std::nullopt;
}

}  // namespace zaedno::i18n
