// Load tool: signed Telegram webhooks against a running `zaedno serve` whose Bot API is a fake
// server inside this tool; prints throughput, ack and reply latencies, CPU per 1,000 updates
// and peak RSS, then the same load against a bare Beast "200 OK" server for comparison.
//
//   webhook_load ZAEDNO_BINARY [--updates N] [--rate PER_SECOND] [--connections C] [--chats K]
//                [--keep yes]   (leaves the server's folder and database for a look afterwards)
//   ZAEDNO_THREADS in the environment is passed to the server.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <pthread.h>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <vector>

#include "bot/common/net.hpp"

namespace {

using namespace zaedno;
using clock_type = std::chrono::steady_clock;

constexpr const char* secret = "load-test-secret";

struct options {
    std::string binary;
    int updates = 20000;
    double rate = 0;  // 0: as fast as possible
    int connections = 32;
    int chats = 2000;
    bool keep = false;
};

double percentile(std::vector<double> values, double p) {
    if (values.empty()) {
        return 0;
    }
    std::sort(values.begin(), values.end());
    auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[index];
}

/// The fake Bot API: answers every call at once and notes when each chat's reply arrived.
class fake_bot_api {
public:
    fake_bot_api() : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        net::co_spawn(ioc_, accept(), net::detached);
        thread_ = std::thread([this] { ioc_.run(); });
    }

    ~fake_bot_api() {
        ioc_.stop();
        thread_.join();
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    std::size_t replies() const { return replies_.load(); }

    /// Reply arrival times per chat, in order.
    std::map<std::string, std::vector<clock_type::time_point>> arrivals() {
        std::lock_guard lock(mutex_);
        return arrivals_;
    }

private:
    net::awaitable<void> accept() {
        for (;;) {
            auto socket = co_await acceptor_.async_accept(net::use_awaitable);
            net::co_spawn(ioc_, serve(std::move(socket)), net::detached);
        }
    }

    /// Telegram answers sendMessage with the whole message it sent, the text and keyboard
    /// echoed: the members of the request after chat_id stand in for them.
    static std::string sent_message_answer(
        const std::string& request, const std::string& chat, std::size_t message_id
    ) {
        const auto after_chat = request.find(',', request.find("\"chat_id\":"));
        if (chat.empty() || after_chat == std::string::npos) {
            return R"({"ok":true,"result":{"message_id":)" + std::to_string(message_id) + "}}";
        }
        return R"({"ok":true,"result":{"message_id":)" + std::to_string(message_id) +
               R"(,"from":{"id":4242000001,"is_bot":true,"first_name":"Zaedno",)"
               R"("username":"zaedno_load_bot"},"chat":{"id":)" +
               chat + R"(,"first_name":"Load","type":"private"},"date":1764072000,)" +
               request.substr(after_chat + 1) + "}";
    }

    net::awaitable<void> serve(net::ip::tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> req;
            auto [ec, n] =
                co_await http::async_read(stream, buffer, req, net::as_tuple(net::use_awaitable));
            if (ec) {
                co_return;
            }
            std::string answer = R"({"ok":true,"result":true})";
            if (req.target().ends_with("/sendMessage")) {
                const auto& body = req.body();
                auto at = body.find("\"chat_id\":");
                std::string chat;
                std::size_t message_id = 0;
                if (at != std::string::npos) {
                    auto start = at + 10;
                    auto end = body.find_first_of(",}", start);
                    chat = body.substr(start, end - start);
                }
                {
                    std::lock_guard lock(mutex_);
                    arrivals_[chat].push_back(clock_type::now());
                    message_id = ++replies_;
                }
                answer = sent_message_answer(body, chat, message_id);
            }
            http::response<http::string_body> res{http::status::ok, 11};
            res.set(http::field::content_type, "application/json");
            res.body() = std::move(answer);
            res.keep_alive(true);
            res.prepare_payload();
            auto [wec, wn] =
                co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
            if (wec) {
                co_return;
            }
        }
    }

    net::io_context ioc_;
    net::ip::tcp::acceptor acceptor_;
    std::thread thread_;
    std::mutex mutex_;
    std::map<std::string, std::vector<clock_type::time_point>> arrivals_;
    std::atomic<std::size_t> replies_{0};
};

