// Runs the real zaedno binary as a child process: arguments, environment, working folder,
// captured output, signals. Every wait is bounded.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <sys/types.h>
#include <vector>

namespace zaedno::test {

struct process_result {
    int exit_code = -1;  // -1 when killed by a signal
    int signal = 0;
    std::string out;
    std::string err;
};

class child_process {
public:
    /// Starts program with args; env entries are added to a minimal environment (PATH, HOME).
    child_process(
        const std::filesystem::path& program,
        const std::vector<std::string>& args,
        const std::map<std::string, std::string>& env = {},
        const std::filesystem::path& cwd = {}
    );
    ~child_process();
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;

    /// Reads standard error until a line contains needle; returns that line ("" on timeout
    /// or exit).
    std::string wait_for_stderr_line(
        const std::string& needle, std::chrono::milliseconds limit = std::chrono::seconds(20)
    );
    void send_signal(int sig);
    /// Waits for exit (SIGKILL after limit) and collects the rest of the output.
    process_result finish(std::chrono::milliseconds limit = std::chrono::seconds(30));

    pid_t pid() const { return pid_; }

private:
    void pump(int timeout_ms);

    pid_t pid_ = -1;
    int out_fd_ = -1;
    int err_fd_ = -1;
    std::string out_;
    std::string err_;
    std::size_t err_scanned_ = 0;
    bool finished_ = false;
    process_result result_;
};

/// Runs to completion: the common case for CLI tests.
process_result run_process(
    const std::filesystem::path& program,
    const std::vector<std::string>& args,
    const std::map<std::string, std::string>& env = {},
    const std::filesystem::path& cwd = {}
);

}  // namespace zaedno::test
