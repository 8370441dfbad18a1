-- Shared wrk summary: throughput, non-2xx count and latency quantiles on one line.
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("requests=%d non2xx_or_errors=%d throughput=%.0f/s p50=%.2fms p90=%.2fms p99=%.2fms max=%.2fms\n",
    summary.requests, errors, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