/// The smallest Beast server that answers 200 to everything: the ceiling for comparison.
class bare_beast_server {
public:
    bare_beast_server() : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        net::co_spawn(ioc_, accept(), net::detached);
        for (int i = 0; i < 2; ++i) {
            threads_.emplace_back([this] { ioc_.run(); });
        }
    }

    ~bare_beast_server() {
        ioc_.stop();
        for (auto& t : threads_) {
            t.join();
        }
    }

    std::uint16_t port() const { return acceptor_.local_endpoint().port(); }

    /// CPU seconds its threads have used: the cost of one bare HTTP exchange, kernel included.
    double cpu_seconds() {
        double total = 0;
        for (auto& t : threads_) {
            clockid_t clock{};
            timespec used{};
            if (pthread_getcpuclockid(t.native_handle(), &clock) == 0 &&
                clock_gettime(clock, &used) == 0) {
                total +=
                    static_cast<double>(used.tv_sec) + static_cast<double>(used.tv_nsec) * 1e-9;
            }
        }
        return total;
    }

private:
    net::awaitable<void> accept() {
        for (;;) {
            auto socket =
                co_await acceptor_.async_accept(net::make_strand(ioc_), net::use_awaitable);
            auto executor = socket.get_executor();
            net::co_spawn(executor, serve(std::move(socket)), net::detached);
        }
    }

    static net::awaitable<void> serve(net::ip::tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> req;
            auto [ec, n] =
                co_await http::async_read(stream, buffer, req, net::as_tuple(net::use_awaitable));
            if (ec) {
                co_return;
            }
            http::response<http::string_body> res{http::status::ok, 11};
            res.set(http::field::content_type, "application/json");
            res.body() = R"({"ok":true})";
            res.keep_alive(true);
            res.prepare_payload();
            auto [wec, wn] =
                co_await http::async_write(stream, res, net::as_tuple(net::use_awaitable));
            if (wec) {
                co_return;
            }
        }
    }

    net::io_context ioc_;
    net::ip::tcp::acceptor acceptor_;
    std::vector<std::thread> threads_;
};

std::string update_body(std::int64_t update_id, std::int64_t chat, bool first) {
    std::ostringstream out;
    out << R"({"update_id":)" << update_id << R"(,"message":{"message_id":)" << update_id
        << R"(,"from":{"id":)" << chat
        << R"(,"is_bot":false,"first_name":"Load","language_code":"en"},)"
        << R"("chat":{"id":)" << chat << R"(,"type":"private"},"date":1764072000,"text":")"
        << (first ? "/start" : "/menu")
        << R"(","entities":[{"type":"bot_command","offset":0,"length":)" << (first ? 6 : 5)
        << "}]}}";
    return out.str();
}

struct load_result {
    double seconds = 0;
    std::vector<double> ack_ms;
    std::map<std::string, std::vector<clock_type::time_point>> posted;  // chat → post times
    int failures = 0;
};

