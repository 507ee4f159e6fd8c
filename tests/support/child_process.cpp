// fork/exec with pipes and poll(); no shell in between, so arguments are passed exactly.
#include "tests/support/child_process.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace zaedno::test {

child_process::child_process(
    const std::filesystem::path& program,
    const std::vector<std::string>& args,
    const std::map<std::string, std::string>& env,
    const std::filesystem::path& cwd
) {
    int out_pipe[2];
    int err_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    std::vector<std::string> env_strings;
    for (const char* keep : {"PATH", "HOME", "ASAN_OPTIONS", "UBSAN_OPTIONS", "TMPDIR"}) {
        if (const char* v = std::getenv(keep)) {  // NOLINT(concurrency-mt-unsafe)
            env_strings.push_back(std::string(keep) + "=" + v);
        }
    }
    for (const auto& [k, v] : env) {
        env_strings.push_back(k + "=" + v);
    }
    std::vector<char*> argv;
    auto program_string = program.string();
    argv.push_back(program_string.data());
    std::vector<std::string> args_copy = args;
    for (auto& a : args_copy) {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (auto& e : env_strings) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);

    pid_ = fork();
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        dup2(out_pipe[1], STDOUT_FILENO);
        dup2(err_pipe[1], STDERR_FILENO);
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, STDIN_FILENO);
        if (!cwd.empty() && chdir(cwd.c_str()) != 0) {
            _exit(126);
        }
        execve(program_string.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(out_pipe[1]);
    close(err_pipe[1]);
    out_fd_ = out_pipe[0];
    err_fd_ = err_pipe[0];
}

child_process::~child_process() {
    if (!finished_ && pid_ > 0) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (out_fd_ >= 0) {
        close(out_fd_);
    }
    if (err_fd_ >= 0) {
        close(err_fd_);
    }
}

void child_process::pump(int timeout_ms) {
    pollfd fds[2] = {{out_fd_, POLLIN, 0}, {err_fd_, POLLIN, 0}};
    int n = poll(fds, 2, timeout_ms);
    if (n <= 0) {
        return;
    }
    char buffer[4096];
    for (int i = 0; i < 2; ++i) {
        if ((fds[i].revents & (POLLIN | POLLHUP)) != 0 && fds[i].fd >= 0) {
            auto got = read(fds[i].fd, buffer, sizeof buffer);
            if (got > 0) {
                (i == 0 ? out_ : err_).append(buffer, static_cast<std::size_t>(got));
            } else {
                close(fds[i].fd);
                (i == 0 ? out_fd_ : err_fd_) = -1;
            }
        }
    }
}

std::string child_process::wait_for_stderr_line(
    const std::string& needle, std::chrono::milliseconds limit
) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline && (err_fd_ >= 0 || out_fd_ >= 0)) {
        auto found = err_.find(needle, err_scanned_);
        if (found != std::string::npos) {
            auto start = err_.rfind('\n', found);
            start = start == std::string::npos ? 0 : start + 1;
            auto end = err_.find('\n', found);
            if (end != std::string::npos) {
                err_scanned_ = end;
                return err_.substr(start, end - start);
            }
        }
        pump(20);
    }
    return "";
}

void child_process::send_signal(int sig) {
    kill(pid_, sig);
}

process_result child_process::finish(std::chrono::milliseconds limit) {
    if (finished_) {
        return result_;
    }
    auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    bool exited = false;
    while (!exited) {
        pump(10);
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited = true;
        } else if (std::chrono::steady_clock::now() > deadline) {
            kill(pid_, SIGKILL);
            waitpid(pid_, &status, 0);
            exited = true;
        }
    }
    while (out_fd_ >= 0 || err_fd_ >= 0) {
        pump(100);
    }
    finished_ = true;
    result_.out = out_;
    result_.err = err_;
    if (WIFEXITED(status)) {
        result_.exit_code = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        result_.signal = WTERMSIG(status);
    }
    return result_;
}

process_result run_process(
    const std::filesystem::path& program,
    const std::vector<std::string>& args,
    const std::map<std::string, std::string>& env,
    const std::filesystem::path& cwd
) {
    child_process child(program, args, env, cwd);
    return child.finish();
}

}  // namespace zaedno::test
