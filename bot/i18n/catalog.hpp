// Translations: locales/<lang>.json holding ICU MessageFormat strings, formatted per language
// in the configured time zone, with fallback to the default language.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zaedno::i18n {

/// A moment in time, formatted by {arg, date, ...} / {arg, time, ...} in the catalog's zone.
struct timestamp {
    std::int64_t unix_seconds = 0;
    friend bool operator==(const timestamp&, const timestamp&) = default;
};

using arg_value = std::variant<std::string, std::int64_t, double, timestamp>;
/// Named MessageFormat arguments: {count, plural, ...}, {name}, {when, date, long}.
using message_args = std::map<std::string, arg_value>;

enum class text_direction { ltr, rtl };

/// A problem found while loading: file, JSON pointer inside it, message.
struct load_problem {
    std::string file;
    std::string path;
    std::string message;
};

struct formatted {
    std::string text;
    std::string language;    // the language whose string was used
    bool fell_back = false;  // true when the requested language lacked the key
};

/// locales/<lang>.json: {"_meta": {"name": "العربية", "direction": "rtl"}, "menu.prompt": "…",
/// "booking": {"confirmed": "… {when, date, full} …"}}. Nested objects flatten to dotted keys;
/// _meta is optional (direction defaults to ICU's for the language). Prs (Dari) uses ICU's fa.
/// Loaded once, then immutable: every const member may be called from several threads at once.
class catalog {
public:
    /// Loads every <lang>.json in dir. Malformed files or MessageFormat patterns are reported
    /// in problems and skipped; the rest still loads. time_zone is an IANA id (unknown: a
    /// problem, and UTC). Never throws for anything found on disk.
    static catalog load(
        const std::filesystem::path& dir,
        const std::string& default_language,
        const std::string& time_zone,
        std::vector<load_problem>& problems
    );

    catalog();
    ~catalog();
    catalog(catalog&&) noexcept;
    catalog& operator=(catalog&&) noexcept;

    /// Languages with a file, sorted; the default language is always among them when loaded.
    const std::vector<std::string>& languages() const;
    const std::string& default_language() const;
    bool has_language(std::string_view lang) const;

    /// True when this language itself (not the fallback) has the key.
    bool has(std::string_view lang, std::string_view key) const;
    /// Every key the language defines, sorted.
    std::vector<std::string> keys(std::string_view lang) const;
    /// The unformatted string, no fallback.
    std::optional<std::string> raw(std::string_view lang, std::string_view key) const;

    /// Formats key for lang, falling back to the default language; a key missing everywhere
    /// yields the key itself with fell_back = true (never an exception, never empty).
    /// In right-to-left languages the text starts with U+200F and string arguments are
    /// wrapped in U+2068/U+2069 so Latin names and phone numbers do not reorder it.
    formatted format(std::string_view lang, std::string_view key, const message_args& args = {})
        const;

    text_direction direction(std::string_view lang) const;
    /// The language's own name from its file's _meta.name (for the language menu).
    std::string language_name(std::string_view lang) const;

    /// A '|'-separated list in the key's value, each entry folded by fold_for_matching, for
    /// the language and (merged) the default language. Used for global words and crisis words.
    std::vector<std::string> word_list(std::string_view lang, std::string_view key) const;

    /// The best loaded language for a platform hint such as "pt-br", "uk", "fa-IR", "prs".
    std::optional<std::string> match_language(std::string_view hint) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Checks one MessageFormat pattern; returns an error message, or nullopt when valid.
std::optional<std::string> check_message_format(std::string_view pattern, std::string_view lang);

/// Plural and selectordinal branches that do not fit the language's rules: a category the
/// language lacks (never chosen) or one it has that the pattern leaves to "other" (Russian
/// without "many" prints "5 файла"). ICU accepts both, so these are warnings for `validate`,
/// not load problems. Explicit "=N" cases are not counted. Empty when the pattern fits (or
/// does not parse: check_message_format reports that).
std::vector<std::string> check_plural_categories(std::string_view pattern, std::string_view lang);

}  // namespace zaedno::i18n
