import Foundation
import Hummingbird
import NIOCore
import SaudaCore

extension AmoSimulator {
    // MARK: account and pipelines

    func account(_ base: String) -> JSONValue {
        ["id": .number(Double(accountID)), "name": "Sauda Simulated", "subdomain": .string(subdomain), "created_at": 1_700_000_000,
         "created_by": .number(Double(Self.userID)), "updated_at": 1_700_000_000, "updated_by": .number(Double(Self.userID)),
         "current_user_id": .number(Double(Self.userID)), "country": "KZ", "currency": "KZT", "currency_symbol": "₸",
         "customers_mode": "disabled", "is_unsorted_on": true, "mobile_feature_version": 0, "is_loss_reason_enabled": true,
         "is_helpbot_enabled": false, "is_technical_account": false, "contact_name_display_order": 1,
         "_links": ["self": ["href": .string("\(base)/api/v4/account")]]]
    }

    func pipelines(_ base: String) -> JSONValue {
        let statuses: [JSONValue] = Self.statuses.enumerated().map { index, status in
            ["id": .number(Double(status.id)), "name": .string(status.name), "sort": .number(Double((index + 1) * 10)),
             "is_editable": .bool(status.id != 142 && status.id != 143), "pipeline_id": .number(Double(Self.pipelineID)),
             "color": "#99ccff", "type": .number(Double(status.type)), "account_id": .number(Double(accountID)),
             "_links": ["self": ["href": .string("\(base)/api/v4/leads/pipelines/\(Self.pipelineID)/statuses/\(status.id)")]]]
        }
        let pipeline: JSONValue = [
            "id": .number(Double(Self.pipelineID)), "name": "Воронка", "sort": 1, "is_main": true, "is_unsorted_on": true,
            "is_archive": false, "account_id": .number(Double(accountID)),
            "_links": ["self": ["href": .string("\(base)/api/v4/leads/pipelines/\(Self.pipelineID)")]],
            "_embedded": ["statuses": .array(statuses)],
        ]
        return ["_total_items": 1, "_links": ["self": ["href": .string("\(base)/api/v4/leads/pipelines")]],
                "_embedded": ["pipelines": [pipeline]]]
    }

    // MARK: answers (problem+json, HAL, the 429 page)

    static func invalidReply(_ errors: [Invalid]) -> Reply {
        let grouped = Dictionary(grouping: errors, by: \.requestID).sorted { $0.key < $1.key }.map { requestID, errors -> JSONValue in
            ["request_id": .string(requestID), "errors": .array(errors.map {
                ["code": .string($0.code), "path": .string($0.path), "detail": .string($0.detail)]
            })]
        }
        return Reply(status: 400, body: ["validation-errors": .array(grouped), "title": "Bad Request", "type": "https://httpstatus.es/400",
                                         "status": 400, "detail": "Request validation failed"])
    }

    static func notFoundReply() -> Reply {
        Reply(status: 404, body: problemBody(404, "Not Found", "Not found"))
    }

    static func problemBody(_ status: Int, _ title: String, _ detail: String) -> JSONValue {
        ["title": .string(title), "type": .string("https://httpstatus.es/\(status)"), "status": .number(Double(status)), "detail": .string(detail)]
    }

    static func problem(_ status: Int, _ title: String, _ detail: String) -> Response {
        problemResponse(status, problemBody(status, title, detail))
    }

    static func problemResponse(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/problem+json"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    /// amoCRM's 429: a page that is not JSON.
    static func tooManyRequests() -> Response {
        Response(status: .tooManyRequests, headers: [.contentType: "text/html"],
                 body: .init(byteBuffer: ByteBuffer(string: "<html><head><title>429 Too Many Requests</title></head><body><center><h1>429 Too Many Requests</h1></center></body></html>\n")))
    }

    static func fault(_ status: Int) -> Response {
        switch status {
        case 429: tooManyRequests()
        case 401: problem(401, "Unauthorized", "Неверный логин или пароль")
        case 402: problem(402, "Payment Required", "Account is blocked: payment required")
        case 403: problem(403, "Forbidden", "Access denied")
        case 404: problem(404, "Not Found", "Not found")
        default: problem(status, status == 503 ? "Service Unavailable" : "Internal Server Error", "Server error")
        }
    }

    static func hal(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/hal+json"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    static func json(_ status: Int, _ body: JSONValue) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }

    static func jsonBody(_ request: Request) async throws -> JSONValue? {
        let bytes = try await request.body.collect(upTo: 1 << 20)
        guard bytes.readableBytes > 0 else { return nil }
        return try? JSONValue.parse(Data(bytes.readableBytesView))
    }

    /// A query (or a form) decoded: `+` is a space.
    static func formQuery(_ query: String) -> [String: [String]] {
        var parameters: [String: [String]] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let name = parts.first, !name.isEmpty else { continue }
            parameters[name, default: []].append(parts.count > 1 ? parts[1] : "")
        }
        return parameters
    }
}
