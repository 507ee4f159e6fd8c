// Sub-commands of `zaedno`. Each one loads the configuration the same way, then does its job.
#include "bot/app/cli.hpp"

#include <iostream>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bot/app/application.hpp"
#include "bot/app/chat_command.hpp"
#include "bot/app/config.hpp"
#include "bot/app/set_webhook_command.hpp"
#include "bot/app/validate_command.hpp"
#include "bot/auth/user_command.hpp"
#include "bot/content/transfer.hpp"
#include "bot/log/logging.hpp"
#include "bot/protection/person_data.hpp"
#include "bot/storage/backup.hpp"
#include "bot/storage/migration.hpp"
#include "bot/storage/storage_error.hpp"

namespace zaedno::app {

namespace {

struct config_options {
    std::string file;
    std::map<std::string, std::string> flags;
};

/// Every non-secret setting as a flag, plus --config, on the given sub-command.
void add_config_options(CLI::App& command, config_options& options) {
    command.add_option("--config", options.file, "TOML configuration file")
        ->check(CLI::ExistingFile);
    for (const auto& s : documented_settings()) {
        if (s.flag.empty()) {
            continue;
        }
        auto key = s.key;
        auto* opt = command.add_option_function<std::string>(
            s.flag,
            [&options, key](const std::string& value) { options.flags[key] = value; },
            s.description + " (env " + s.env + ", default " + s.default_text + ")"
        );
        opt->type_name("VALUE");
    }
}

config load(const config_options& options) {
    auto sources = sources_from_environment();
    if (!options.file.empty()) {
        sources.file = options.file;
    }
    sources.flags = options.flags;
    return load_config(sources);
}

int serve(const config_options& options) {
    auto cfg = load(options);
    log::init_logging(cfg.log_level);
    spdlog::info("config: {}", cfg.redacted_summary());
    application app(std::move(cfg));
    return app.run();
}

int chat(const config_options& options, const std::string& language) {
    auto cfg = load(options);
    chat_options chat;
    chat.dialogs = cfg.dialogs;
    chat.locales = cfg.locales;
    chat.language = language;
    chat.default_language = cfg.default_language;
    chat.time_zone = cfg.timezone;
    // Typed lines are already on a terminal's screen; echo them only for piped input.
    chat.echo = isatty(STDIN_FILENO) == 0;
    return run_chat(chat, std::cin, std::cout);
}

int validate(const config_options& options, const std::vector<std::string>& dirs) {
    auto cfg = load(options);
    validate_options v;
    v.default_language = cfg.default_language;
    v.time_zone = cfg.timezone;
    if (dirs.empty()) {
        v.dirs = {cfg.dialogs};
        v.locales = cfg.locales;
    } else {
        v.dirs.assign(dirs.begin(), dirs.end());
        if (options.flags.contains("locales")) {
            v.locales = cfg.locales;
        }
    }
    return run_validate(v, std::cout);
}

int set_webhook(const config_options& options, const std::string& channel, const std::string& url) {
    auto cfg = load(options);
    return run_set_webhook(cfg, channel, url, std::cout, std::cerr);
}

int backup(const config_options& options, const std::string& destination) {
    auto cfg = load(options);
    storage::backup_database(cfg.database, destination);
    std::cout << "backup of " << cfg.database.string() << " written to " << destination << "\n";
    return 0;
}

int dialogs_transfer(const config_options& options, bool to_folder, const std::string& dir) {
    auto cfg = load(options);
    storage::database db(cfg.database);
    int code = to_folder ? content::export_content(db, dir, cfg.dialogs, cfg.locales, std::cout)
                         : content::import_content(
                               db, dir, content_settings_of(cfg), std::cout, std::time(nullptr)
                           );
    db.close();
    return code;
}

int export_person(
    const config_options& options, const std::string& channel, const std::string& id
) {
    auto cfg = load(options);
    storage::database db(cfg.database);
    auto job = [&](storage::connection& c) {
        return protection::export_person(c, channel, id);
    };
    auto found = db.run_sync(job);
    db.close();
    if (!found) {
        std::cerr << "zaedno: nobody with that id on " << channel << "\n";
        return 1;
    }
    std::cout << found->dump(2) << "\n";
    return 0;
}

int user_add(const config_options& options, auth::user_add_options add) {
    add.database = load(options).database;
    return auth::run_user_add(add, std::cin, isatty(STDIN_FILENO) != 0, std::cout, std::cerr);
}

}  // namespace

int run_cli(int argc, char** argv) {
    CLI::App cli{
        "zaedno: a messaging assistant for refugees on Telegram, Viber and web chat", "zaedno"};
    cli.set_version_flag("--version", std::string("zaedno ") + ZAEDNO_VERSION);
    cli.require_subcommand(0, 1);

    config_options serve_options;
    auto* serve_cmd =
        cli.add_subcommand("serve", "run the HTTP server (webhooks, web chat, console)");
    add_config_options(*serve_cmd, serve_options);

    config_options backup_options;
    std::string backup_file;
    auto* backup_cmd =
        cli.add_subcommand("backup", "write a consistent copy of the live database to FILE");
    backup_cmd->add_option("FILE", backup_file, "where to write the copy")->required();
    add_config_options(*backup_cmd, backup_options);

    config_options chat_opts;
    std::string chat_language;
    auto* chat_cmd = cli.add_subcommand(
        "chat", "talk to the dialogs in the terminal (same engine; for script authors)"
    );
    chat_cmd->add_option("--lang", chat_language, "language hint at first contact, e.g. ar");
    add_config_options(*chat_cmd, chat_opts);

    config_options validate_opts;
    std::vector<std::string> validate_dirs;
    auto* validate_cmd = cli.add_subcommand(
        "validate", "check dialog scripts and translations; prints file: json-path: message"
    );
    validate_cmd->add_option("DIR", validate_dirs, "dialog folders (default: the configured one)");
    add_config_options(*validate_cmd, validate_opts);

    struct dialogs_command {
        CLI::App* export_cmd = nullptr;
        CLI::App* import_cmd = nullptr;
        config_options options;
        std::string dir;
    } dialogs_cmd;

    auto* dialogs_group =
        cli.add_subcommand("dialogs", "dialog scripts and translations stored in the database");
    dialogs_group->require_subcommand(1);
    dialogs_cmd.export_cmd = dialogs_group->add_subcommand(
        "export", "write the published version to DIR/dialogs and DIR/locales"
    );
    dialogs_cmd.import_cmd = dialogs_group->add_subcommand(
        "import", "validate DIR (dialogs/ and locales/) and publish it as a new version"
    );
    for (auto* command : {dialogs_cmd.export_cmd, dialogs_cmd.import_cmd}) {
        command->add_option("DIR", dialogs_cmd.dir, "the folder")->required();
        add_config_options(*command, dialogs_cmd.options);
    }

    config_options export_person_opts;
    std::string person_channel;
    std::string person_id;
    auto* export_person_cmd = cli.add_subcommand(
        "export-person", "print everything stored about one person as JSON (access request)"
    );
    export_person_cmd->add_option("CHANNEL", person_channel, "telegram, viber or webchat")
        ->required();
    export_person_cmd->add_option("ID", person_id, "the person's id on that channel")->required();
    add_config_options(*export_person_cmd, export_person_opts);

    config_options user_opts;
    auth::user_add_options user_add_opts;
    auto* user_cmd = cli.add_subcommand("user", "caseworker and admin accounts");
    user_cmd->require_subcommand(1);
    auto* user_add_cmd = user_cmd->add_subcommand(
        "add", "create an account; the password is read from standard input"
    );
    user_add_cmd->add_option("NAME", user_add_opts.username, "account name")->required();
    user_add_cmd->add_option("--role", user_add_opts.role, "caseworker or admin")
        ->required()
        ->check(CLI::IsMember({"caseworker", "admin"}));
    add_config_options(*user_add_cmd, user_opts);

    struct webhook_command {
        CLI::App* command = nullptr;
        CLI::App* set = nullptr;
        config_options options;
        std::string url;
    };

    webhook_command telegram_cmd;
    webhook_command viber_cmd;
    for (auto [name, target] :
         {std::pair{"telegram", &telegram_cmd}, std::pair{"viber", &viber_cmd}}) {
        target->command = cli.add_subcommand(name, std::string(name) + " channel commands");
        target->command->require_subcommand(1);
        target->set = target->command->add_subcommand(
            "set-webhook",
            "register URL (ZAEDNO_PUBLIC_URL + /webhooks/" + std::string(name) + ") with " + name
        );
        target->set->add_option("URL", target->url, "the https URL the platform will call")
            ->required();
        add_config_options(*target->set, target->options);
    }

    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }

