import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import SaudaSimulators
import Testing

/// The simulator's own wire format, as Airtable's clients see it.
@Suite struct AirtableSimulatorTests {
    static let base = "appSimulated"

    /// Sends a raw call and returns the status and the parsed body.
    static func call(_ port: Int, _ method: HTTPMethod, _ path: String, token: String? = "sim-token",
                     body: JSONValue? = nil) async throws -> (Int, JSONValue) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: body.jsonText))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), try JSONValue.parse(Data(bytes.readableBytesView)))
    }

    @Test func envelopesAndErrorsHaveAirtablesShapes() async throws {
        let simulator = AirtableSimulator(requestsPerSecond: 1000)
        try await SimulatorServer.withServer(simulator.router()) { port in
            let table = "/v0/\(Self.base)/Leads"
            let (created, body) = try await Self.call(port, .POST, table, body: ["records": [["fields": ["Name": "A"]]], "typecast": true])
            #expect(created == 200)
            let record = try #require(body["records"]?.arrayValue?.first)
            #expect(record["id"]?.stringValue?.count == 17)
            #expect(record["id"]?.stringValue?.hasPrefix("rec") == true)
            #expect(record["createdTime"]?.stringValue?.hasSuffix("Z") == true)
            #expect(record["fields"] == ["Name": "A"])

            let eleven = JSONValue.array(Array(repeating: ["fields": ["Name": "B"]], count: 11))
            let (tooMany, tooManyBody) = try await Self.call(port, .POST, table, body: ["records": eleven])
            #expect(tooMany == 422)
            #expect(tooManyBody["error"]?["type"] == "INVALID_RECORDS")

            let upsert: JSONValue = ["performUpsert": ["fieldsToMergeOn": ["Sauda ID"]], "records": [["fields": ["Name": "C"]]]]
            let (missingMerge, _) = try await Self.call(port, .PATCH, table, body: upsert)
            #expect(missingMerge == 422)
            let good: JSONValue = ["performUpsert": ["fieldsToMergeOn": ["Sauda ID"]], "records": [["fields": ["Sauda ID": "k", "Name": "C"]]]]
            let (_, first) = try await Self.call(port, .PATCH, table, body: good)
            let (_, second) = try await Self.call(port, .PATCH, table, body: good)
            #expect(first["createdRecords"]?.arrayValue?.count == 1)
            #expect(second["updatedRecords"] == first["createdRecords"])
            #expect(second["createdRecords"] == [])

            let (unauthorised, unauthorisedBody) = try await Self.call(port, .GET, table, token: nil)
            #expect(unauthorised == 401)
            #expect(unauthorisedBody["error"]?["type"] == "AUTHENTICATION_REQUIRED")
            let (malformed, malformedBody) = try await Self.call(port, .GET, "\(table)/nonsense")
            #expect(malformed == 404)
            #expect(malformedBody == ["error": "NOT_FOUND"])
            let (badFormula, badFormulaBody) = try await Self.call(port, .GET, "\(table)?filterByFormula=SEARCH(1")
            #expect(badFormula == 422)
            #expect(badFormulaBody["error"]?["type"] == "INVALID_FILTER_BY_FORMULA")
            let (listed, listBody) = try await Self.call(port, .GET, "\(table)?filterByFormula=%7BName%7D%3D%27C%27")
            #expect(listed == 200)
            #expect(listBody["records"]?.arrayValue?.count == 1)
            #expect(listBody["offset"] == nil)
        }
    }

    @Test func aSlowAnswerComesLate() async throws {
        let simulator = AirtableSimulator()
        simulator.setAnswerDelay(.milliseconds(200))
        try await SimulatorServer.withServer(simulator.router()) { port in
            let started = ContinuousClock.now
            let (status, _) = try await Self.call(port, .GET, "/v0/\(Self.base)/Leads")
            #expect(status == 200)
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }
}
