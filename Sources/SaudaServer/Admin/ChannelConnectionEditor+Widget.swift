import Foundation
import SaudaChannels
import SaudaCore
import SaudaStore

extension ChannelConnectionEditor {
    /// Makes a web-chat widget: a new id and public id, no secrets; `name` and `allowedOrigins` are required.
    /// - Throws: ``Refusal``, or what the database throws.
    func createWidget(_ change: ChannelConnectionChange, tenantID: String, now: Date) async throws -> Saved {
        var missing: [ConnectionProblem] = []
        if change.name == nil { missing.append(ConnectionProblem(field: "name", reason: "is required")) }
        if change.allowedOrigins == nil {
            missing.append(ConnectionProblem(field: "allowed_origins", reason: "is required: the sites whose pages may use the widget (https://shop.kz)"))
        }
        let (name, settings, state) = try Self.applyWidget(change, to: nil, missing: missing)
        let connection = ChannelConnection(id: ChannelConnection.newID(for: .webchat), tenantID: tenantID, provider: .webchat,
                                           name: name, publicID: ChannelConnection.newPublicID(), settings: settings,
                                           state: state ?? .active, createdAt: now, updatedAt: now)
        let details = try await database.transaction { sql -> ChannelConnectionDetails in
            guard try await ChannelConnectionRepository(sql).add(connection) else { throw Refusal.duplicateName(name) }
            return try await ChannelConnectionDetails.read(connection, in: sql)
        }
        return Saved(details: details, newWebhookSecret: nil)
    }

    /// The name, settings JSON and state `change` makes of the widget `connection` (a new one when `nil`).
    /// - Parameter missing: problems found before (required fields), reported with the others.
    /// - Throws: ``Refusal/invalid(_:)`` naming every field that breaks its rule (`WebChatWidgetSettings.problems`).
    static func applyWidget(_ change: ChannelConnectionChange, to connection: ChannelConnection?,
                            missing: [ConnectionProblem] = []) throws(Refusal) -> (name: String, settings: String, state: ConnectionState?) {
        var problems = missing
        let (name, state) = common(change, of: connection, problems: &problems)
        var settings = WebChatWidgetSettings()
        if let connection {
            if let stored = try? JSONDecoder().decode(WebChatWidgetSettings.self, from: Data(connection.settings.utf8)) {
                settings = stored
            } else if change.allowedOrigins == nil {
                // Unreadable stored settings (written by hand or by another version) are not replaced by the defaults
                // behind the change's back: that would forget the widget's sites.
                problems.append(ConnectionProblem(field: "settings", reason: "the stored settings do not read: give «allowed_origins» again with this change"))
            }
        }
        if let origins = change.allowedOrigins {
            if origins.isEmpty {
                problems.append(ConnectionProblem(field: "allowed_origins", reason: "must name at least one site (https://shop.kz)"))
            }
            // Stored as browsers write them (https://Shop.kz:443 → https://shop.kz), each once; a bad one is named below.
            var canonical: [String] = []
            for origin in origins {
                let written = (try? WebChatWidgetOrigin.canonical(origin).get()) ?? origin
                if !canonical.contains(written) { canonical.append(written) }
            }
            settings.allowedOrigins = canonical
            // The list as given counts: the same site twice is not a way past the limit.
            if origins.count > WebChatWidgetSettings.maxOrigins, canonical.count <= WebChatWidgetSettings.maxOrigins {
                problems.append(ConnectionProblem(field: "allowed_origins", reason: "\(origins.count) origins; at most \(WebChatWidgetSettings.maxOrigins)"))
            }
        }
        if let displayName = change.displayName { settings.displayName = displayName.isEmpty ? nil : displayName }
        if let accentColor = change.accentColor { settings.accentColor = accentColor }
        if let greeting = change.greeting { settings.greeting = greeting.isEmpty ? nil : greeting }
        if let text = change.position {
            if let position = WebChatWidgetSettings.Position(rawValue: text) { settings.position = position } else {
                problems.append(ConnectionProblem(field: "position", reason: "must be right or left"))
            }
        }
        if let text = change.language {
            if let language = WebChatWidgetSettings.Language(rawValue: text) { settings.language = language } else {
                problems.append(ConnectionProblem(field: "language", reason: "must be ru, kk or en"))
            }
        }
        problems += settings.problems.map(Self.problem)
        guard problems.isEmpty else { throw .invalid(InvalidConnection(problems)) }
        return (name, settings.json, state)
    }

    /// `field: reason`, as `WebChatWidgetSettings.problems` writes a problem, as a ``ConnectionProblem``.
    static func problem(_ text: String) -> ConnectionProblem {
        guard let colon = text.range(of: ": ") else { return ConnectionProblem(field: "settings", reason: text) }
        return ConnectionProblem(field: String(text[..<colon.lowerBound]), reason: String(text[colon.upperBound...]))
    }
}
