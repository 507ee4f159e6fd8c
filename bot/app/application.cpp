// Start-up order: database first (so a bad file stops us before we listen), then routes,
// then the listener; shutdown in reverse, the database last.
#include "bot/app/application.hpp"

#include <iostream>

#include <spdlog/spdlog.h>

#include "bot/appointments/appointment_routes.hpp"
#include "bot/appointments/booking_actions.hpp"
#include "bot/appointments/json_views.hpp"
#include "bot/audit/audit_log.hpp"
#include "bot/auth/account_routes.hpp"
#include "bot/common/log_failure.hpp"
#include "bot/common/thread_name.hpp"
#include "bot/content/content_routes.hpp"
#include "bot/content/transfer.hpp"
#include "bot/inbox/webhook_routes.hpp"
#include "bot/reports/recorder.hpp"
#include "bot/reports/report_routes.hpp"
#include "bot/server/health_routes.hpp"
#include "bot/server/static_assets.hpp"

namespace zaedno::app {

content::content_settings content_settings_of(const config& cfg) {
    return {cfg.default_language, cfg.timezone};
}

namespace {

server::server_limits limits_from(const server_settings& s) {
    server::server_limits limits;
    limits.header_timeout = s.header_timeout;
    limits.body_timeout = s.body_timeout;
    limits.idle_timeout = s.idle_timeout;
    return limits;
}

std::shared_ptr<const conversation::dialog_runtime> load_dialogs(
    const config& cfg, storage::database& db, std::atomic<std::int64_t>& version
) {
    std::vector<std::string> problems;
    auto published =
        content::load_published(db, cfg.dialogs, cfg.locales, content_settings_of(cfg), problems);
    for (const auto& p : problems) {
        spdlog::warn("dialogs: {}", p);
    }
    version = published.version.id;
    spdlog::info("dialogs: running content version {}", version.load());
    return published.runtime;
}

auth::guard_settings auth_from(const config& cfg) {
    auth::guard_settings s;
    s.secure_cookie = cfg.public_url.starts_with("https://");
    return s;
}

/// PRODUCT.md: the first start creates `admin`; a generated password is shown once, on
/// standard error and never through the logger (it is a secret).
void bootstrap_admin(storage::database& db, const config& cfg) {
    if (auto generated = auth::ensure_bootstrap_admin(db, cfg.admin_password)) {
        std::cerr << "zaedno: created account 'admin' with one-time password: " << *generated
                  << "\nzaedno: it is shown only now; change it after the first login\n";
    }
}

handoff::office_hours_config office_hours_from(const config& cfg) {
    return {cfg.office_hours.weekly, cfg.office_hours.holidays, cfg.timezone};
}

delivery::worker_settings delivery_from(const config& cfg) {
    auto s = delivery::default_worker_settings();
    s.rates["telegram"].per_chat_per_second = cfg.telegram.chat_rate;
    s.rates["telegram"].global_per_second = cfg.telegram.global_rate;
    s.rates["viber"].per_chat_per_second = cfg.viber.chat_rate;
    s.rates["viber"].global_per_second = cfg.viber.global_rate;
    return s;
}

}  // namespace

application::application(config cfg, std::optional<delivery::worker_settings> delivery)
    : cfg_(std::move(cfg)),
      db_(std::make_unique<storage::database>(cfg_.database)),
      runtime_(load_dialogs(cfg_, *db_, content_version_)),
      ioc_(static_cast<int>(cfg_.server.threads)),
      work_(net::make_work_guard(ioc_)),
      auth_(*db_, auth_from(cfg_)),
      router_(metrics_),
      server_(ioc_, router_, limits_from(cfg_.server), metrics_),
      telegram_(cfg_.telegram),
      viber_(cfg_.viber),
      adapters_{{"telegram", &telegram_}, {"viber", &viber_}, {"webchat", &webchat_}},
      worker_(
          ioc_,
          *db_,
          adapters_,
          http_,
          metrics_,
          delivery ? std::move(*delivery) : delivery_from(cfg_)
      ),
      processor_(
          ioc_,
          *db_,
          [this] { return dialogs(); },
          adapters_,
          metrics_,
          [this] {
              worker_.notify();
              webchat_hub_.replies_queued();
              console_hub_.changed();
          }
      ),
      webchat_hub_(*db_, processor_, metrics_),
      console_hub_(*db_, auth_),
      reminders_(
          ioc_,
          *db_,
          [this] { return dialogs(); },
          adapters_,
          [this] {
              worker_.notify();
              webchat_hub_.replies_queued();
          }
      ),
      retention_(ioc_, *db_, cfg_.retention_days, [] { return std::int64_t{std::time(nullptr)}; }),
      content_watcher_(
          ioc_,
          *db_,
          content_settings_of(cfg_),
          [this] { return content_version(); },
          [this](
              std::shared_ptr<const conversation::dialog_runtime> runtime, std::int64_t version
          ) { replace_dialogs(std::move(runtime), version); }
      ) {
    // Reports date their counts in the configured zone (bot/reports/recorder.hpp).
    db_->run_sync([zone = cfg_.timezone](storage::connection& c) {
        reports::use_time_zone(c, zone);
    });
    const auto& schema = db_->schema();
    if (schema.from_version != schema.to_version) {
        spdlog::info(
            "storage: migrated {} from schema {} to {}",
            cfg_.database.string(),
            schema.from_version,
            schema.to_version
        );
    }
    metrics_.add_gauge(
        "zaedno_storage_queue_depth",
        "Jobs waiting for the storage thread",
        {},
        [db = db_.get()] { return static_cast<double>(db->queue_depth()); }
    );
    auto gauge = [this](const char* name, const char* help, std::atomic<std::int64_t>& value) {
        metrics_.add_gauge(name, help, {}, [&value] { return static_cast<double>(value.load()); });
    };
    gauge("zaedno_inbox_depth", "Updates stored and not yet processed", inbox_depth_);
    gauge("zaedno_outbox_depth", "Platform calls waiting to be sent", outbox_depth_);
    gauge("zaedno_dead_letters", "Platform calls given up, kept for admins", dead_letters_);
    gauge("zaedno_handoffs_waiting", "Conversations waiting for a caseworker", handoffs_waiting_);
    // Appointments: the booking dialog's actions and the staff's REST API, in the configured
    // time zone.
    auto zone = std::make_shared<const appointments::zone_clock>(cfg_.timezone);
    appointments::add_booking_actions(processor_.actions(), zone);
    appointments::add_appointment_routes(router_, auth_, *db_, zone, {cfg_.default_language});
    bootstrap_admin(*db_, cfg_);
    register_routes();
}

std::shared_ptr<const conversation::dialog_runtime> application::dialogs() const {
    return std::atomic_load(&runtime_);
}

void application::replace_dialogs(
    std::shared_ptr<const conversation::dialog_runtime> runtime, std::int64_t version
) {
    // Two publishes finishing out of order must not leave the older version running.
    std::lock_guard lock(content_mutex_);
    if (version < content_version_) {
        return;
    }
    std::atomic_store(&runtime_, std::move(runtime));
    content_version_ = version;
}

application::~application() {
    request_stop();
    wait();
}

net::awaitable<void> application::refresh_gauges() {
    auto read = [](storage::connection& db) {
        auto depths = delivery::read_depths(db);
        auto& waiting = db.prepared("SELECT count(*) FROM conversations WHERE status = 'waiting'");
        waiting.step();
        auto n = waiting.int64(0);
        waiting.reset();
        return std::make_pair(depths, n);
    };
    auto [depths, waiting] = co_await db_->run(read);
    inbox_depth_ = depths.inbox_pending;
    outbox_depth_ = depths.outbox_pending;
    dead_letters_ = depths.outbox_dead;
    handoffs_waiting_ = waiting;
}

void application::register_routes() {
    server::add_health_routes(router_, *db_, metrics_, [this] { return refresh_gauges(); });
    server::add_static_routes(router_);
    server::add_page_routes(router_, "console", "/console", "/console/assets");
    server::add_page_routes(router_, "admin", "/admin", "/admin/assets");
    server::add_subpage_routes(router_, "admin", "/admin");
    auth_.add_routes(router_);
    audit::add_audit_routes(router_, auth_, *db_);
    auth::add_account_routes(router_, auth_, *db_);
    reports::add_report_routes(router_, auth_, *db_, cfg_.default_language);
    content::add_content_routes(
        router_,
        {*db_,
         auth_,
         content_settings_of(cfg_),
         [this](std::shared_ptr<const conversation::dialog_runtime> runtime, std::int64_t version) {
             replace_dialogs(std::move(runtime), version);
         },
         [] {
             return std::int64_t{std::time(nullptr)};
         }}
    );
    auto upgrade = [this](beast::tcp_stream stream, server::request req) {
        return webchat_hub_.run_socket(std::move(stream), std::move(req));
    };
    server_.set_upgrade("/chat/socket", upgrade);
    auto console_upgrade = [this](beast::tcp_stream stream, server::request req) {
        return console_hub_.run_socket(std::move(stream), std::move(req));
    };
    server_.set_upgrade("/console/socket", console_upgrade);
    // The draft preview (docs/preview.md): admins talk to the draft; nothing is stored.
    preview_hub_ = std::make_unique<preview::preview_hub>(
        *db_,
        auth_,
        content_settings_of(cfg_),
        preview::preview_action_settings{
            std::make_shared<const appointments::zone_clock>(cfg_.timezone),
            office_hours_from(cfg_)}
    );
    auto preview_upgrade = [this](beast::tcp_stream stream, server::request req) {
        return preview_hub_->run_socket(std::move(stream), std::move(req));
    };
    server_.set_upgrade("/admin/preview/socket", preview_upgrade);
    processor_.actions().add("handoff", handoff::handoff_action(office_hours_from(cfg_)));
    handoff_api_ = std::make_unique<handoff::handoff_api>(handoff::api_dependencies{
        *db_,
        auth_,
        [this] { return dialogs(); },
        adapters_,
        office_hours_from(cfg_),
        [this] {
            worker_.notify();
            webchat_hub_.replies_queued();
        },
        [this] { console_hub_.changed(); },
        [language = cfg_.default_language](storage::connection& db, std::int64_t conversation_id) {
            return appointments::appointments_of_conversation(db, conversation_id, language);
        },
        &http_,
        cfg_.telegram.api,
        cfg_.telegram.token});
    handoff_api_->add_routes(router_);
    inbox::add_webhook_routes(router_, adapters_, &viber_, {*db_, processor_, metrics_, [this] {
                                                                return dialogs();
                                                            }});
}

void application::start() {
    auto address = net::ip::make_address(cfg_.server.listen.host);
    server_.start({address, cfg_.server.listen.port});
    processor_.start();
    worker_.start();
    reminders_.start();
    retention_.start(std::chrono::minutes(1), std::chrono::hours(24));
    content_watcher_.start(std::chrono::seconds(5));
    for (unsigned i = 0; i < cfg_.server.threads; ++i) {
        threads_.emplace_back([this] {
            name_this_thread("zaedno-net");
            ioc_.run();
        });
    }
    spdlog::info(
        "zaedno {} listening on {}:{} ({} threads)",
        ZAEDNO_VERSION,
        cfg_.server.listen.host,
        port(),
        cfg_.server.threads
    );
}

std::uint16_t application::port() const {
    return server_.local_endpoint().port();
}

void application::request_stop() {
    if (stop_requested_.exchange(true)) {
        return;
    }
    if (threads_.empty()) {
        work_.reset();
        return;
    }
    net::co_spawn(ioc_, drain(), log_failure("shutdown: drain failed"));
}

net::awaitable<void> application::drain() {
    spdlog::info("shutdown: no new connections; finishing requests in flight");
    server_.begin_shutdown();
    webchat_hub_.close_all();
    console_hub_.close_all();
    preview_hub_->close_all();
    auto deadline = std::chrono::steady_clock::now() + cfg_.server.shutdown_timeout;
    net::steady_timer timer(co_await net::this_coro::executor);
    while (server_.open_sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(net::use_awaitable);
    }
    if (server_.open_sessions() > 0) {
        spdlog::warn(
            "shutdown: {} connections still open at the deadline", server_.open_sessions()
        );
    }
    // Updates not yet processed and replies not yet sent stay in the database for the next
    // start; only calls already in flight are worth waiting for.
    processor_.stop();
    worker_.stop();
    reminders_.stop();
    retention_.stop();
    content_watcher_.stop();
    while (worker_.in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
        timer.expires_after(std::chrono::milliseconds(10));
        co_await timer.async_wait(net::use_awaitable);
    }
    work_.reset();
    ioc_.stop();
}

void application::wait() {
    for (auto& t : threads_) {
        if (t.joinable()) {
            t.join();
        }
    }
    threads_.clear();
    if (db_) {
        db_->close();
    }
}

int application::run() {
    start();
    net::signal_set signals(ioc_, SIGINT, SIGTERM);
    auto on_signal = [this](const boost::system::error_code& ec, int number) {
        if (!ec) {
            spdlog::info("shutdown: signal {} received", number);
            request_stop();
        }
    };
    signals.async_wait(on_signal);
    wait();
    spdlog::info("shutdown: complete");
    return 0;
}

}  // namespace zaedno::app
