import ArgumentParser
import Foundation
import Logging
import SaudaChannelWappi
import SaudaCore
import SaudaServer
import SaudaStore

extension Channels {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect a WhatsApp number through Wappi, a Telegram bot (--telegram), or make a web-chat widget (--widget).",
            discussion: """
                Prints a WhatsApp connection's webhook address once: give it to Wappi (sauda wappi is the older single-number way) \
                or keep it. A widget (--widget --name NAME --origin https://shop.kz) prints the snippet to paste into the site. \
                A Telegram bot (--telegram --name NAME --token-file FILE) is checked with Telegram's getMe; it polls unless \
                PUBLIC_URL is set (--inbound webhook|polling chooses).
                """)
        @OptionGroup var business: TenantOption
        @OptionGroup var settings: SettingsOptions
        @Flag(help: "Make a web-chat widget instead of a WhatsApp connection.") var widget = false
        @Flag(help: "Connect a Telegram bot (its token from @BotFather in --token-file) instead of a WhatsApp number.") var telegram = false
        @OptionGroup var widgetSettings: WidgetOptions
        @OptionGroup var site: PublicURLOption
        @Flag(help: "Make it paused (it starts when resumed).") var paused = false

        func validate() throws {
            guard settings.name != nil else { throw ValidationError("--name is required") }
            if widget && telegram { throw ValidationError("--widget and --telegram exclude each other") }
            if widget {
                guard !widgetSettings.origin.isEmpty else { throw ValidationError("--origin is required with --widget (a site such as https://shop.kz)") }
                let wappiOnly = [("--profile-id", settings.profileID != nil), ("--token-file", settings.tokenFile != nil),
                                 ("--base-url", settings.baseURL != nil), ("--inbound", settings.inbound != nil),
                                 ("--polling-interval", settings.pollingInterval != nil), ("--sends-per-minute", settings.sendsPerMinute != nil),
                                 ("--human-pause-minutes", settings.humanPauseMinutes != nil)].filter { $0.1 }.map { $0.0 }
                if let option = wappiOnly.first { throw ValidationError("\(option) is a WhatsApp connection's option; a widget does not take it") }
                return
            }
            if let option = widgetSettings.given.first { throw ValidationError("\(option) is a web-chat widget's option: add --widget") }
            if telegram {
                let whatsAppOnly = [("--profile-id", settings.profileID != nil), ("--polling-interval", settings.pollingInterval != nil),
                                    ("--sends-per-minute", settings.sendsPerMinute != nil)].filter { $0.1 }.map { $0.0 }
                if let option = whatsAppOnly.first { throw ValidationError("\(option) is a WhatsApp connection's option; a Telegram bot does not take it") }
                guard settings.tokenFile != nil else { throw ValidationError("--token-file is required (a file holding the bot's token, or - for standard input)") }
                return
            }
            guard settings.profileID != nil else { throw ValidationError("--profile-id is required") }
            guard settings.tokenFile != nil else { throw ValidationError("--token-file is required (a file, or - for standard input)") }
        }

        func run() async throws {
            let (change, tenant) = (try settings.change(widgetSettings, state: paused ? "paused" : nil), business.tenant)
            let provider: ChannelProvider = widget ? .webchat : telegram ? .telegram : .wappi
            let saved = try await Channels.withEditor { editor, _, _ in try await editor.create(change, provider: provider, tenantID: tenant) }
            print(Channels.describe(saved.details, publicURL: site.publicURL))
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                print("webhook path (shown only now): \(path)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a business's channel connections (tokens shown as hints, widgets with their snippet).")
        @OptionGroup var business: TenantOption
        @OptionGroup var site: PublicURLOption

        func run() async throws {
            let tenant = business.tenant
            let connections = try await Channels.withEditor { editor, _, _ in try await editor.list(tenantID: tenant) }
            if connections.isEmpty { print("\(tenant) has no channel connections") }
            for details in connections { print(Channels.describe(details, publicURL: site.publicURL)) }
        }
    }

    struct SetConnection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a connection; options left out keep their values.")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id (see sauda channel list).") var id: String
        @OptionGroup var settings: SettingsOptions
        @OptionGroup var widgetSettings: WidgetOptions
        @OptionGroup var site: PublicURLOption
        @Flag(help: "Make a new webhook secret; the old webhook address stops working.") var rotateWebhookSecret = false

        func run() async throws {
            let (change, tenant, id) = (try settings.change(widgetSettings, rotate: rotateWebhookSecret), business.tenant, id)
            guard !change.isEmpty else { throw ValidationError("nothing to change: give an option such as --name, --token-file or --origin") }
            let saved = try await Channels.withEditor { editor, _, _ in try await editor.update(change, id: id, tenantID: tenant) }
            print(Channels.describe(saved.details, publicURL: site.publicURL))
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                print("new webhook path (shown only now): \(path)")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause a connection: the number neither polls, takes webhooks nor sends; a widget shows a closed chat.")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id.") var id: String

        func run() async throws { try await Channels.setState("paused", id: id, tenant: business.tenant) }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a paused connection.")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id.") var id: String

        func run() async throws { try await Channels.setState("active", id: id, tenant: business.tenant) }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a connection (and a WhatsApp one's sealed token and webhook secret).")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id.") var id: String

        func run() async throws {
            let (tenant, id) = (business.tenant, id)
            try await Channels.withEditor { editor, _, _ in try await editor.remove(id: id, tenantID: tenant) }
            print("\(id) removed from \(tenant)")
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask Wappi for the number's status with the stored token; the answer is recorded on the connection.")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id.") var id: String

        func run() async throws {
            let (tenant, id) = (business.tenant, id)
            // The logging system is set up once, by withEditor: a logger made inside it writes through it.
            let check = try await Channels.withEditor { _, database, sealer in
                try await WappiConnectionCalls(database: database, secrets: sealer, logger: Logger(label: "sauda.channel"))
                    .check(id: id, tenantID: tenant)
            }
            if let status = check.status {
                print("authorized: \(status.authorized), app_status: \(status.appStatus ?? "?"), phone: \(status.phone ?? "?"), "
                      + "paid until: \(status.paymentExpiredAt ?? "?")")
            }
            if let error = check.error { throw ConfigurationError(message: "Wappi refused: \(error)") }
            if !check.ready { throw ConfigurationError(message: "the number is not logged in to WhatsApp: scan the QR code in the Wappi cabinet") }
        }
    }

    static func setState(_ state: String, id: String, tenant: String) async throws {
        let saved = try await withEditor { editor, _, _ in try await editor.update(ChannelConnectionChange(state: state), id: id, tenantID: tenant) }
        print(describe(saved.details))
    }
}
