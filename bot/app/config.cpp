// Reading and validating settings. Every problem becomes one line: source: key: problem.
#include "bot/app/config.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>
#include <vector>

#include <boost/url/parse.hpp>
#include <toml++/toml.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "bot/handoff/office_hours.hpp"

extern char** environ;  // NOLINT: POSIX global, read once at start-up

namespace zaedno::app {

namespace {

using setter = std::function<void(config&, const std::string& value)>;

struct setting {
    setting_info info;
    setter apply;
};

[[noreturn]] void bad(const std::string& problem) {
    throw config_error(problem);
}

std::uint64_t parse_unsigned(const std::string& value, std::uint64_t max) {
    std::uint64_t out = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    if (ec != std::errc{} || end != value.data() + value.size() || out > max) {
        bad("expected a whole number up to " + std::to_string(max) + ", got '" + value + "'");
    }
    return out;
}

listen_address parse_listen(const std::string& value) {
    auto colon = value.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        bad("expected host:port, for example 127.0.0.1:8080, got '" + value + "'");
    }
    listen_address out;
    out.host = value.substr(0, colon);
    if (out.host.size() > 2 && out.host.front() == '[' && out.host.back() == ']') {
        out.host = out.host.substr(1, out.host.size() - 2);
    }
    boost::system::error_code ec;
    boost::asio::ip::make_address(out.host, ec);
    if (ec) {
        bad("'" + out.host + "' is not an IP address (use 0.0.0.0 for every interface)");
    }
    out.port = static_cast<std::uint16_t>(parse_unsigned(value.substr(colon + 1), 65535));
    return out;
}

std::chrono::milliseconds parse_duration(const std::string& value) {
    auto digits_end = value.find_first_not_of("0123456789");
    if (digits_end == 0 || value.empty()) {
        bad("expected a duration such as 500ms, 10s or 2m, got '" + value + "'");
    }
    auto number = parse_unsigned(value.substr(0, digits_end), 86'400'000);
    auto unit = digits_end == std::string::npos ? std::string("s") : value.substr(digits_end);
    std::chrono::milliseconds out;
    if (unit == "ms") {
        out = std::chrono::milliseconds(number);
    } else if (unit == "s") {
        out = std::chrono::seconds(number);
    } else if (unit == "m") {
        out = std::chrono::minutes(number);
    } else {
        bad("unknown duration unit '" + unit + "' (use ms, s or m)");
    }
    if (out.count() == 0) {
        bad("a duration must be above zero");
    }
    return out;
}

std::string parse_base_url(const std::string& value) {
    auto url = boost::urls::parse_absolute_uri(value);
    if (!url || (url->scheme() != "http" && url->scheme() != "https") || url->host().empty()) {
        bad("expected an http:// or https:// URL, got '" + value + "'");
    }
    auto out = value;
    while (!out.empty() && out.back() == '/') {
        out.pop_back();
    }
    return out;
}

std::string parse_timezone(const std::string& value) {
    icu::UnicodeString canonical;
    UBool is_system = false;
    UErrorCode status = U_ZERO_ERROR;
    icu::TimeZone::getCanonicalID(
        icu::UnicodeString::fromUTF8(value), canonical, is_system, status
    );
    if (U_FAILURE(status) || !is_system) {
        bad("'" + value + "' is not an IANA time zone (for example Europe/Sofia)");
    }
    return value;
}

std::string parse_language(const std::string& value) {
    auto ok = value.size() >= 2 && value.size() <= 3 &&
              std::all_of(value.begin(), value.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!ok) {
        bad("expected a language code such as en, bg or ar, got '" + value + "'");
    }
    return value;
}

std::string parse_log_level(const std::string& value) {
    static const std::set<std::string> levels{"trace", "debug", "info", "warn", "error", "off"};
    if (!levels.contains(value)) {
        bad("expected one of trace, debug, info, warn, error, off, got '" + value + "'");
    }
    return value;
}

std::string parse_telegram_secret(const std::string& value) {
    // Telegram accepts 1-256 characters of A-Z a-z 0-9 _ - and rejects setWebhook otherwise.
    auto allowed = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '-';
    };
    if (value.empty() || value.size() > 256 || !std::all_of(value.begin(), value.end(), allowed)) {
        bad("must be 1-256 characters of A-Z, a-z, 0-9, _ and - (Telegram's rule)");
    }
    return value;
}

double parse_rate(const std::string& value) {
    double out = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
    // 0 switches the limit off: for a local relay or a load test, never for the real platforms.
    if (ec != std::errc{} || end != value.data() + value.size() || !(out >= 0) || out > 10000) {
        bad("expected messages per second from 0 (no limit) to 10000, for example 1 or 0.5, got '" +
            value + "'");
    }
    return out;
}

