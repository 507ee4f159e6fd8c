// Metric storage and the Prometheus text rendering.
#include "bot/metrics/registry.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace zaedno::metrics {

namespace {

std::string escape_label_value(const std::string& value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string render_labels(const labels& l) {
    std::string out;
    for (const auto& [key, value] : l) {
        out += out.empty() ? "" : ",";
        out += key + "=\"" + escape_label_value(value) + "\"";
    }
    return out;
}

std::string with_extra_label(const std::string& rendered, const std::string& extra) {
    return "{" + rendered + (rendered.empty() ? "" : ",") + extra + "}";
}

std::string braces(const std::string& rendered) {
    return rendered.empty() ? std::string{} : "{" + rendered + "}";
}

std::string format_number(double value) {
    if (std::isinf(value)) {
        return value > 0 ? "+Inf" : "-Inf";
    }
    if (std::isnan(value)) {
        return "NaN";
    }
    return fmt::format("{}", value);
}

}  // namespace

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {
    if (!std::is_sorted(bounds_.begin(), bounds_.end())) {
        throw std::invalid_argument("histogram bounds must be sorted");
    }
}

void histogram::observe(double value) noexcept {
    auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
    auto index = static_cast<std::size_t>(it - bounds_.begin());
    buckets_[index].fetch_add(1, std::memory_order_relaxed);
    count_.fetch_add(1, std::memory_order_relaxed);
    double current = sum_.load(std::memory_order_relaxed);
    while (!sum_.compare_exchange_weak(current, current + value, std::memory_order_relaxed)) {
    }
}

histogram::snapshot histogram::read() const {
    snapshot s{bounds_, {}, sum_.load(std::memory_order_relaxed), 0};
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += buckets_[i].load(std::memory_order_relaxed);
        s.cumulative.push_back(running);
    }
    s.count = running;
    return s;
}

std::vector<double> latency_buckets() {
    return {
        0.0001,
        0.00025,
        0.0005,
        0.001,
        0.0025,
        0.005,
        0.01,
        0.025,
        0.05,
        0.1,
        0.25,
        0.5,
        1.0,
        2.5,
        5.0,
        10.0};
}

registry::family& registry::family_for(
    const std::string& name, const std::string& help, kind type
) {
    auto [it, inserted] = families_.try_emplace(name);
    if (inserted) {
        it->second.help = help;
        it->second.type = type;
    } else if (it->second.type != type) {
        throw std::logic_error("metric " + name + " registered with two types");
    }
    return it->second;
}

counter& registry::get_counter(const std::string& name, const std::string& help, const labels& l) {
    std::lock_guard lock(mutex_);
    auto& fam = family_for(name, help, kind::counter);
    auto& slot = fam.counters[render_labels(l)];
    if (!slot) {
        slot = std::make_unique<counter>();
    }
    return *slot;
}

histogram& registry::get_histogram(
    const std::string& name,
    const std::string& help,
    const labels& l,
    std::vector<double> upper_bounds
) {
    std::lock_guard lock(mutex_);
    auto& fam = family_for(name, help, kind::histogram);
    auto& slot = fam.histograms[render_labels(l)];
    if (!slot) {
        slot = std::make_unique<histogram>(std::move(upper_bounds));
    }
    return *slot;
}

void registry::add_gauge(
    const std::string& name, const std::string& help, const labels& l, std::function<double()> read
) {
    std::lock_guard lock(mutex_);
    auto& fam = family_for(name, help, kind::gauge);
    fam.gauges[render_labels(l)] = std::move(read);
}

std::string registry::render() const {
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& [name, fam] : families_) {
        const char* type_name = fam.type == kind::counter     ? "counter"
                                : fam.type == kind::histogram ? "histogram"
                                                              : "gauge";
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, fam.help, name, type_name);
        for (const auto& [rendered, c] : fam.counters) {
            out += fmt::format("{}{} {}\n", name, braces(rendered), c->value());
        }
        for (const auto& [rendered, read] : fam.gauges) {
            out += fmt::format("{}{} {}\n", name, braces(rendered), format_number(read()));
        }
        for (const auto& [rendered, h] : fam.histograms) {
            auto snap = h->read();
            for (std::size_t i = 0; i < snap.upper_bounds.size(); ++i) {
                out += fmt::format(
                    "{}_bucket{} {}\n",
                    name,
                    with_extra_label(
                        rendered, "le=\"" + format_number(snap.upper_bounds[i]) + "\""
                    ),
                    snap.cumulative[i]
                );
            }
            out += fmt::format(
                "{}_bucket{} {}\n", name, with_extra_label(rendered, "le=\"+Inf\""), snap.count
            );
            out += fmt::format("{}_sum{} {}\n", name, braces(rendered), format_number(snap.sum));
            out += fmt::format("{}_count{} {}\n", name, braces(rendered), snap.count);
        }
    }
    return out;
}

}  // namespace zaedno::metrics
