// Which translations are missing or older than their source text, worked out from the
// version history: a translation is "stale" when the source-language text it was written
// against is no longer the current source text.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace zaedno::content {

/// The locale files of one version by language; nullopt = the same text as in the version
/// before (the history is read without keeping every unchanged file).
struct locale_snapshot {
    std::int64_t version = 0;
    std::map<std::string, std::optional<std::string>> locales;
};

/// An admin's check that a translation still matches the source: the two texts checked.
struct translation_review {
    std::string source_text;
    std::string translation;
};

/// By (language, key).
using review_map = std::map<std::pair<std::string, std::string>, translation_review>;

/// For the last snapshot (the version being edited), given the snapshots in the order they
/// were published (oldest first, the draft last):
/// {"source_language", "languages": [...], "keys": [{"key", "texts": {lang: text|null},
///  "status": {lang: "source"|"ok"|"missing"|"stale"}, "source_was": {lang: text|null},
///  "changed_in": {lang: version}}], "counts": {lang: {"missing", "stale"}}}.
/// A translation remembers the source text of the version in which it last changed; it is
/// stale when that differs from the source text now (so a roll-back of the source text makes
/// it current again). `source_was` is given for stale cells only. Empty texts count as
/// missing. Files that are not JSON objects count as holding no keys.
/// A stale cell whose source text and translation are exactly those of a review counts as
/// "ok" and is listed in the row's "reviewed": {lang: true}.
nlohmann::json translation_table(
    const std::vector<locale_snapshot>& history,
    const std::string& source_language,
    const review_map& reviews = {}
);

}  // namespace zaedno::content
