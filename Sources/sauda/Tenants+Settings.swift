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
                try await database.read { sql -> (Tenant, StoredBusinessSettings?, StoredSecret?)? in
                    guard let tenant = try await TenantRepository(sql).find(id: id) else { return nil }
                    return (tenant, try await BusinessSettingsRepository(sql).find(tenantID: id),
                            try await SecretRepository(sql).find(tenantID: id, name: BusinessProfile.modelAPIKeySecretName))
                }
            }
            guard let (tenant, stored, key) = found else { throw ConfigurationError(message: "unknown tenant «\(id)»") }
            print(TenantSettingsText.describe(tenant: tenant, stored: stored, defaults: defaults))
            print("model API key: " + (key.map { "its own (\($0.hint))" } ?? "the installation's"))
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
        @Option(name: .customLong("model-api-key-file"),
                help: "A file holding the business's own API key for its model provider («-»: standard input); sealed, never shown.")
        var modelAPIKeyFile: String?
        @Flag(name: .customLong("no-model-api-key"), help: "Remove the business's own model API key (the installation's is used).")
        var noModelAPIKey = false

        func validate() throws {
            if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone «\(timeZone)» is not an IANA time zone") }
            if let name, name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
            if !holiday.isEmpty, noHolidays { throw ValidationError("--holiday and --no-holidays exclude each other") }
            if modelAPIKeyFile != nil, noModelAPIKey { throw ValidationError("--model-api-key-file and --no-model-api-key exclude each other") }
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
            let (change, id, name, timeZone, modelKey) = (try change(), id, name, timeZone, try modelKeyChange())
            let sealer = modelKey == nil ? nil : try Self.sealer(installation)
            let profile = try await CommandEnvironment.withPreparedDatabase { database in
                let directory = BusinessDirectory(database: database, defaults: defaults, fallbackTimeZone: installation.timeZone)
                do {
                    return try await BusinessSettingsEditor(database: database, businesses: directory, secrets: sealer)
                        .apply(change, name: name, timeZone: timeZone, modelKey: modelKey, to: id)
                } catch let refusal as BusinessSettingsEditor.Refusal {
                    throw ConfigurationError(message: Self.message(refusal))
                }
            }
            let stored = StoredBusinessSettings(settings: profile.settings, revision: profile.revision, updatedAt: profile.updatedAt ?? Date())
            print(TenantSettingsText.describe(tenant: profile.tenant, stored: stored, defaults: defaults))
            if let key = profile.modelAPIKey { print("model API key: its own (\(key.hint))") }
        }

        /// The sealer of the installation's master key (the key file is made when there is none, as a first start does).
        static func sealer(_ installation: SaudaSettings) throws -> SecretSealer {
            let source = MasterKeySource.resolve(installation)
            do {
                return try source.sealer(creatingFile: true).sealer
            } catch {
                throw ConfigurationError(message: "--model-api-key-file: \(error.message)")
            }
        }

        /// The change of the business's own model key the options ask for: the key read from the file (one line, its
        /// line break dropped), its removal, or none.
        /// - Throws: `ValidationError` naming the option when the file cannot be read or the key breaks its rules.
        func modelKeyChange() throws -> BusinessSettingsEditor.ModelKeyChange? {
            if noModelAPIKey { return .remove }
            guard let path = modelAPIKeyFile else { return nil }
            let data: Data
            if path == "-" {
                data = FileHandle.standardInput.readDataToEndOfFile()
            } else {
                guard let read = FileManager.default.contents(atPath: path) else {
                    throw ValidationError("--model-api-key-file: cannot read \(path)")
                }
                data = read
            }
            let key = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if let problem = BusinessSettingsEditor.modelKeyProblem(key) { throw ValidationError("--model-api-key-file: the key \(problem)") }
            return .set(key)
        }

        /// What the command says when the change is refused, naming the option.
        static func message(_ refusal: BusinessSettingsEditor.Refusal) -> String {
            switch refusal {
            case .unknownBusiness(let id): "unknown tenant «\(id)»"
            case .unknownTimeZone(let zone): "--time-zone «\(zone)» is not an IANA time zone"
            case .emptyName: "--name must not be empty"
            case .invalid(let error): error.problems.map { "\(BusinessSettingsOptions.option(for: $0.field)): \($0.reason)" }.joined(separator: "\n")
            case .staleRevision: "the settings were changed meanwhile by someone else; run the command again"
            case .invalidModelKey(let reason): "--model-api-key-file: the key \(reason)"
            case .modelKeyNotStored(let reason): "--model-api-key-file: the key cannot be stored: \(reason)"
            }
        }
    }
}
