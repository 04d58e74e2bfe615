import ArgumentParser
import Foundation
import SaudaChannelWappi
import SaudaCore
import SaudaServer
import SaudaStore

extension Channels {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Connect a WhatsApp number through Wappi.",
            discussion: "Prints the webhook address once: give it to Wappi (sauda wappi is the older single-number way) or keep it.")
        @OptionGroup var business: TenantOption
        @OptionGroup var settings: SettingsOptions
        @Flag(help: "Make it paused (it starts when resumed).") var paused = false

        func validate() throws {
            guard settings.name != nil else { throw ValidationError("--name is required") }
            guard settings.profileID != nil else { throw ValidationError("--profile-id is required") }
            guard settings.tokenFile != nil else { throw ValidationError("--token-file is required (a file, or - for standard input)") }
        }

        func run() async throws {
            let (change, tenant) = (try settings.change(state: paused ? "paused" : nil), business.tenant)
            let saved = try await Channels.withEditor { editor, _, _ in try await editor.create(change, tenantID: tenant) }
            print(Channels.describe(saved.details))
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                print("webhook path (shown only now): \(path)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a business's channel connections (tokens shown as hints).")
        @OptionGroup var business: TenantOption

        func run() async throws {
            let tenant = business.tenant
            let connections = try await Channels.withEditor { editor, _, _ in try await editor.list(tenantID: tenant) }
            if connections.isEmpty { print("\(tenant) has no channel connections") }
            for details in connections { print(Channels.describe(details)) }
        }
    }

    struct SetConnection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a connection; options left out keep their values.")
        @OptionGroup var business: TenantOption
        @Argument(help: "The connection id (see sauda channel list).") var id: String
        @OptionGroup var settings: SettingsOptions
        @Flag(help: "Make a new webhook secret; the old webhook address stops working.") var rotateWebhookSecret = false

        func run() async throws {
            let (change, tenant, id) = (try settings.change(rotate: rotateWebhookSecret), business.tenant, id)
            guard !change.isEmpty else { throw ValidationError("nothing to change: give an option such as --name or --token-file") }
            let saved = try await Channels.withEditor { editor, _, _ in try await editor.update(change, id: id, tenantID: tenant) }
            print(Channels.describe(saved.details))
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                print("new webhook path (shown only now): \(path)")
            }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a connection: the number neither polls, takes webhooks nor sends.")
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
        static let configuration = CommandConfiguration(abstract: "Remove a connection and its sealed token and webhook secret.")
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
            let logger = CommandEnvironment.bootstrapLogging(try CommandEnvironment.settings())
            let check = try await Channels.withEditor { _, database, sealer in
                try await WappiConnectionCalls(database: database, secrets: sealer, logger: logger).check(id: id, tenantID: tenant)
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
