import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SaudaCore
@testable import SaudaSimulators
import Testing

/// The 1C simulator's own wire behaviour: envelopes, errors, quirks and `$filter`.
@Suite struct OneCSimulatorTests {
    static let auth = "Basic " + Data("sim-user:sim-password".utf8).base64EncodedString()

    func get(_ port: Int, _ path: String, auth: String = OneCSimulatorTests.auth, method: HTTPMethod = .GET,
             body: String? = nil) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/sim/odata/standard.odata\(path)")
        request.method = method
        request.headers.add(name: "Authorization", value: auth)
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: bytes))
    }

    @Test func envelopesErrorsAndQuirks() async throws {
        let simulator = OneCSimulator()
        let key = simulator.seed("Catalog_Контрагенты", ["Description": "ТОО Ромашка", "Комментарий": "[sauda:k1]"])
        try await SimulatorServer.withServer(simulator.router()) { port in
            let set = "Catalog_%D0%9A%D0%BE%D0%BD%D1%82%D1%80%D0%B0%D0%B3%D0%B5%D0%BD%D1%82%D1%8B"
            var (status, text) = try await get(port, "/?$format=json")
            #expect(status == 200)
            var body = try JSONValue.parse(text)
            #expect(body["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Catalog_Контрагенты", "Document_ЗаказКлиента"])

            (status, text) = try await get(port, "/\(set)?$format=json&$filter=substringof('%5Bsauda:k1%5D',%20%D0%9A%D0%BE%D0%BC%D0%BC%D0%B5%D0%BD%D1%82%D0%B0%D1%80%D0%B8%D0%B9)")
            #expect(status == 200)
            body = try JSONValue.parse(text)
            #expect(body["odata.metadata"]?.stringValue?.hasSuffix("/$metadata#Catalog_Контрагенты") == true)
            #expect(body["value"]?.arrayValue?.first?["Ref_Key"] == .string(key))

            (status, text) = try await get(port, "/\(set)(guid'\(key)')?$format=json")
            #expect(status == 200)
            #expect(try JSONValue.parse(text)["odata.metadata"]?.stringValue?.hasSuffix("#Catalog_Контрагенты/@Element") == true)

            (status, text) = try await get(port, "/\(set)?$format=json&$filter=Description+eq+'x'")
            #expect(status == 500)
            #expect(try JSONValue.parse(text)["odata.error"]?["code"] == "-1")

            (status, _) = try await get(port, "/\(set)")
            #expect(status == 501)
            (status, _) = try await get(port, "/\(set)?$format=json", auth: "Basic " + Data("sim-user:nope".utf8).base64EncodedString())
            #expect(status == 401)
            (status, text) = try await get(port, "/Catalog_Nope?$format=json")
            #expect(status == 404)
            #expect(try JSONValue.parse(text)["odata.error"]?["message"]?["lang"] == "ru")
            (status, text) = try await get(port, "/\(set)(guid'\(key)')/%D0%9A%D0%BE%D0%BD%D1%82%D0%B0%D0%BA%D1%82%D0%BD%D0%B0%D1%8F%D0%98%D0%BD%D1%84%D0%BE%D1%80%D0%BC%D0%B0%D1%86%D0%B8%D1%8F?$format=json",
                                           method: .POST, body: #"{"LineNumber": "1"}"#)
            #expect(status == 400)
            #expect(try JSONValue.parse(text)["odata.error"]?["code"] == "13")
            (status, text) = try await get(port, "/\(set)?$format=json", method: .POST, body: #"{"Description": "Новый", "Нет": 1}"#)
            #expect(status == 400)
            (status, text) = try await get(port, "/\(set)?$format=json", method: .POST, body: #"{"Description": "Новый"}"#)
            #expect(status == 201)
            #expect(try JSONValue.parse(text)["Code"]?.stringValue?.count == 9)
            (status, text) = try await get(port, "/$metadata")
            #expect(status == 200)
            #expect(text.contains("<EntitySet Name=\"Document_ЗаказКлиента\" EntityType=\"StandardODATA.Document_ЗаказКлиента\"/>"))
        }
    }

    @Test func theFilterSubset() throws {
        let record: [String: JSONValue] = ["Телефон": "+77011234567", "DeletionMark": false, "Комментарий": "Sauda\n[sauda:t:c:lead:1]",
                                           "Ref_Key": "8a4c0000-0000-0000-0000-00000000000a", "Сумма": 1500]
        func matches(_ text: String) throws -> Bool { try #require(OneCFilter.parse(text)).matches(record) }
        #expect(try matches("Телефон eq '+77011234567' and DeletionMark eq false"))
        #expect(try matches("(Телефон eq '87011234567' or Телефон eq '+77011234567') and DeletionMark eq false"))
        #expect(try !matches("Телефон eq '87011234567' or DeletionMark eq true"))
        #expect(try matches("substringof('[sauda:t:c:lead:1]', Комментарий)"))
        #expect(try matches("substringof('[sauda:t:c:lead:1]', Комментарий) eq true and not (DeletionMark eq true)"))
        #expect(try !matches("substringof('[sauda:t:c:lead:2]', Комментарий)"))
        #expect(try matches("Ref_Key eq guid'8A4C0000-0000-0000-0000-00000000000A'"))
        #expect(try matches("like(Телефон, '+7701%')"))
        #expect(try matches("Сумма gt 1000 and Сумма le 1500"))
        #expect(try matches("Комментарий ne 'O''Brien'"))
        #expect(OneCFilter.parse("Телефон eq") == nil)
        #expect(OneCFilter.parse("Ref_Key eq guid'nope'") == nil)
        #expect(OneCFilter.parse("substringof('a', Комментарий") == nil)
    }
}
