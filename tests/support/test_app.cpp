// Builds and starts the application the way `zaedno serve` does, minus signals.
#include "tests/support/test_app.hpp"

#include "bot/storage/connection.hpp"

namespace zaedno::test {

app::config test_config(const temp_dir& dir) {
    app::config cfg;
    cfg.server.listen = {"127.0.0.1", 0};
    cfg.server.threads = 2;
    cfg.database = dir.path() / "zaedno.db";
    cfg.dialogs = app::shipped_data_dir("dialogs");
    cfg.locales = app::shipped_data_dir("locales");
    return cfg;
}

test_app::test_app(
    const std::function<void(app::config&)>& adjust,
    const std::function<void(app::application&)>& before_start,
    delivery::worker_settings delivery
) {
    auto cfg = test_config(dir_);
    if (adjust) {
        adjust(cfg);
    }
    app_ = std::make_unique<app::application>(std::move(cfg), std::move(delivery));
    if (before_start) {
        before_start(*app_);
    }
    app_->start();
}

test_app::~test_app() {
    stop();
}

std::int64_t test_app::scalar(const std::string& sql) const {
    auto db = storage::connection::open(dir_.path() / "zaedno.db", storage::open_mode::read_only);
    auto& st = db.prepared(sql);
    st.step();
    auto n = st.int64(0);
    st.reset();
    return n;
}

bool test_app::settled() const {
    return scalar("SELECT count(*) FROM inbox WHERE processed_ms IS NULL") == 0 &&
           scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND channel <> 'webchat'"
           ) == 0;
}

void test_app::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    app_->request_stop();
    app_->wait();
}

}  // namespace zaedno::test