std::string parse_office_hours(const std::string& value) {
    try {
        handoff::parse_weekly(value);
    } catch (const handoff::office_hours_error& e) {
        bad(e.what());
    }
    return value;
}

std::string parse_holidays(const std::string& value) {
    try {
        handoff::parse_holidays(value);
    } catch (const handoff::office_hours_error& e) {
        bad(e.what());
    }
    return value;
}

std::string non_empty(const std::string& value) {
    if (value.empty()) {
        bad("must not be empty");
    }
    return value;
}

const std::vector<setting>& settings() {
    static const std::vector<setting> table = [] {
        std::vector<setting> t;
        auto add = [&](std::string key,
                       std::string env,
                       bool has_flag,
                       std::string description,
                       std::string default_text,
                       bool secret,
                       setter apply) {
            std::string flag;
            if (has_flag) {
                flag = "--" + key;
                std::replace(flag.begin(), flag.end(), '_', '-');
                std::replace(flag.begin(), flag.end(), '.', '-');
            }
            t.push_back(
                {{std::move(key),
                  std::move(env),
                  std::move(flag),
                  std::move(description),
                  std::move(default_text),
                  secret},
                 std::move(apply)}
            );
        };
        add("listen",
            "ZAEDNO_LISTEN",
            true,
            "address:port to listen on",
            "127.0.0.1:8080",
            false,
            [](config& c, const std::string& v) { c.server.listen = parse_listen(v); });
        add("db",
            "ZAEDNO_DB",
            true,
            "SQLite database file",
            "zaedno.db",
            false,
            [](config& c, const std::string& v) { c.database = non_empty(v); });
        add("dialogs",
            "ZAEDNO_DIALOGS",
            true,
            "dialog script folder",
            "the shipped dialogs/",
            false,
            [](config& c, const std::string& v) { c.dialogs = non_empty(v); });
        add("locales",
            "ZAEDNO_LOCALES",
            true,
            "translation folder",
            "the shipped locales/",
            false,
            [](config& c, const std::string& v) { c.locales = non_empty(v); });
        add("public_url",
            "ZAEDNO_PUBLIC_URL",
            true,
            "the https URL the messengers reach",
            "none",
            false,
            [](config& c, const std::string& v) { c.public_url = parse_base_url(v); });
        add("timezone",
            "ZAEDNO_TIMEZONE",
            true,
            "IANA zone for appointments and office hours",
            "Europe/Sofia",
            false,
            [](config& c, const std::string& v) { c.timezone = parse_timezone(v); });
        add("default_language",
            "ZAEDNO_DEFAULT_LANGUAGE",
            true,
            "fallback language",
            "en",
            false,
            [](config& c, const std::string& v) { c.default_language = parse_language(v); });
        add("admin_password",
            "ZAEDNO_ADMIN_PASSWORD",
            false,
            "bootstrap admin password",
            "generated",
            true,
            [](config& c, const std::string& v) { c.admin_password = non_empty(v); });
        add("retention_days",
            "ZAEDNO_RETENTION_DAYS",
            true,
            "days after which closed conversations, old messages and delivery records are purged",
            "180",
            false,
            [](config& c, const std::string& v) {
                c.retention_days = static_cast<unsigned>(parse_unsigned(v, 36'500));
                if (c.retention_days == 0) {
                    bad("must be at least 1 day");
                }
            });
        add("log_level",
            "ZAEDNO_LOG_LEVEL",
            true,
            "trace, debug, info, warn, error or off",
            "info",
            false,
            [](config& c, const std::string& v) { c.log_level = parse_log_level(v); });
        add("server.threads",
            "ZAEDNO_THREADS",
            true,
            "network threads",
            "one per core",
            false,
            [](config& c, const std::string& v) {
                c.server.threads = static_cast<unsigned>(parse_unsigned(v, 256));
            });
        add("server.header_timeout",
            "ZAEDNO_HEADER_TIMEOUT",
            true,
            "time a client has to send a request's headers",
            "10s",
            false,
            [](config& c, const std::string& v) { c.server.header_timeout = parse_duration(v); });
        add("server.body_timeout",
            "ZAEDNO_BODY_TIMEOUT",
            true,
            "time a client has to send a request body",
            "30s",
            false,
            [](config& c, const std::string& v) { c.server.body_timeout = parse_duration(v); });
        add("server.idle_timeout",
            "ZAEDNO_IDLE_TIMEOUT",
            true,
            "how long an idle keep-alive connection stays open",
            "60s",
            false,
            [](config& c, const std::string& v) { c.server.idle_timeout = parse_duration(v); });
        add("server.shutdown_timeout",
            "ZAEDNO_SHUTDOWN_TIMEOUT",
            true,
            "how long shutdown waits for requests in flight",
            "10s",
            false,
            [](config& c, const std::string& v) { c.server.shutdown_timeout = parse_duration(v); });
        add("telegram.token",
            "ZAEDNO_TELEGRAM_TOKEN",
            false,
            "Telegram bot token",
            "none (off)",
            true,
            [](config& c, const std::string& v) { c.telegram.token = non_empty(v); });
        add("telegram.secret",
            "ZAEDNO_TELEGRAM_SECRET",
            false,
            "Telegram webhook secret token",
            "none (webhook refuses all)",
            true,
            [](config& c, const std::string& v) { c.telegram.secret = parse_telegram_secret(v); });
        add("telegram.api",
            "ZAEDNO_TELEGRAM_API",
            true,
            "Bot API base URL",
            "https://api.telegram.org",
            false,
            [](config& c, const std::string& v) { c.telegram.api = parse_base_url(v); });
        add("telegram.chat_rate",
            "ZAEDNO_TELEGRAM_CHAT_RATE",
            true,
            "messages per second to one Telegram chat, after a burst of 3",
            "1",
            false,
            [](config& c, const std::string& v) { c.telegram.chat_rate = parse_rate(v); });
        add("telegram.global_rate",
            "ZAEDNO_TELEGRAM_GLOBAL_RATE",
            true,
            "Telegram messages per second in all",
            "30",
            false,
            [](config& c, const std::string& v) { c.telegram.global_rate = parse_rate(v); });
        add("viber.chat_rate",
            "ZAEDNO_VIBER_CHAT_RATE",
            true,
            "messages per second to one Viber user, after a burst of 3",
            "1",
            false,
            [](config& c, const std::string& v) { c.viber.chat_rate = parse_rate(v); });
        add("viber.global_rate",
            "ZAEDNO_VIBER_GLOBAL_RATE",
            true,
            "Viber messages per second in all",
            "30",
            false,
            [](config& c, const std::string& v) { c.viber.global_rate = parse_rate(v); });
        add("viber.token",
            "ZAEDNO_VIBER_TOKEN",
            false,
            "Viber bot auth token",
            "none (off)",
            true,
            [](config& c, const std::string& v) { c.viber.token = non_empty(v); });
        add("viber.api",
            "ZAEDNO_VIBER_API",
            true,
            "Viber REST API base URL",
            "https://chatapi.viber.com/pa",
            false,
            [](config& c, const std::string& v) { c.viber.api = parse_base_url(v); });
        add("viber.name",
            "ZAEDNO_VIBER_NAME",
            true,
            "sender name shown in Viber",
            "Zaedno",
            false,
            [](config& c, const std::string& v) {
                if (v.empty() || v.size() > 28) {
                    bad("must be 1-28 characters (Viber's sender name limit)");
                }
                c.viber.name = v;
            });
        add("office_hours.weekly",
            "ZAEDNO_OFFICE_HOURS",
            true,
            "caseworkers' weekly hours, e.g. \"mon-fri 09:00-17:00, sat 10:00-13:00\"",
            "the dialog script's caseworkers hours",
            false,
            [](config& c, const std::string& v) { c.office_hours.weekly = parse_office_hours(v); });
        add("office_hours.holidays",
            "ZAEDNO_HOLIDAYS",
            true,
            "local dates the caseworkers are off, e.g. \"2026-12-24, 2026-12-25\"",
            "none",
            false,
            [](config& c, const std::string& v) { c.office_hours.holidays = parse_holidays(v); });
        return t;
    }();
    return table;
}

const setting* find_by_key(const std::string& key) {
    for (const auto& s : settings()) {
        if (s.info.key == key) {
            return &s;
        }
    }
    return nullptr;
}

void apply(config& c, const setting& s, const std::string& value, const std::string& source) {
    try {
        s.apply(c, value);
    } catch (const config_error& e) {
        throw config_error(source + ": " + e.what());
    }
}

void collect_toml(
    const toml::table& table,
    const std::string& prefix,
    const std::string& file,
    std::vector<std::pair<const setting*, std::string>>& out
) {
    for (const auto& [name, node] : table) {
        auto key =
            prefix.empty() ? std::string(name.str()) : prefix + "." + std::string(name.str());
        if (const auto* nested = node.as_table()) {
            collect_toml(*nested, key, file, out);
            continue;
        }
        const auto* s = find_by_key(key);
        if (s == nullptr) {
            throw config_error(file + ": " + key + ": unknown key");
        }
        std::string value;
        if (auto str = node.value<std::string>(); str && node.is_string()) {
            value = *str;
        } else if (auto num = node.value<std::int64_t>(); num && node.is_integer()) {
            if (*num < 0) {
                throw config_error(file + ": " + key + ": must not be negative");
            }
            value = std::to_string(*num);
        } else {
            throw config_error(file + ": " + key + ": expected a string or a whole number");
        }
        out.emplace_back(s, std::move(value));
    }
}

}  // namespace

const std::vector<setting_info>& documented_settings() {
    static const std::vector<setting_info> infos = [] {
        std::vector<setting_info> out;
        for (const auto& s : settings()) {
            out.push_back(s.info);
        }
        return out;
    }();
    return infos;
}

config_sources sources_from_environment() {
    config_sources sources;
    sources.env = [](const std::string& name) -> std::optional<std::string> {
        const char* value = std::getenv(name.c_str());  // NOLINT(concurrency-mt-unsafe): start-up
        if (value == nullptr) {
            return std::nullopt;
        }
        return std::string(value);
    };
    for (char** entry = environ; *entry != nullptr; ++entry) {  // NOLINT
        std::string_view line(*entry);
        if (line.starts_with("ZAEDNO_")) {
            auto eq = line.find('=');
            sources.env_names_present[std::string(line.substr(0, eq))] = "";
        }
    }
    return sources;
}

config load_config(const config_sources& sources) {
    config c;
    if (sources.file) {
        const auto file = sources.file->string();
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*sources.file, ec)) {
            throw config_error(file + ": cannot read: not a regular file or does not exist");
        }
        if (std::ifstream probe(*sources.file); !probe) {
            throw config_error(file + ": cannot read: permission denied");
        }
        toml::table table;
        try {
            table = toml::parse_file(file);
        } catch (const toml::parse_error& e) {
            const auto& where = e.source().begin;
            throw config_error(
                file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                ": " + std::string(e.description())
            );
        }
        std::vector<std::pair<const setting*, std::string>> values;
        collect_toml(table, "", file, values);
        for (const auto& [s, value] : values) {
            apply(c, *s, value, file + ": " + s->info.key);
        }
    }
    std::set<std::string> known_env;
    for (const auto& s : settings()) {
        known_env.insert(s.info.env);
    }
    for (const auto& [name, unused] : sources.env_names_present) {
        if (!known_env.contains(name)) {
            throw config_error("environment: " + name + ": unknown setting (check the spelling)");
        }
    }
    if (sources.env) {
        for (const auto& s : settings()) {
            if (auto value = sources.env(s.info.env)) {
                apply(c, s, *value, "environment: " + s.info.env);
            }
        }
    }
    for (const auto& [key, value] : sources.flags) {
        const auto* s = find_by_key(key);
        if (s == nullptr || s->info.flag.empty()) {
            throw config_error("command line: " + key + ": unknown setting");
        }
        apply(c, *s, value, "command line: " + s->info.flag);
    }
    if (c.server.threads == 0) {
        c.server.threads = std::max(1U, std::thread::hardware_concurrency());
    }
    if (c.dialogs.empty()) {
        c.dialogs = shipped_data_dir("dialogs");
    }
    if (c.locales.empty()) {
        c.locales = shipped_data_dir("locales");
    }
    return c;
}