/// One keep-alive connection posting its share of the updates, one at a time.
net::awaitable<void> post_updates(
    std::uint16_t port,
    const options& o,
    int c,
    clock_type::time_point started,
    int& next,
    load_result& result
) {
    auto executor = co_await net::this_coro::executor;
    beast::tcp_stream stream(executor);
    auto [cec] = co_await stream.socket().async_connect(
        {net::ip::make_address("127.0.0.1"), port}, net::as_tuple(net::use_awaitable)
    );
    if (cec) {
        ++result.failures;
        co_return;
    }
    beast::flat_buffer buffer;
    net::steady_timer pace(executor);
    // Each connection owns the chats c, c + C, c + 2C, ...: one chat's updates stay in order,
    // as Telegram sends them.
    for (;;) {
        int i = next++;
        if (i >= o.updates) {
            break;
        }
        if (o.rate > 0) {
            pace.expires_at(
                started + std::chrono::duration_cast<clock_type::duration>(
                              std::chrono::duration<double>(i / o.rate)
                          )
            );
            co_await pace.async_wait(net::as_tuple(net::use_awaitable));
        }
        auto chat_index =
            (i / o.connections) % std::max(1, o.chats / o.connections) * o.connections + c;
        std::int64_t chat = 100000 + chat_index;
        bool first = i < o.connections * std::max(1, o.chats / o.connections);
        http::request<http::string_body> req{http::verb::post, "/webhooks/telegram", 11};
        req.set(http::field::host, "127.0.0.1");
        req.set(http::field::content_type, "application/json");
        req.set("X-Telegram-Bot-Api-Secret-Token", secret);
        req.body() = update_body(1 + i, chat, first);
        req.keep_alive(true);
        req.prepare_payload();
        auto sent = clock_type::now();
        auto [wec, wn] = co_await http::async_write(stream, req, net::as_tuple(net::use_awaitable));
        http::response<http::string_body> res;
        boost::system::error_code ec = wec;
        if (!ec) {
            auto [rec, rn] =
                co_await http::async_read(stream, buffer, res, net::as_tuple(net::use_awaitable));
            ec = rec;
        }
        if (ec || res.result_int() != 200) {
            ++result.failures;
            if (ec) {
                break;
            }
            continue;
        }
        result.ack_ms.push_back(
            std::chrono::duration<double, std::milli>(clock_type::now() - sent).count()
        );
        result.posted[std::to_string(chat)].push_back(sent);
    }
}

/// All connections on one thread: the load generator shares the machine's two cores with the
/// server, so it should take as little of them as it can (blocking threads spent more on
/// context switches than on the requests).
load_result run_load(std::uint16_t port, const options& o) {
    load_result result;
    net::io_context ioc(1);
    int next = 0;
    auto started = clock_type::now();
    for (int c = 0; c < o.connections; ++c) {
        auto connection = post_updates(port, o, c, started, next, result);
        net::co_spawn(ioc, std::move(connection), net::detached);
    }
    ioc.run();
    result.seconds = std::chrono::duration<double>(clock_type::now() - started).count();
    for (auto& [chat, times] : result.posted) {
        std::sort(times.begin(), times.end());
    }
    return result;
}

std::uint16_t free_port() {
    net::io_context ioc;
    net::ip::tcp::acceptor probe(ioc, {net::ip::make_address("127.0.0.1"), 0});
    return probe.local_endpoint().port();
}

bool healthy(std::uint16_t port) {
    try {
        net::io_context ioc;
        net::ip::tcp::socket socket(ioc);
        socket.connect({net::ip::make_address("127.0.0.1"), port});
        http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
        req.set(http::field::host, "127.0.0.1");
        http::write(socket, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(socket, buffer, res);
        return res.result_int() == 200;
    } catch (const std::exception&) {
        return false;
    }
}

double cpu_seconds_at(const std::string& stat_path) {
    std::ifstream stat(stat_path);
    std::string content((std::istreambuf_iterator<char>(stat)), {});
    auto close = content.rfind(')');
    std::istringstream fields(content.substr(close + 2));
    std::string field;
    long utime = 0;
    long stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) {
            utime = std::stol(field);
        } else if (i == 15) {
            stime = std::stol(field);
        }
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double cpu_seconds(pid_t pid) {
    return cpu_seconds_at("/proc/" + std::to_string(pid) + "/stat");
}

/// CPU seconds of the process's threads by thread name (zaedno names its storage, flush and
/// network threads), to show where an update's time goes.
std::map<std::string, double> cpu_by_thread(pid_t pid) {
    std::map<std::string, double> out;
    auto tasks = "/proc/" + std::to_string(pid) + "/task";
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
        std::ifstream comm(task.path() / "comm");
        std::string name;
        std::getline(comm, name);
        out[name] += cpu_seconds_at((task.path() / "stat").string());
    }
    return out;
}

/// A line of /proc/PID/status in KiB: VmHWM (peak resident) or VmRSS (resident now).
long status_kib(pid_t pid, std::string_view field) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':') {
            return std::stol(line.substr(field.size() + 1));
        }
    }
    return 0;
}

