import Metrics
import Prometheus

/// The test process's metrics: swift-metrics can be bootstrapped once per process, so every test that reads
/// `/metrics` shares this registry (values add up across tests; check that they grew, not that they are exact).
/// Systems must be built after ``registry`` is first read, or their metrics go nowhere.
enum TestMetrics {
    /// The registry behind `MetricsSystem`, bootstrapped on first use.
    static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }()

    /// The value of one series (`name{label="value",…}` exactly as exposed) in Prometheus text, or `nil` when absent.
    static func value(of series: String, in text: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}
