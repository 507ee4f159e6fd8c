// Prometheus metrics: counters, histograms and gauges read at scrape time.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace zaedno::metrics {

using labels = std::vector<std::pair<std::string, std::string>>;

class counter {
public:
    void inc(std::uint64_t by = 1) noexcept { value_.fetch_add(by, std::memory_order_relaxed); }

    std::uint64_t value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
    std::atomic<std::uint64_t> value_{0};
};

class histogram {
public:
    explicit histogram(std::vector<double> upper_bounds);
    void observe(double value) noexcept;

    struct snapshot {
        std::vector<double> upper_bounds;
        std::vector<std::uint64_t> cumulative;  // one per bound, then +Inf
        double sum;
        std::uint64_t count;
    };

    snapshot read() const;

private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // bounds_.size() + 1
    std::atomic<std::uint64_t> count_{0};
    std::atomic<double> sum_{0.0};
};

/// Latency buckets from 100 µs to 10 s: webhook acks sit at the low end, outbound calls high.
std::vector<double> latency_buckets();

class registry {
public:
    /// Returns the counter for this name and label set, creating it on first use. The
    /// reference stays valid for the registry's lifetime, so hot paths may keep it.
    counter& get_counter(const std::string& name, const std::string& help, const labels& l = {});
    histogram& get_histogram(
        const std::string& name,
        const std::string& help,
        const labels& l = {},
        std::vector<double> upper_bounds = latency_buckets()
    );
    /// A value read when /metrics is scraped (queue depths, connections).
    void add_gauge(
        const std::string& name,
        const std::string& help,
        const labels& l,
        std::function<double()> read
    );

    /// The whole registry in Prometheus text exposition format 0.0.4.
    std::string render() const;

private:
    enum class kind { counter, histogram, gauge };

    struct family {
        std::string help;
        kind type;
        std::map<std::string, std::unique_ptr<counter>> counters;
        std::map<std::string, std::unique_ptr<histogram>> histograms;
        std::map<std::string, std::function<double()>> gauges;
    };

    family& family_for(const std::string& name, const std::string& help, kind type);

    mutable std::mutex mutex_;
    std::map<std::string, family> families_;
};

}  // namespace zaedno::metrics
