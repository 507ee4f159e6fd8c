// The completion handler every co_spawn gets: an exception ends only that task, and is logged
// (Asio's `detached` would swallow it).
#pragma once

#include <exception>
#include <string>

#include <spdlog/spdlog.h>

namespace zaedno {

class log_failure {
public:
    explicit log_failure(std::string task, spdlog::level::level_enum level = spdlog::level::err)
        : task_(std::move(task)), level_(level) {}

    void operator()(std::exception_ptr error) const {
        if (!error) {
            return;
        }
        try {
            std::rethrow_exception(error);
        } catch (const std::exception& e) {
            spdlog::log(level_, "{}: {}", task_, e.what());
        } catch (...) {
            spdlog::log(level_, "{}: unknown exception", task_);
        }
    }

private:
    std::string task_;
    spdlog::level::level_enum level_;
};

}  // namespace zaedno