    try {
        if (*serve_cmd) {
            return serve(serve_options);
        }
        if (*backup_cmd) {
            return backup(backup_options, backup_file);
        }
        if (*telegram_cmd.set) {
            return set_webhook(telegram_cmd.options, "telegram", telegram_cmd.url);
        }
        if (*viber_cmd.set) {
            return set_webhook(viber_cmd.options, "viber", viber_cmd.url);
        }
        if (*dialogs_cmd.export_cmd || *dialogs_cmd.import_cmd) {
            return dialogs_transfer(
                dialogs_cmd.options, static_cast<bool>(*dialogs_cmd.export_cmd), dialogs_cmd.dir
            );
        }
        if (*export_person_cmd) {
            return export_person(export_person_opts, person_channel, person_id);
        }
        if (*user_add_cmd) {
            return user_add(user_opts, user_add_opts);
        }
        if (*chat_cmd) {
            return chat(chat_opts, chat_language);
        }
        if (*validate_cmd) {
            return validate(validate_opts, validate_dirs);
        }
        std::cout << cli.help();
        return 0;
    } catch (const config_error& e) {
        std::cerr << "zaedno: configuration: " << e.what() << "\n";
        return 2;
    } catch (const storage::schema_too_new& e) {
        std::cerr << "zaedno: " << e.what() << "\n";
        return 1;
    } catch (const storage::storage_error& e) {
        std::cerr << "zaedno: storage: " << e.what() << "\n";
        return 1;
    } catch (const boost::system::system_error& e) {
        std::cerr << "zaedno: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "zaedno: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace zaedno::app
