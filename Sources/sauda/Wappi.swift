import ArgumentParser
import AsyncHTTPClient
import Foundation
import SaudaChannelWappi
import SaudaChannels
import SaudaCore
import SaudaServer

/// `sauda wappi status|set-webhook`: the default tenant's WhatsApp number on Wappi.
struct Wappi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The WhatsApp number on Wappi (WAPPI_TOKEN, WAPPI_PROFILE_ID, WAPPI_WEBHOOK_SECRET).",
        subcommands: [Status.self, SetWebhook.self])

    static func client() throws -> (WappiClient, WhatsAppSettings) {
        let settings = try CommandEnvironment.settings()
        let logger = CommandEnvironment.bootstrapLogging(settings)
        guard let whatsapp = settings.whatsapp else {
            throw ConfigurationError(message: "WAPPI_TOKEN, WAPPI_PROFILE_ID and WAPPI_WEBHOOK_SECRET are not set")
        }
        let profile = WappiProfile(baseURL: whatsapp.baseURL, token: whatsapp.token, profileID: whatsapp.profileID)
        return (WappiClient(profile: profile, http: .shared, logger: logger), whatsapp)
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show whether the number is connected and paid.")

        func run() async throws {
            let (client, _) = try Wappi.client()
            do {
                let status = try await client.status()
                print("app_status: \(status.appStatus ?? "?"), authorized: \(status.authorized), phone: \(status.phone ?? "?"), "
                      + "paid until: \(status.paymentExpiredAt ?? "?")")
            } catch {
                throw ConfigurationError(message: "Wappi refused: \(error)")
            }
        }
    }

    struct SetWebhook: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-webhook",
            abstract: "Point the number's webhook at this server and choose the event types Sauda handles.")

        @Argument(help: "The server's public address, e.g. https://sauda.example.kz (the path is added).") var publicURL: String

        func validate() throws {
            guard let url = URL(string: publicURL), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw ValidationError("«\(publicURL)» is not an http(s) address such as https://sauda.example.kz")
            }
        }

        func run() async throws {
            let (client, whatsapp) = try Wappi.client()
            let base = publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
            let url = "\(base)/webhooks/wappi/\(Tenant.defaultID)/\(whatsapp.webhookSecret)"
            do {
                try await client.setWebhook(url: url)
                try await client.setWebhookTypes(WappiClient.webhookTypes)
            } catch {
                throw ConfigurationError(message: "Wappi refused: \(error)")
            }
            print("webhook set to \(base)/webhooks/wappi/\(Tenant.defaultID)/… with types \(WappiClient.webhookTypes.joined(separator: ", "))")
            print("set WAPPI_INBOUND=webhook so that Sauda stops polling")
        }
    }
}
