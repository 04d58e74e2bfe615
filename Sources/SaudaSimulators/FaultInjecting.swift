import SaudaCore

/// A simulator whose next calls can fail with a status, drop the connection after applying a write, or answer slowly:
/// what its `POST /_simulator/faults` sets.
protocol FaultInjecting {
    /// The next `count` calls fail with `status`.
    func failNext(_ count: Int, status: Int)
    /// The next `count` writes are applied, then the connection drops before the answer.
    func dropConnectionAfterNextWrite(_ count: Int)
    /// Every answer comes after `delay`.
    func setAnswerDelay(_ delay: Duration)
}

extension FaultInjecting {
    /// Applies a faults body, `{"fail": n, "status": s, "drop": n, "delayMs": n}`, each part optional; `status` is
    /// `defaultStatus` when not given.
    func applyFaults(_ body: JSONValue, defaultStatus: Int) {
        if let count = body["fail"]?.numberValue { failNext(Int(count), status: Int(body["status"]?.numberValue ?? Double(defaultStatus))) }
        if let count = body["drop"]?.numberValue { dropConnectionAfterNextWrite(Int(count)) }
        if let milliseconds = body["delayMs"]?.numberValue { setAnswerDelay(.milliseconds(Int(milliseconds))) }
    }
}

extension AirtableSimulator: FaultInjecting {}
extension OneCSimulator: FaultInjecting {}
extension YclientsSimulator: FaultInjecting {}
extension AmoSimulator: FaultInjecting {}