/// Starts `binary args...` in dir with envp; with stdin_fd >= 0 that descriptor becomes its
/// standard input. Everything the child needs is built before fork: only exec runs there.
pid_t spawn_in(
    const std::string& binary,
    std::vector<std::string> args,
    const std::string& dir,
    char** envp,
    int stdin_fd = -1
) {
    args.insert(args.begin(), binary);
    std::vector<char*> argv_child;
    for (auto& a : args) {
        argv_child.push_back(a.data());
    }
    argv_child.push_back(nullptr);
    pid_t child = fork();
    if (child == 0) {
        if (stdin_fd >= 0) {
            dup2(stdin_fd, STDIN_FILENO);
        }
        if (chdir(dir.c_str()) != 0) {
            _exit(126);
        }
        execve(binary.c_str(), argv_child.data(), envp);
        _exit(127);
    }
    return child;
}

/// Creates an admin account with `zaedno user add` in the run's folder first, as an operator
/// would: the server then has no first-start account to create, and its memory figures show
/// the serving process rather than the one-time argon2id hash (64 MiB) of that account.
bool add_operator_account(const std::string& binary, const std::string& dir, char** envp) {
    int input[2];
    if (pipe2(input, O_CLOEXEC) != 0) {
        return false;
    }
    pid_t child =
        spawn_in(binary, {"user", "add", "operator", "--role", "admin"}, dir, envp, input[0]);
    close(input[0]);
    const std::string password = "load-test-operator-password\n";
    auto written = write(input[1], password.data(), password.size());
    close(input[1]);
    int status = 0;
    waitpid(child, &status, 0);
    return written == static_cast<ssize_t>(password.size()) && WIFEXITED(status) &&
           WEXITSTATUS(status) == 0;
}

