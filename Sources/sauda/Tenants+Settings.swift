import ArgumentParser
import Foundation
import SaudaAgent
import SaudaCore
import SaudaServer
import SaudaStore

extension Tenants {
    /// `sauda tenant show <id>`: a business's name, time zone and settings.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a business's settings (docs/businesses.md).")
        @Argument(help: "The tenant id.") var id: String

        func run() async throws {
            let defaults = BusinessSettings.installationDefaults(try CommandEnvironment.settings())
            let id = id
            let found = try await CommandEnvironment.withPreparedDatabase { database in
                try await database.read { sql -> (Tenant, StoredBusinessSettings?)? in
                    guard let tenant = try await TenantRepository(sql).find(id: id) else { return nil }
                    return (tenant, try await BusinessSettingsRepository(sql).find(tenantID: id))
                }
            }
            guard let (tenant, stored) = found else { throw ConfigurationError(message: "unknown tenant «\(id)»") }
            print(TenantSettingsText.describe(tenant: tenant, stored: stored, defaults: defaults))
        }
    }

    /// `sauda tenant set <id> …`: changes a business's name, time zone and settings; an option left out keeps its value.
    struct SetSettings: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a business's settings; options left out keep their values.")
        @Argument(help: "The tenant id.") var id: String
        @Option(help: "The business's name, as the bot calls it.") var name: String?
        @Option(help: "IANA time zone of its working hours.") var timeZone: String?
        @Option(help: "A short description of the business for the agent.") var description: String?
        @Option(help: "Working days and hours, e.g. \"mon-fri 10:00-18:00, sat 11:00-16:00\"; days not named are closed.")
        var workingHours: String?
        @Option(help: "A day off, yyyy-MM-dd; repeat for several. Replaces the holidays.") var holiday: [String] = []
        @Flag(help: "Remove every holiday.") var noHolidays = false
        @Option(help: "Languages of the agent, ISO 639-1, e.g. ru,kk.") var languages: String?
        @Option(help: "Follow-ups on or off.") var followUps: String?
        @Option(help: "Hours before each of the five follow-up touches, e.g. 24,72,168,336,720.") var followUpIntervals: String?
        @Option(help: "gemini, openai or offline; «default» for the installation's.") var modelProvider: String?
        @Option(help: "The model's name; «default» for the installation's.") var model: String?

        func validate() throws {
            if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone «\(timeZone)» is not an IANA time zone") }
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
            if !holiday.isEmpty, noHolidays { throw ValidationError("--holiday and --no-holidays exclude each other") }
            _ = try change()
        }

        /// The settings change the options ask for.
        /// - Throws: `ValidationError` naming the option that cannot be read.
        func change() throws -> BusinessSettingsChange {
            let options = BusinessSettingsOptions(description: description, workingHours: workingHours, holidays: holiday,
                                                  clearsHolidays: noHolidays, languages: languages, followUps: followUps,
                                                  followUpIntervals: followUpIntervals, modelProvider: modelProvider, model: model)
            do { return try options.change() } catch { throw ValidationError(error.description) }
        }

        func run() async throws {
            let installation = try CommandEnvironment.settings()
            let defaults = BusinessSettings.installationDefaults(installation)
            let (change, id, name, timeZone) = (try change(), id, name, timeZone)
            let profile = try await CommandEnvironment.withPreparedDatabase { database in
                let directory = BusinessDirectory(database: database, defaults: defaults, fallbackTimeZone: installation.timeZone)
                do {
                    return try await BusinessSettingsEditor(database: database, businesses: directory)
                        .apply(change, name: name, timeZone: timeZone, to: id)
                } catch let refusal as BusinessSettingsEditor.Refusal {
                    throw ConfigurationError(message: Self.message(refusal))
                }
            }
            let stored = StoredBusinessSettings(settings: profile.settings, revision: profile.revision, updatedAt: profile.updatedAt ?? Date())
            print(TenantSettingsText.describe(tenant: profile.tenant, stored: stored, defaults: defaults))
        }

        /// What the command says when the change is refused, naming the option.
        static func message(_ refusal: BusinessSettingsEditor.Refusal) -> String {
            switch refusal {
            case .unknownBusiness(let id): "unknown tenant «\(id)»"
            case .unknownTimeZone(let zone): "--time-zone «\(zone)» is not an IANA time zone"
            case .emptyName: "--name must not be empty"
            case .invalid(let error): error.problems.map { "\(BusinessSettingsOptions.option(for: $0.field)): \($0.reason)" }.joined(separator: "\n")
            case .staleRevision: "the settings were changed meanwhile by someone else; run the command again"
            }
        }
    }
}
