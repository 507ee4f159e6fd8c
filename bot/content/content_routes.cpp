// Handlers for /api/v1/content. Checking and loading a version happen on the calling network
// thread (they read no socket and take a few tens of milliseconds); publishing commits only
// if the draft is still the revision that was checked.
#include "bot/content/content_routes.hpp"

#include <charconv>

#include <boost/url/parse.hpp>

#include "bot/audit/audit_log.hpp"
#include "bot/content/contacts_file.hpp"
#include "bot/content/content_repository.hpp"
#include "bot/content/diff.hpp"
#include "bot/content/translation_reviews.hpp"
#include "bot/server/request_params.hpp"
#include "bot/server/responses.hpp"

namespace zaedno::content {

namespace {

using server::json_error;
using server::json_response;
using server::positive_id_param;
using server::request_context;
using server::response;
using ordered = nlohmann::ordered_json;

using shared_context = std::shared_ptr<const content_routes_context>;

/// A file as the API shows it: the parsed JSON, or the raw text when it does not parse (so
/// a draft saved with a syntax error can still be read back and fixed).
ordered file_value(const std::string& body) {
    auto doc = ordered::parse(body, nullptr, false);
    return doc.is_discarded() ? ordered(body) : doc;
}

/// With ?format=raw every file is its exact text, so an editor shows (and the validator's
/// line numbers match) the file as saved, not a re-indented copy.
bool raw_requested(const request_context& ctx) {
    return server::query_param(ctx.req, "format") == "raw";
}

ordered files_json(const bundle& files, bool raw) {
    ordered out = ordered::object();
    for (const auto& [path, body] : files) {
        out[path] = raw ? ordered(body) : file_value(body);
    }
    return out;
}

/// A JSON value from a request as file text: objects are written out with two-space
/// indentation in their given key order; strings are taken as the raw text.
std::string file_text(const ordered& value) {
    if (value.is_string()) {
        return value.get<std::string>();
    }
    return value.dump(2) + "\n";
}

std::optional<ordered> parse_body(const request_context& ctx) {
    auto doc = ordered::parse(ctx.req.body(), nullptr, false);
    if (doc.is_discarded()) {
        return std::nullopt;
    }
    return doc;
}

nlohmann::json problems_json(const check_result& checked, engine::severity level) {
    auto out = nlohmann::json::array();
    for (const auto& p : checked.problems) {
        if (p.level == level) {
            out.push_back(to_json(p));
        }
    }
    return out;
}

response version_with_files(const version_info& v, const bundle& files, bool raw) {
    ordered body{{"version", ordered::parse(to_json(v).dump())}, {"files", files_json(files, raw)}};
    auto res = json_response(http::status::ok, {});
    res.body() = body.dump();
    res.prepare_payload();
    return res;
}

response invalid(const check_result& checked, std::string_view what) {
    return json_response(
        http::status::unprocessable_entity,
        {{"error", std::string(what) + " does not validate"},
         {"errors", problems_json(checked, engine::severity::error)},
         {"warnings", problems_json(checked, engine::severity::warning)}}
    );
}

struct version_files {
    std::optional<version_info> version;
    bundle files;
};

net::awaitable<response>
read_published(shared_context c, request_context& ctx, const auth::principal&) {
    auto job = [](storage::connection& db) {
        version_files out;
        out.version = published_version(db);
        if (out.version) {
            out.files = files_of(db, out.version->id);
        }
        return out;
    };
    auto found = co_await c->db.run(job);
    if (!found.version) {
        co_return json_error(http::status::not_found, "nothing is published");
    }
    co_return version_with_files(*found.version, found.files, raw_requested(ctx));
}

net::awaitable<version_files> load_draft(shared_context c) {
    auto job = [](storage::connection& db) {
        version_files out;
        out.version = draft_version(db);
        if (out.version) {
            out.files = files_of(db, out.version->id);
        }
        return out;
    };
    co_return co_await c->db.run(job);
}

net::awaitable<response>
read_draft(shared_context c, request_context& ctx, const auth::principal&) {
    auto draft = co_await load_draft(c);
    if (!draft.version) {
        co_return json_error(http::status::not_found, "there is no draft");
    }
    co_return version_with_files(*draft.version, draft.files, raw_requested(ctx));
}

net::awaitable<response> store_draft(
    shared_context c, draft_changes changes, bool replace_all, const auth::principal& who
) {
    auto now = c->now_seconds();
    std::vector<std::string> paths;
    for (const auto& [path, body] : changes) {
        paths.push_back(path);
    }
    auto job = [&changes, replace_all, &who, now, &paths](storage::connection& db) {
        auto v = save_draft(db, changes, replace_all, who.username, now);
        audit::record(
            db,
            who,
            "content.draft_saved",
            std::nullopt,
            {{"draft", v.id}, {"revision", v.revision}, {"files", paths}, {"replace", replace_all}},
            now
        );
        return v;
    };
    auto v = co_await c->db.run(job);
    co_return json_response(http::status::ok, {{"version", to_json(v)}});
}

net::awaitable<response> put_whole_draft(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    auto body = parse_body(ctx);
    if (!body || !body->is_object() || !body->contains("files") || !(*body)["files"].is_object()) {
        co_return json_error(
            http::status::bad_request, "expected {\"files\": {\"dialogs/<name>.json\": ...}}"
        );
    }
    draft_changes changes;
    for (const auto& [path, value] : (*body)["files"].items()) {
        if (!is_content_path(path)) {
            co_return json_error(
                http::status::bad_request,
                "unexpected file \"" + path +
                    "\": use dialogs/<name>.json, dialogs/data/<name>.json or locales/<lang>.json"
            );
        }
        if (!value.is_object() && !value.is_string()) {
            co_return json_error(
                http::status::bad_request, path + ": a file is a JSON object or its raw text"
            );
        }
        changes[path] = file_text(value);
    }
    co_return co_await store_draft(c, std::move(changes), true, who);
}

net::awaitable<response> put_one_file(
    shared_context c, request_context& ctx, const auth::principal& who, bool locale
) {
    const auto& name = ctx.params.at(locale ? "language" : "name");
    auto path = locale ? locale_path(name) : dialog_path(name);
    if (path.empty()) {
        co_return json_error(
            http::status::bad_request, "names hold only a-z, 0-9, _ and -, at most 64"
        );
    }
    auto body = parse_body(ctx);
    if (!body || (!body->is_object() && !body->is_string())) {
        co_return json_error(
            http::status::bad_request,
            "the body is the file: a JSON object, or its text as a string"
        );
    }
    draft_changes changes;
    changes[path] = file_text(*body);
    co_return co_await store_draft(c, std::move(changes), false, who);
}

net::awaitable<response> delete_flow_file(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    auto path = dialog_path(ctx.params.at("name"));
    if (path.empty()) {
        co_return json_error(http::status::bad_request, "names hold only a-z, 0-9, _ and -");
    }
    draft_changes changes;
    changes[path] = std::nullopt;
    co_return co_await store_draft(c, std::move(changes), false, who);
}

net::awaitable<response> discard(shared_context c, request_context&, const auth::principal& who) {
    auto now = c->now_seconds();
    auto job = [&who, now](storage::connection& db) {
        auto draft = draft_version(db);
        if (!draft) {
            return false;
        }
        discard_draft(db);
        audit::record(
            db, who, "content.draft_discarded", std::nullopt, {{"draft", draft->id}}, now
        );
        return true;
    };
    if (!co_await c->db.run(job)) {
        co_return json_error(http::status::not_found, "there is no draft");
    }
    co_return response{http::status::no_content, 11};
}

net::awaitable<response>
validate_draft(shared_context c, request_context&, const auth::principal&) {
    auto draft = co_await load_draft(c);
    if (!draft.version) {
        co_return json_error(http::status::not_found, "there is no draft");
    }
    auto checked = check_bundle(draft.files, c->settings);
    co_return json_response(
        http::status::ok,
        {{"valid", checked.valid()},
         {"revision", draft.version->revision},
         {"errors", problems_json(checked, engine::severity::error)},
         {"warnings", problems_json(checked, engine::severity::warning)}}
    );
}

net::awaitable<response> diff_draft(shared_context c, request_context&, const auth::principal&) {
    auto job = [](storage::connection& db) {
        std::pair<version_files, version_files> out;
        out.first.version = published_version(db);
        if (out.first.version) {
            out.first.files = files_of(db, out.first.version->id);
        }
        out.second.version = draft_version(db);
        if (out.second.version) {
            out.second.files = files_of(db, out.second.version->id);
        }
        return out;
    };
    auto [published, draft] = co_await c->db.run(job);
    if (!draft.version) {
        co_return json_error(http::status::not_found, "there is no draft");
    }
    auto body = diff_bundles(published.files, draft.files);
    body["published_version"] = published.version ? nlohmann::json(published.version->id) : nullptr;
    body["draft_revision"] = draft.version->revision;
    co_return json_response(http::status::ok, body);
}

/// Builds the runtime of a checked version and hands it to the server.
void activate(const shared_context& c, const bundle& files, std::int64_t version) {
    std::vector<std::string> ignored;  // warnings: already reported by the check
    c->activate(build_runtime(files, c->settings, ignored), version);
}

/// Why a checked draft was not published, for the 409 answer.
response refused(const publish_result& result) {
    if (result.refusal == publish_refusal::no_draft) {
        return json_error(http::status::not_found, "there is no draft");
    }
    nlohmann::json body{
        {"draft", result.draft ? to_json(*result.draft) : nlohmann::json()},
        {"published", result.current ? to_json(*result.current) : nlohmann::json()}};
    if (result.refusal == publish_refusal::outdated_base) {
        auto base = result.draft && result.draft->based_on ? std::to_string(*result.draft->based_on)
                                                           : std::string("none");
        body["reason"] = "outdated";
        body["error"] = "the draft was started from version " + base + ", but version " +
                        std::to_string(result.current->id) +
                        " has been published since: publishing the draft would undo its "
                        "changes. Review the difference, then discard the draft or publish it "
                        "with \"replaces\": " +
                        std::to_string(result.current->id);
    } else {
        body["reason"] = "changed";
        body["error"] = "the draft changed while it was being checked; validate and publish again";
    }
    return json_response(http::status::conflict, body);
}

net::awaitable<response> publish(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    publish_request request;
    request.author = who.username;
    if (!ctx.req.body().empty()) {
        auto body = parse_body(ctx);
        if (!body || !body->is_object()) {
            co_return json_error(
                http::status::bad_request,
                "expected {\"note\": \"...\", \"replaces\": <version id>} or no body"
            );
        }
        if (auto it = body->find("note"); it != body->end() && it->is_string()) {
            request.note = it->get<std::string>();
        }
        if (auto it = body->find("replaces"); it != body->end() && !it->is_null()) {
            if (!it->is_number_integer()) {
                co_return json_error(
                    http::status::bad_request, "replaces is the id of the published version"
                );
            }
            request.replaces = it->get<std::int64_t>();
        }
    }
    auto draft = co_await load_draft(c);
    if (!draft.version) {
        co_return json_error(http::status::not_found, "there is no draft");
    }
    auto checked = check_bundle(draft.files, c->settings);
    if (!checked.valid()) {
        co_return invalid(checked, "the draft");
    }
    auto runtime_files = draft.files;
    request.revision = draft.version->revision;
    request.notice_version = checked.notice_version;
    auto now = c->now_seconds();
    auto job = [&request, &who, now](storage::connection& db) {
        auto result = publish_draft(db, request, now);
        if (result.published) {
            const auto& v = *result.published;
            audit::record(
                db,
                who,
                "content.published",
                std::nullopt,
                {{"version", v.id},
                 {"based_on", v.based_on ? nlohmann::json(*v.based_on) : nullptr},
                 {"replaced", request.replaces ? nlohmann::json(*request.replaces) : nullptr}},
                now
            );
        }
        return result;
    };
    auto result = co_await c->db.run(job);
    if (!result.published) {
        co_return refused(result);
    }
    activate(c, runtime_files, result.published->id);
    co_return json_response(http::status::ok, {{"version", to_json(*result.published)}});
}

struct translation_sources {
    std::optional<version_info> version;  // the draft, else the published version
    std::vector<locale_snapshot> history;
    review_map reviews;
};

net::awaitable<translation_sources> read_translation_sources(const shared_context& c) {
    auto job = [](storage::connection& db) {
        translation_sources out;
        out.version = draft_version(db);
        if (!out.version) {
            out.version = published_version(db);
        }
        if (out.version) {
            out.history = locale_history(db);
            out.reviews = translation_reviews(db);
        }
        return out;
    };
    co_return co_await c->db.run(job);
}

net::awaitable<response> translations(shared_context c, request_context&, const auth::principal&) {
    auto sources = co_await read_translation_sources(c);
    if (!sources.version) {
        co_return json_error(http::status::not_found, "nothing is published");
    }
    // Parsing the history happens here, off the storage thread that serves the messages.
    auto body = translation_table(sources.history, c->settings.default_language, sources.reviews);
    body["version"] = to_json(*sources.version);
    co_return json_response(http::status::ok, body);
}

/// An admin confirms that a stale translation still says what the source says now.
net::awaitable<response> review_translation(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    auto body = parse_body(ctx);
    const auto field = [&](const char* name) -> std::optional<std::string> {
        if (!body || !body->is_object() || !body->contains(name) || !(*body)[name].is_string()) {
            return std::nullopt;
        }
        return (*body)[name].get<std::string>();
    };
    auto language = field("language");
    auto key = field("key");
    if (!language || !key) {
        co_return json_error(
            http::status::bad_request, "expected {\"language\": \"...\", \"key\": \"...\"}"
        );
    }
    auto sources = co_await read_translation_sources(c);
    if (!sources.version) {
        co_return json_error(http::status::not_found, "nothing is published");
    }
    const auto& source_language = c->settings.default_language;
    auto table = translation_table(sources.history, source_language, sources.reviews);
    const nlohmann::json* row = nullptr;
    for (const auto& r : table["keys"]) {
        if (r["key"] == *key) {
            row = &r;
        }
    }
    if (row == nullptr || !(*row)["status"].contains(*language)) {
        co_return json_error(http::status::not_found, "no such key in that language");
    }
    auto status = (*row)["status"][*language].get<std::string>();
    if (status != "stale") {
        co_return json_response(
            http::status::conflict,
            {{"error", "only a stale translation can be marked still correct"}, {"status", status}}
        );
    }
    translation_review review{
        (*row)["texts"][source_language].get<std::string>(),
        (*row)["texts"][*language].get<std::string>()};
    auto now = c->now_seconds();
    auto save = [&](storage::connection& db) {
        save_translation_review(db, *language, *key, review, who.account_id, now);
        audit::record(
            db,
            who,
            "content.translation_reviewed",
            std::nullopt,
            {{"language", *language}, {"key", *key}},
            now
        );
    };
    co_await c->db.run(save);
    co_return json_response(
        http::status::ok, {{"language", *language}, {"key", *key}, {"status", "ok"}}
    );
}

net::awaitable<response> settings(shared_context c, request_context&, const auth::principal&) {
    co_return json_response(
        http::status::ok,
        {{"default_language", c->settings.default_language}, {"time_zone", c->settings.time_zone}}
    );
}

net::awaitable<response> history(shared_context c, request_context&, const auth::principal&) {
    auto job = [](storage::connection& db) {
        return version_history(db);
    };
    auto versions = co_await c->db.run(job);
    auto items = nlohmann::json::array();
    for (const auto& v : versions) {
        items.push_back(to_json(v));
    }
    co_return json_response(http::status::ok, {{"items", std::move(items)}});
}

net::awaitable<response>
read_version(shared_context c, request_context& ctx, const auth::principal&) {
    auto id = positive_id_param(ctx);
    if (!id) {
        co_return json_error(http::status::bad_request, "the version id is a positive number");
    }
    auto job = [id = *id](storage::connection& db) {
        version_files out;
        out.version = find_version(db, id);
        if (out.version) {
            out.files = files_of(db, id);
        }
        return out;
    };
    auto found = co_await c->db.run(job);
    if (!found.version) {
        co_return json_error(http::status::not_found, "no such version");
    }
    co_return version_with_files(*found.version, found.files, raw_requested(ctx));
}

net::awaitable<response> rollback(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    auto id = positive_id_param(ctx);
    if (!id) {
        co_return json_error(http::status::bad_request, "the version id is a positive number");
    }
    auto read = [id = *id](storage::connection& db) {
        version_files out;
        out.version = find_version(db, id);
        if (out.version && out.version->state != "draft") {
            out.files = files_of(db, id);
        } else {
            out.version.reset();
        }
        return out;
    };
    auto target = co_await c->db.run(read);
    if (!target.version) {
        co_return json_error(http::status::not_found, "no such published version");
    }
    // Code may have changed since (a new action, a stricter limit): check it again.
    auto checked = check_bundle(target.files, c->settings);
    if (!checked.valid()) {
        co_return invalid(checked, "version " + std::to_string(*id));
    }
    auto now = c->now_seconds();
    new_version what{
        "rollback",
        *id,
        who.username,
        "roll back to version " + std::to_string(*id),
        checked.notice_version};
    auto store = [&target, &what, &who, now](storage::connection& db) {
        auto v = publish_new(db, target.files, what, now);
        audit::record(
            db,
            who,
            "content.rolled_back",
            std::nullopt,
            {{"version", v.id}, {"to", *what.based_on}},
            now
        );
        return v;
    };
    auto v = co_await c->db.run(store);
    activate(c, target.files, v.id);
    co_return json_response(http::status::ok, {{"version", to_json(v)}});
}

// PUT /api/v1/content/draft/data/{name}: one data file of the draft (admin-directory's
// contacts page saves dialogs/data/contacts.json through it; its shape is checked here).
net::awaitable<response> put_data_file(
    shared_context c, request_context& ctx, const auth::principal& who
) {
    auto path = "dialogs/data/" + ctx.params.at("name") + ".json";
    if (!is_content_path(path)) {
        co_return json_error(
            http::status::bad_request, "names hold only a-z, 0-9, _ and -, at most 64"
        );
    }
    auto body = parse_body(ctx);
    if (!body || !body->is_object()) {
        co_return json_error(http::status::bad_request, "a data file is a JSON object");
    }
    if (path == contacts_path) {
        auto errors = nlohmann::json::array();
        for (const auto& p : check_contacts(*body)) {
            errors.push_back(to_json(p));
        }
        if (!errors.empty()) {
            co_return json_response(
                http::status::unprocessable_entity,
                {{"error", "the contact directory does not validate"}, {"errors", errors}}
            );
        }
    }
    draft_changes changes;
    changes[path] = file_text(*body);
    co_return co_await store_draft(c, std::move(changes), false, who);
}

}  // namespace

void add_content_routes(server::router& routes, content_routes_context context) {
    auto c = std::make_shared<const content_routes_context>(std::move(context));
    auto admin = [&](http::verb verb, std::string pattern, auto fn) {
        auth::guarded_handler h = [c, fn](request_context& ctx, const auth::principal& who) {
            return fn(c, ctx, who);
        };
        routes.add(verb, std::move(pattern), c->guard.require(auth::role::admin, std::move(h)));
    };
    admin(http::verb::get, "/api/v1/content/settings", settings);
    admin(http::verb::get, "/api/v1/content/translations", translations);
    admin(http::verb::post, "/api/v1/content/translations/review", review_translation);
    admin(http::verb::get, "/api/v1/content/published", read_published);
    admin(http::verb::get, "/api/v1/content/draft", read_draft);
    admin(http::verb::put, "/api/v1/content/draft", put_whole_draft);
    admin(http::verb::delete_, "/api/v1/content/draft", discard);
    admin(
        http::verb::put,
        "/api/v1/content/draft/dialogs/{name}",
        [](shared_context s, request_context& ctx, const auth::principal& who) {
            return put_one_file(std::move(s), ctx, who, false);
        }
    );
    admin(http::verb::delete_, "/api/v1/content/draft/dialogs/{name}", delete_flow_file);
    admin(
        http::verb::put,
        "/api/v1/content/draft/locales/{language}",
        [](shared_context s, request_context& ctx, const auth::principal& who) {
            return put_one_file(std::move(s), ctx, who, true);
        }
    );
    admin(http::verb::post, "/api/v1/content/draft/validate", validate_draft);
    admin(http::verb::get, "/api/v1/content/draft/diff", diff_draft);
    admin(http::verb::post, "/api/v1/content/draft/publish", publish);
    admin(http::verb::get, "/api/v1/content/versions", history);
    admin(http::verb::get, "/api/v1/content/versions/{id}", read_version);
    admin(http::verb::post, "/api/v1/content/versions/{id}/rollback", rollback);
    admin(http::verb::put, "/api/v1/content/draft/data/{name}", put_data_file);
}

}  // namespace zaedno::content