options parse(int argc, char** argv) {
    options o;
    if (argc < 2) {
        std::cerr << "usage: webhook_load ZAEDNO_BINARY [--updates N] [--rate R] [--connections C] "
                     "[--chats K] [--keep yes]\n";
        std::exit(2);
    }
    o.binary = std::filesystem::absolute(argv[1]).string();  // the server runs in a temp dir
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string flag = argv[i];
        std::string value = argv[i + 1];
        if (flag == "--updates") {
            o.updates = std::stoi(value);
        } else if (flag == "--rate") {
            o.rate = std::stod(value);
        } else if (flag == "--connections") {
            o.connections = std::stoi(value);
        } else if (flag == "--chats") {
            o.chats = std::stoi(value);
        } else if (flag == "--keep") {
            o.keep = value == "yes";
        } else {
            std::cerr << "unknown option " << flag << "\n";
            std::exit(2);
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    auto o = parse(argc, argv);
    fake_bot_api api;
    char dir_template[] = "/tmp/zaedno-load-XXXXXX";
    std::string dir = mkdtemp(dir_template);
    auto port = free_port();
    std::vector<std::string> env_strings{
        "PATH=/usr/bin:/bin",
        "ZAEDNO_TELEGRAM_TOKEN=42:LOAD",
        std::string("ZAEDNO_TELEGRAM_SECRET=") + secret,
        "ZAEDNO_TELEGRAM_API=http://127.0.0.1:" + std::to_string(api.port()),
        "ZAEDNO_TELEGRAM_CHAT_RATE=0",  // rate limits off for the run
        "ZAEDNO_TELEGRAM_GLOBAL_RATE=0",
        "ZAEDNO_LOG_LEVEL=warn",
    };
    if (const char* threads = std::getenv("ZAEDNO_THREADS")) {
        env_strings.push_back(std::string("ZAEDNO_THREADS=") + threads);  // to compare set-ups
    }
    std::vector<char*> envp;
    for (auto& e : env_strings) {
        envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    if (!add_operator_account(o.binary, dir, envp.data())) {
        std::cerr << "webhook_load: `zaedno user add` failed in " << dir << "\n";
        return 1;
    }
    auto listen = "127.0.0.1:" + std::to_string(port);
    pid_t child = spawn_in(o.binary, {"serve", "--listen", listen}, dir, envp.data());
    bool up = false;
    for (int i = 0; i < 500 && !up; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        up = healthy(port);
    }
    if (!up) {
        std::cerr << "webhook_load: " << o.binary << " did not answer /healthz\n";
        kill(child, SIGKILL);
        return 1;
    }
    auto cpu_before = cpu_seconds(child);
    auto threads_before = cpu_by_thread(child);
    auto load = run_load(port, o);
    auto acked = static_cast<std::size_t>(o.updates - load.failures);
    auto wait_until = clock_type::now() + std::chrono::seconds(120);
    while (api.replies() < acked && clock_type::now() < wait_until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto cpu_after = cpu_seconds(child);
    auto threads_after = cpu_by_thread(child);
    auto peak_rss = status_kib(child, "VmHWM");
    auto final_rss = status_kib(child, "VmRSS");
    // Reply latency: the n-th reply to a chat answers its n-th update.
    std::vector<double> reply_ms;
    auto arrivals = api.arrivals();
    for (auto& [chat, posts] : load.posted) {
        auto& got = arrivals[chat];
        for (std::size_t i = 0; i < posts.size() && i < got.size(); ++i) {
            reply_ms.push_back(std::chrono::duration<double, std::milli>(got[i] - posts[i]).count()
            );
        }
    }
    kill(child, SIGTERM);
    int status = 0;
    waitpid(child, &status, 0);

    bare_beast_server bare;
    const double bare_cpu_before = bare.cpu_seconds();
    auto baseline = run_load(bare.port(), o);
    const double bare_cpu = bare.cpu_seconds() - bare_cpu_before;

    auto throughput = static_cast<double>(acked) / load.seconds;
    auto bare_throughput = static_cast<double>(o.updates - baseline.failures) / baseline.seconds;
    std::printf(
        "webhook_load: %d updates, %d connections, %d chats, rate %s\n",
        o.updates,
        o.connections,
        o.chats,
        o.rate > 0 ? std::to_string(o.rate).c_str() : "unlimited"
    );
    std::printf(
        "zaedno:   %.0f updates/s acked (%d failed), %zu of %zu replies arrived\n",
        throughput,
        load.failures,
        api.replies(),
        acked
    );
    std::printf(
        "          ack latency      p50 %.3f ms  p99 %.3f ms\n",
        percentile(load.ack_ms, 0.5),
        percentile(load.ack_ms, 0.99)
    );
    std::printf(
        "          webhook→sendMessage p50 %.3f ms  p99 %.3f ms\n",
        percentile(reply_ms, 0.5),
        percentile(reply_ms, 0.99)
    );
    std::printf(
        "          CPU %.1f µs per update (%.3f s per 1,000 updates)\n"
        "          RSS peak %.1f MB, at the end %.1f MB\n",
        (cpu_after - cpu_before) * 1e6 / static_cast<double>(std::max<std::size_t>(acked, 1)),
        (cpu_after - cpu_before) * 1000.0 / static_cast<double>(std::max<std::size_t>(acked, 1)),
        static_cast<double>(peak_rss) / 1024.0,
        static_cast<double>(final_rss) / 1024.0
    );
    std::printf("          by thread:");
    for (const auto& [name, seconds] : threads_after) {
        auto used = seconds - threads_before[name];
        std::printf(
            " %s %.1f µs",
            name.c_str(),
            used * 1e6 / static_cast<double>(std::max<std::size_t>(acked, 1))
        );
    }
    std::printf(" (threads that ended during the run are not counted)\n");
    std::printf(
        "bare Beast 200 OK: %.0f requests/s, ack p50 %.3f ms p99 %.3f ms, CPU %.1f µs per request\n"
        "          (an update costs zaedno two such exchanges: the webhook and its sendMessage)\n",
        bare_throughput,
        percentile(baseline.ack_ms, 0.5),
        percentile(baseline.ack_ms, 0.99),
        bare_cpu * 1e6 / static_cast<double>(std::max(1, o.updates - baseline.failures))
    );
    std::printf("ratio zaedno / bare: %.2f\n", throughput / bare_throughput);
    if (o.keep) {
        std::printf("server folder kept: %s\n", dir.c_str());
    } else {
        std::filesystem::remove_all(dir);
    }
    return 0;
}
