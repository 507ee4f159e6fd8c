// Validating one version of the content and building the runtime the server talks with.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bot/content/bundle.hpp"
#include "bot/conversation/dialog_runtime.hpp"
#include "bot/engine/problem.hpp"

namespace zaedno::content {

struct content_settings {
    std::string default_language = "en";
    std::string time_zone = "Europe/Sofia";
};

/// A validator problem with its place spelt out for editors: the file, the JSON pointer,
/// and for dialog files the flow, node and field, for locale files the key; `line` in the
/// file's raw text when the pointer (or the syntax error) can be found there.
struct located_problem {
    std::string file;
    std::string path;
    std::string flow;
    std::string node;
    std::string field;
    std::string key;
    std::string message;
    engine::severity level = engine::severity::error;
    std::optional<std::size_t> line;
};

struct check_result {
    std::vector<located_problem> problems;
    std::string notice_version;

    bool valid() const;
};

/// Everything `zaedno validate` checks (parse and shape errors, references, reachability,
/// translations, channel limits), plus data files that are not JSON objects.
check_result check_bundle(const bundle& files, const content_settings& settings);

/// "file: json-path: message" as `zaedno validate` prints it.
std::string to_line(const located_problem& p);

nlohmann::json to_json(const located_problem& p);

/// Hash of every privacy.* text in every language (16 hex digits): the privacy notice a
/// person agrees to, recorded with their consent. "" when the bundle has no privacy.* texts.
std::string notice_version_of(const bundle& files);

/// Loads the bundle into a runtime (problems as "file: path: message" lines). Throws
/// std::runtime_error when it holds no flow at all.
std::shared_ptr<const conversation::dialog_runtime> build_runtime(
    const bundle& files, const content_settings& settings, std::vector<std::string>& problems
);

}  // namespace zaedno::content
