// SQL for content_versions and content_files (migration 006).
#include "bot/content/content_repository.hpp"

#include <stdexcept>

namespace zaedno::content {

namespace {

constexpr const char* version_columns =
    "id, state, source, based_on, author, note, revision, notice_version, created_at, "
    "updated_at, published_at";

/// Built by appending: g++ 12 reports a false -Warray-bounds on chained string operator+.
std::string select_versions(std::string_view rest) {
    std::string sql;
    sql.reserve(256);
    sql.append("SELECT ").append(version_columns).append(" FROM content_versions ").append(rest);
    return sql;
}

version_info read_version(storage::statement& st) {
    version_info v;
    v.id = st.int64(0);
    v.state = st.text(1);
    v.source = st.text(2);
    v.based_on = st.optional_int64(3);
    v.author = st.text(4);
    v.note = st.text(5);
    v.revision = st.int64(6);
    v.notice_version = st.text(7);
    v.created_at = st.int64(8);
    v.updated_at = st.int64(9);
    v.published_at = st.optional_int64(10);
    return v;
}

std::optional<version_info> one_version(storage::statement& st) {
    std::optional<version_info> out;
    if (st.step()) {
        out = read_version(st);
    }
    st.reset();
    return out;
}

void insert_files(storage::connection& db, std::int64_t version_id, const bundle& files) {
    auto& insert = db.prepared(
        "INSERT INTO content_files (version_id, path, body) VALUES (?, ?, ?) "
        "ON CONFLICT (version_id, path) DO UPDATE SET body = excluded.body"
    );
    for (const auto& [path, body] : files) {
        if (!is_content_path(path)) {
            throw std::invalid_argument("not a content path: " + path);
        }
        insert.bind(1, version_id).bind(2, path).bind(3, body).run();
    }
}

std::string iso_time(std::int64_t seconds) {
    std::time_t t = seconds;
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

}  // namespace

nlohmann::json to_json(const version_info& v) {
    auto optional_time = [](const std::optional<std::int64_t>& t) {
        return t ? nlohmann::json(iso_time(*t)) : nlohmann::json();
    };
    return {
        {"id", v.id},
        {"state", v.state},
        {"source", v.source},
        {"based_on", v.based_on ? nlohmann::json(*v.based_on) : nlohmann::json()},
        {"author", v.author},
        {"note", v.note},
        {"revision", v.revision},
        {"notice_version", v.notice_version},
        {"created_at", iso_time(v.created_at)},
        {"updated_at", iso_time(v.updated_at)},
        {"published_at", optional_time(v.published_at)}};
}

std::optional<version_info> published_version(storage::connection& db) {
    return one_version(db.prepared(select_versions("WHERE state = 'published'")));
}

std::optional<version_info> draft_version(storage::connection& db) {
    return one_version(db.prepared(select_versions("WHERE state = 'draft'")));
}

std::optional<version_info> find_version(storage::connection& db, std::int64_t id) {
    auto& st = db.prepared(select_versions("WHERE id = ?"));
    st.bind(1, id);
    return one_version(st);
}

bundle files_of(storage::connection& db, std::int64_t version_id) {
    bundle out;
    auto& st = db.prepared("SELECT path, body FROM content_files WHERE version_id = ?");
    st.bind(1, version_id);
    while (st.step()) {
        out.emplace(st.text(0), st.text(1));
    }
    st.reset();
    return out;
}

std::vector<version_info> version_history(storage::connection& db) {
    std::vector<version_info> out;
    auto& st = db.prepared(select_versions("WHERE state <> 'draft' ORDER BY id DESC"));
    while (st.step()) {
        out.push_back(read_version(st));
    }
    st.reset();
    return out;
}

std::vector<locale_snapshot> locale_history(storage::connection& db) {
    std::vector<locale_snapshot> out;
    std::map<std::string, std::string> last;  // language → body in the snapshot before
    auto finish = [&out, &last] {
        if (out.empty()) {
            return;
        }
        for (auto it = last.begin(); it != last.end();) {
            it = out.back().locales.contains(it->first) ? std::next(it) : last.erase(it);
        }
    };
    auto& st = db.prepared(
        "SELECT v.id, f.path, f.body FROM content_versions v "
        "JOIN content_files f ON f.version_id = v.id WHERE f.path LIKE 'locales/%' "
        "ORDER BY v.state = 'draft', v.published_at, v.id, f.path"
    );
    while (st.step()) {
        auto version = st.int64(0);
        if (out.empty() || out.back().version != version) {
            finish();
            out.push_back({version, {}});
        }
        auto path = st.text(1);
        auto language = path.substr(8, path.size() - 8 - 5);
        auto body = st.text(2);
        auto seen = last.find(language);
        if (seen != last.end() && seen->second == body) {
            out.back().locales[language] = std::nullopt;
        } else {
            out.back().locales[language] = body;
            last[language] = std::move(body);
        }
    }
    st.reset();
    finish();
    return out;
}

version_info publish_new(
    storage::connection& db, const bundle& files, const new_version& what, std::int64_t now
) {
    db.prepared("UPDATE content_versions SET state = 'superseded' WHERE state = 'published'").run();
    db.prepared(
          "INSERT INTO content_versions (state, source, based_on, author, note, notice_version, "
          "created_at, updated_at, published_at) VALUES ('published', ?, ?, ?, ?, ?, ?, ?, ?)"
    )
        .bind(1, what.source)
        .bind(2, what.based_on)
        .bind(3, what.author)
        .bind(4, what.note)
        .bind(5, what.notice_version)
        .bind(6, now)
        .bind(7, now)
        .bind(8, now)
        .run();
    auto id = db.last_insert_rowid();
    insert_files(db, id, files);
    return *find_version(db, id);
}

version_info save_draft(
    storage::connection& db,
    const draft_changes& changes,
    bool replace_all,
    const std::string& author,
    std::int64_t now
) {
    auto draft = draft_version(db);
    if (!draft) {
        auto published = published_version(db);
        db.prepared(
              "INSERT INTO content_versions (state, source, based_on, author, created_at, "
              "updated_at) VALUES ('draft', 'edit', ?, ?, ?, ?)"
        )
            .bind(1, published ? std::optional<std::int64_t>(published->id) : std::nullopt)
            .bind(2, author)
            .bind(3, now)
            .bind(4, now)
            .run();
        auto id = db.last_insert_rowid();
        if (published && !replace_all) {
            db.prepared(
                  "INSERT INTO content_files (version_id, path, body) "
                  "SELECT ?, path, body FROM content_files WHERE version_id = ?"
            )
                .bind(1, id)
                .bind(2, published->id)
                .run();
        }
        draft = find_version(db, id);
    } else {
        db.prepared(
              "UPDATE content_versions SET revision = revision + 1, author = ?, updated_at = ? "
              "WHERE id = ?"
        )
            .bind(1, author)
            .bind(2, now)
            .bind(3, draft->id)
            .run();
        if (replace_all) {
            db.prepared("DELETE FROM content_files WHERE version_id = ?").bind(1, draft->id).run();
        }
    }
    bundle written;
    auto& remove = db.prepared("DELETE FROM content_files WHERE version_id = ? AND path = ?");
    for (const auto& [path, body] : changes) {
        if (body) {
            written.emplace(path, *body);
        } else {
            remove.bind(1, draft->id).bind(2, path).run();
        }
    }
    insert_files(db, draft->id, written);
    return *find_version(db, draft->id);
}

bool discard_draft(storage::connection& db) {
    db.prepared("DELETE FROM content_versions WHERE state = 'draft'").run();
    return db.changes() > 0;
}

publish_result publish_draft(
    storage::connection& db, const publish_request& request, std::int64_t now
) {
    publish_result out;
    out.draft = draft_version(db);
    out.current = published_version(db);
    if (!out.draft) {
        out.refusal = publish_refusal::no_draft;
        return out;
    }
    if (out.draft->revision != request.revision) {
        out.refusal = publish_refusal::revision_changed;
        return out;
    }
    if (out.current && out.draft->based_on != out.current->id &&
        request.replaces != out.current->id) {
        out.refusal = publish_refusal::outdated_base;
        return out;
    }
    db.prepared("UPDATE content_versions SET state = 'superseded' WHERE state = 'published'").run();
    auto id = out.draft->id;
    if (out.current && id < out.current->id) {
        // The server runs the highest published id and ignores older ones (two publishes may
        // finish out of order): a draft older than the version it replaces moves to a new id.
        db.prepared(
              "INSERT INTO content_versions (state, source, based_on, author, revision, "
              "created_at, updated_at) SELECT 'published', source, based_on, author, revision, "
              "created_at, updated_at FROM content_versions WHERE id = ?"
        )
            .bind(1, id)
            .run();
        auto moved = db.last_insert_rowid();
        db.prepared(
              "INSERT INTO content_files (version_id, path, body) "
              "SELECT ?, path, body FROM content_files WHERE version_id = ?"
        )
            .bind(1, moved)
            .bind(2, id)
            .run();
        db.prepared("DELETE FROM content_files WHERE version_id = ?").bind(1, id).run();
        db.prepared("DELETE FROM content_versions WHERE id = ?").bind(1, id).run();
        id = moved;
    }
    db.prepared(
          "UPDATE content_versions SET state = 'published', author = ?, note = ?, "
          "notice_version = ?, updated_at = ?, published_at = ? WHERE id = ?"
    )
        .bind(1, request.author)
        .bind(2, request.note)
        .bind(3, request.notice_version)
        .bind(4, now)
        .bind(5, now)
        .bind(6, id)
        .run();
    out.published = find_version(db, id);
    return out;
}

}  // namespace zaedno::content
