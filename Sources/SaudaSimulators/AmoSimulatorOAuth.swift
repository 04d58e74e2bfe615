import AsyncHTTPClient
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import SaudaCore
import Synchronization

extension AmoSimulator {
    /// `POST /oauth2/access_token` (JSON or a form): `authorization_code` (a code works once) or `refresh_token` (a
    /// refresh token works once: the refresh kills it and gives a new pair; the access tokens issued before still work
    /// until they expire).
    func token(_ request: Request) async throws -> Response {
        state.withLock { state in
            state.requestCount += 1
            state.log.append("POST /oauth2/access_token")
        }
        guard admit() else { return Self.tooManyRequests() }
        let bytes = try await request.body.collect(upTo: 1 << 16)
        let text = String(decoding: bytes.readableBytesView, as: UTF8.self)
        let fields: [String: String]
        if let object = (try? JSONValue.parse(text))?.objectValue {
            fields = object.compactMapValues { $0.stringValue ?? $0.numberValue.map { String(Int($0)) } }
        } else {
            fields = Self.formQuery(text).compactMapValues(\.first)
        }
        guard fields["client_id"] == clientID, fields["client_secret"] == clientSecret else {
            return Self.oauthProblem(401, "Client authentication failed")
        }
        let pair: (accessToken: String, refreshToken: String)? = state.withLock { state in
            switch fields["grant_type"] {
            case "refresh_token":
                guard let token = fields["refresh_token"], state.refreshTokens.remove(token) != nil else { return nil }
                state.refreshes += 1
                return Self.newPair(&state)
            case "authorization_code":
                guard let code = fields["code"], state.authorizationCodes.remove(code) != nil else { return nil }
                return Self.newPair(&state)
            default:
                return nil
            }
        }
        guard let pair else {
            let hint = switch fields["grant_type"] {
            case "refresh_token": "Token has been revoked"
            case "authorization_code": "Authorization code has been revoked"
            default: "The authorization grant type is not supported by the authorization server."
            }
            return Self.oauthProblem(400, hint)
        }
        return Self.json(200, ["token_type": "Bearer", "expires_in": 86_400, "access_token": .string(pair.accessToken),
                               "refresh_token": .string(pair.refreshToken)])
    }

    static func oauthProblem(_ status: Int, _ hint: String) -> Response {
        problemResponse(status, ["hint": .string(hint), "title": "Некорректный запрос", "type": "https://developers.amocrm.ru/v3/errors/OAuthProblemJson",
                                 "status": .number(Double(status)), "detail": "В запросе отсутствует ряд параметров или параметры невалидны"])
    }

    /// Moves a lead to `statusID` (as a manager would) and returns the form amoCRM's `status_lead` webhook would send;
    /// `nil` when there is no such lead or status.
    public func moveLead(_ leadID: Int, toStatus statusID: Int) -> String? {
        state.withLock { state -> String? in
            guard var lead = state.leads[leadID], Self.statuses.contains(where: { $0.id == statusID }) else { return nil }
            let old = Self.int(lead["status_id"]) ?? 0
            let pipeline = Self.int(lead["pipeline_id"]) ?? Self.pipelineID
            let now = JSONValue.number(Date().timeIntervalSince1970.rounded(.down))
            lead["status_id"] = .number(Double(statusID))
            lead["updated_at"] = now
            if statusID == 142 || statusID == 143 { lead["closed_at"] = now }
            state.leads[leadID] = lead
            let fields: [(String, String)] = [
                ("leads[status][0][id]", String(leadID)), ("leads[status][0][status_id]", String(statusID)),
                ("leads[status][0][pipeline_id]", String(pipeline)), ("leads[status][0][old_status_id]", String(old)),
                ("leads[status][0][old_pipeline_id]", String(pipeline)), ("account[id]", String(accountID)),
                ("account[subdomain]", subdomain),
            ]
            return fields.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        }
    }

    /// `POST /_simulator/webhooks/status {"destination", "lead_id", "status_id"}`: moves the lead and posts the webhook.
    func emitStatusWebhook(_ body: JSONValue) async -> Response {
        guard let destination = body["destination"]?.stringValue, let leadID = Self.int(body["lead_id"]),
              let statusID = Self.int(body["status_id"]) else {
            return Self.json(400, ["error": "give destination, lead_id and status_id"])
        }
        guard let form = moveLead(leadID, toStatus: statusID) else { return Self.json(404, ["error": "no such lead or status"]) }
        var request = HTTPClientRequest(url: destination)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: form))
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            return Self.json(200, ["delivered": .number(Double(response.status.code)), "body": .string(form)])
        } catch {
            return Self.json(502, ["error": .string("\(error)"), "body": .string(form)])
        }
    }

    /// Percent-encodes a form part as amoCRM does (brackets too).
    static func formEncode(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