std::filesystem::path shipped_data_dir(const std::string& name) {
    std::error_code ec;
    auto built_from = std::filesystem::path(ZAEDNO_SOURCE_DIR) / name;
    if (std::filesystem::is_directory(built_from, ec)) {
        return built_from;
    }
    return std::filesystem::current_path(ec) / name;
}

std::string config::redacted_summary() const {
    auto secret = [](const std::string& v) {
        return v.empty() ? "not set" : "set";
    };
    std::string out;
    out += "listen=" + server.listen.host + ":" + std::to_string(server.listen.port);
    out += " db=" + database.string();
    out += " dialogs=" + dialogs.string();
    out += " locales=" + locales.string();
    out += " public_url=" + (public_url.empty() ? std::string("none") : public_url);
    out += " timezone=" + timezone;
    out += " default_language=" + default_language;
    out += " retention_days=" + std::to_string(retention_days);
    out += " threads=" + std::to_string(server.threads);
    out += " telegram.api=" + telegram.api;
    out += " telegram.token=" + std::string(secret(telegram.token));
    out += " telegram.secret=" + std::string(secret(telegram.secret));
    out += " viber.api=" + viber.api;
    out += " viber.token=" + std::string(secret(viber.token));
    out += " admin_password=" + std::string(secret(admin_password));
    return out;
}

}  // namespace zaedno::app
