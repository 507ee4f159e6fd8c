// The whole configuration as plain data, and how it is read: TOML file < environment < flags.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

namespace zaedno::app {

struct listen_address {
    std::string host = "127.0.0.1";
    std::uint16_t port = 8080;
};

struct server_settings {
    listen_address listen;
    unsigned threads = 0;  // 0: one per core
    std::chrono::milliseconds header_timeout{10'000};
    std::chrono::milliseconds body_timeout{30'000};
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds shutdown_timeout{10'000};
};

struct telegram_settings {
    std::string token;   // secret; empty: channel off
    std::string secret;  // secret; empty: webhook refuses all
    std::string api = "https://api.telegram.org";
    double chat_rate = 1.0;     // messages per second to one chat (after a burst of 3)
    double global_rate = 30.0;  // messages per second in all
};

struct viber_settings {
    std::string token;  // secret; empty: channel off
    std::string api = "https://chatapi.viber.com/pa";
    std::string name = "Zaedno";
    double chat_rate = 1.0;
    double global_rate = 30.0;
};

/// Caseworkers' hours, in `timezone`. An empty weekly text uses the dialog script's
/// "caseworkers" office hours.
struct office_hours_settings {
    std::string weekly;    // "mon-fri 09:00-17:00, sat 10:00-13:00"
    std::string holidays;  // "2026-12-24, 2026-12-25"
};

struct config {
    server_settings server;
    std::filesystem::path database = "zaedno.db";
    std::filesystem::path dialogs;  // empty until resolved to the shipped folder
    std::filesystem::path locales;
    std::string public_url;
    std::string timezone = "Europe/Sofia";
    std::string default_language = "en";
    std::string admin_password;  // secret
    std::string log_level = "info";
    unsigned retention_days = 180;  // then closed conversations and old records are purged
    telegram_settings telegram;
    viber_settings viber;
    office_hours_settings office_hours;

    /// One line per setting for the start-up log, secrets shown only as set / not set.
    std::string redacted_summary() const;
};

/// Start-up must stop: the message names the source (file, variable or flag), the key and
/// the problem in one line.
class config_error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct config_sources {
    std::optional<std::filesystem::path> file;  // --config
    std::function<std::optional<std::string>(const std::string&)> env;
    std::map<std::string, std::string> env_names_present;  // every ZAEDNO_* set, for typo checks
    std::map<std::string, std::string> flags;              // setting key → value from the CLI
};

/// Reads the process environment into config_sources::env / env_names_present.
config_sources sources_from_environment();

/// Applies defaults, then the file, the environment and the flags; validates the result.
config load_config(const config_sources& sources);

/// The documented settings: key (TOML path, also the flag name with - for . and _), env var.
struct setting_info {
    std::string key;
    std::string env;
    std::string flag;  // empty when the setting has no flag (secrets stay out of `ps`)
    std::string description;
    std::string default_text;
    bool secret;
};

const std::vector<setting_info>& documented_settings();

/// The folder holding shipped dialogs/ and locales/: next to the working directory when
/// present, else the source tree this binary was built from.
std::filesystem::path shipped_data_dir(const std::string& name);

}  // namespace zaedno::app
