import ArgumentParser
import Foundation
import SaudaChannelTelegram
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer
import SaudaStore

/// `sauda channel add|list|set|pause|resume|remove|check`: a business's channel connections (WhatsApp numbers through
/// Wappi, web-chat widgets), through the same ``ChannelConnectionEditor`` as the admin API and the console
/// (docs/channels.md).
struct Channels: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channel",
        abstract: "Manage a business's channel connections (WhatsApp numbers through Wappi, web-chat widgets).",
        discussion: """
            API tokens are read from a file (--token-file PATH) or standard input (--token-file -), never from an argument. \
            A web-chat widget is made with add --widget and its --origin, --display-name, --accent-color, --greeting, --position \
            and --language options.
            """,
        subcommands: [Add.self, List.self, SetConnection.self, Pause.self, Resume.self, Remove.self, Check.self])

    /// The business the command works on.
    struct TenantOption: ParsableArguments {
        @Option(help: "Tenant id.") var tenant = Tenant.defaultID
    }

    /// The WhatsApp settings an `add` or a `set` may give.
    struct SettingsOptions: ParsableArguments {
        @Option(help: "The connection's name within the business, e.g. \"Main WhatsApp\".") var name: String?
        @Option(help: "The profile id in the Wappi cabinet, e.g. e10f170a-f36a.") var profileID: String?
        @Option(help: "Wappi's API root (default https://wappi.pro).") var baseURL: String?
        @Option(help: "How messages come in: webhook or polling.") var inbound: String?
        @Option(help: "Seconds between polls when polling (1-3600).") var pollingInterval: Int?
        @Option(help: "Most messages the number sends in a minute (1-10000).") var sendsPerMinute: Int?
        @Option(help: "Minutes the bot stays silent in a chat after the owner wrote from the phone (1-100000).") var humanPauseMinutes: Int?
        @Option(help: "A file holding the Wappi API token, or - for standard input.") var tokenFile: String?

        /// The change the options ask for, with the token read and the widget's options added.
        /// - Throws: `ValidationError` naming `--token-file` when it cannot be read.
        func change(_ widget: WidgetOptions, state: String? = nil, rotate: Bool = false) throws -> ChannelConnectionChange {
            ChannelConnectionChange(name: name, profileID: profileID, baseURL: baseURL, inbound: inbound, pollingIntervalSeconds: pollingInterval,
                                    sendsPerMinute: sendsPerMinute, humanPauseMinutes: humanPauseMinutes, state: state,
                                    token: try tokenFile.map(Channels.readToken), rotateWebhookSecret: rotate,
                                    allowedOrigins: widget.origin.isEmpty ? nil : widget.origin, displayName: widget.displayName,
                                    accentColor: widget.accentColor, greeting: widget.greeting, position: widget.position, language: widget.language)
        }
    }

    /// The web-chat widget's settings an `add --widget` or a `set` may give.
    struct WidgetOptions: ParsableArguments {
        @Option(help: "A site whose pages may use the widget, e.g. https://shop.kz (repeat for each; set replaces the list).") var origin: [String] = []
        @Option(help: "The name the widget shows (\"\" shows the business's name).") var displayName: String?
        @Option(help: "The colour of the button and the header, #RRGGBB.") var accentColor: String?
        @Option(help: "The first words a visitor reads (\"\" for the usual greeting).") var greeting: String?
        @Option(help: "The corner of the button: right or left.") var position: String?
        @Option(help: "The language of the widget's own words: ru, kk or en.") var language: String?

        /// The options given that only a widget takes, as the user wrote them.
        var given: [String] {
            [("--origin", !origin.isEmpty), ("--display-name", displayName != nil), ("--accent-color", accentColor != nil),
             ("--greeting", greeting != nil), ("--position", position != nil), ("--language", language != nil)].filter { $0.1 }.map { $0.0 }
        }
    }

    /// Where customers' browsers reach the server, for a widget's snippet (there is no setting of it).
    struct PublicURLOption: ParsableArguments {
        @Option(help: "Where customers' browsers reach this server, for a widget's snippet (https://sauda.example.kz).")
        var publicURL = "http://127.0.0.1:8080"

        func validate() throws {
            guard WappiConnectionRules.baseURLProblem(publicURL) == nil else {
                throw ValidationError("--public-url must be an http(s) address such as https://sauda.example.kz (a host, an optional port and path)")
            }
        }
    }

    /// Reads a token from `path`, or standard input for `-`, without the line break after it.
    static func readToken(_ path: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let read = FileManager.default.contents(atPath: path) else { throw ValidationError("--token-file «\(path)» cannot be read") }
            data = read
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
        guard !token.isEmpty else { throw ValidationError("--token-file \(path == "-" ? "- (standard input)" : "«\(path)»") is empty") }
        return token
    }

    /// The option that sets an API field, for a refusal's message.
    static let options = ["name": "--name", "profile_id": "--profile-id", "base_url": "--base-url", "inbound": "--inbound",
                          "polling_interval_seconds": "--polling-interval", "sends_per_minute": "--sends-per-minute",
                          "human_pause_minutes": "--human-pause-minutes", "token": "--token-file", "state": "the state",
                          "rotate_webhook_secret": "--rotate-webhook-secret", "allowed_origins": "--origin", "display_name": "--display-name",
                          "accent_color": "--accent-color", "greeting": "--greeting", "position": "--position", "language": "--language"]

    /// The option of an API field, an entry of a list (`allowed_origins[1]`) named by its list's option.
    static func option(_ field: String) -> String {
        let list = field.split(separator: "[").first.map(String.init) ?? field
        return options[field] ?? options[list] ?? field
    }

    /// What the command says when the editor refuses, naming the options.
    static func message(_ refusal: ChannelConnectionEditor.Refusal) -> String {
        switch refusal {
        case .invalid(let invalid):
            invalid.problems.map { "\(option($0.field)) \($0.reason)" }.joined(separator: "; ")
        case .notFound(let id): "the business has no channel connection «\(id)» (see sauda channel list)"
        case .duplicateName(let name): "--name: the business already has a connection named «\(name)»"
        case .notWhatsApp(let provider): "the connection is a \(provider.rawValue) one: only a WhatsApp connection is checked at Wappi"
        case .secretsUnavailable(let reason): "the token cannot be sealed or opened: \(reason)"
        }
    }

    /// Runs `body` with an editor on the configured database.
    static func withEditor<T: Sendable>(_ body: @escaping @Sendable (ChannelConnectionEditor, any Database, SecretSealer) async throws -> T) async throws -> T {
        let settings = try CommandEnvironment.settings()
        let sealer: SecretSealer
        do { sealer = try MasterKeySource.resolve(settings).sealer(creatingFile: true).sealer } catch {
            throw ConfigurationError(message: error.message)
        }
        return try await CommandEnvironment.withPreparedDatabase { database in
            do { return try await body(ChannelConnectionEditor(database: database, secrets: sealer, settings: settings), database, sealer) } catch let refusal as ChannelConnectionEditor.Refusal {
                throw ConfigurationError(message: message(refusal))
            }
        }
    }

    /// One connection as a line or two of text; a widget's snippet with its script at `publicURL`.
    static func describe(_ details: ChannelConnectionDetails, publicURL: String? = nil) -> String {
        let connection = details.connection
        var lines = ["\(connection.id)  \(connection.provider.rawValue)  «\(connection.name)»  \(connection.state.rawValue)"]
        if let wappi = details.wappi {
            lines.append("  profile \(wappi.profileID) at \(wappi.baseURL), \(wappi.inbound.rawValue)"
                         + (wappi.inbound == .polling ? " every \(wappi.pollingIntervalSeconds) s" : "")
                         + ", \(wappi.sendsPerMinute) sends a minute, \(wappi.humanPauseMinutes) min pause after the owner")
            lines.append("  token \(details.token?.hint ?? "not set"); webhook \(details.webhookPath() ?? "")")
        }
        if let bot = details.telegram {
            lines.append("  bot @\(bot.username) (\(bot.botID)) at \(bot.baseURL), \(bot.inbound.rawValue), \(bot.humanPauseMinutes) min pause after the owner")
            lines.append("  token \(details.token?.hint ?? "not set"); webhook \(details.webhookPath() ?? "")")
        }
        if let widget = details.widget {
            lines.append("  public id \(connection.publicID); origins \(widget.allowedOrigins.joined(separator: ", ")); "
                         + "\(widget.position.rawValue), \(widget.language.rawValue), \(widget.accentColor)"
                         + (widget.displayName.map { ", shown as «\($0)»" } ?? ""))
            if let publicURL, let snippet = details.widgetSnippet(baseURL: publicURL) { lines.append("  snippet: \(snippet)") }
        }
        if let error = connection.lastError { lines.append("  last error: \(error)") }
        return lines.joined(separator: "\n")
    }
}
