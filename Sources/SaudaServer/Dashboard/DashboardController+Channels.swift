import Foundation
import Hummingbird
import Logging
import SaudaChannelWappi
import SaudaCore
import SaudaStore

/// What the console's channels page changes and calls through: the same editor and Wappi calls as the admin API.
struct ChannelConsoleParts: Sendable {
    /// Makes, changes and removes connections.
    let editor: ChannelConnectionEditor
    /// Checks a number and registers its webhook.
    let calls: WappiConnectionCalls
}

extension DashboardController {
    @Sendable func channelList(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let done = Self.query(request)["done"]
        let flash: HTML = switch done ?? "" {
        case "removed": ConsoleLayout.flash(context.page.t(.channelRemoved))
        case "paused": ConsoleLayout.flash(context.page.t(.channelPaused))
        case "active": ConsoleLayout.flash(context.page.t(.channelResumed))
        default: ""
        }
        return try await channelsPage(request, context, flash: flash, editing: context.page.may(.admin) ? Self.query(request).nonEmpty("edit") : nil)
    }

    /// Connects a WhatsApp number from the form, whose answer shows its webhook address once, or makes a web-chat widget
    /// (`provider=webchat`), whose answer is its page with the snippet.
    @Sendable func addChannel(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let form = try await Self.form(request, limit: 16_384)
        let parts = try channelParts()
        if form["provider"] == ChannelProvider.webchat.rawValue { return try await addWidget(request, context, form: form) }
        let telegram = form["provider"] == ChannelProvider.telegram.rawValue
        do {
            let saved = try await parts.editor.create(telegram ? TelegramForm.change(form, keepsEmptyToken: false) : Self.channelChange(form, keepsEmptyToken: false),
                                                      provider: telegram ? .telegram : .wappi, tenantID: context.tenantID)
            logger.info("channel connection made in the console", metadata: ["tenant": "\(context.tenantID)", "connection": "\(saved.details.connection.id)",
                                                                             "by": "\(context.page.principal.name)"])
            var flash = context.page.t(.channelMade, saved.details.connection.name)
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                flash += " " + context.page.t(.channelWebhookOnce, (DashboardController.origin(request) ?? "") + path)
            }
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(flash), editing: nil)
        } catch let refusal as ChannelConnectionEditor.Refusal {
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(APIError(refusal).reason, kind: "error"), editing: nil,
                                          status: .badRequest)
        }
    }

    /// Saves the edit form of a connection (a widget's when the form says `provider=webchat`).
    @Sendable func saveChannel(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await Self.form(request, limit: 16_384)
        if form["provider"] == ChannelProvider.webchat.rawValue {
            return try await changeChannel(request, context, id: id, change: WidgetForm.change(form))
        }
        if form["provider"] == ChannelProvider.telegram.rawValue {
            return try await changeChannel(request, context, id: id, change: TelegramForm.change(form, keepsEmptyToken: true))
        }
        var change = Self.channelChange(form, keepsEmptyToken: true)
        change.rotateWebhookSecret = form["rotate_webhook_secret"] == "on"
        return try await changeChannel(request, context, id: id, change: change)
    }

    /// Pauses or resumes a connection.
    @Sendable func setChannelState(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await Self.form(request, limit: 1_024)
        return try await changeChannel(request, context, id: id, change: ChannelConnectionChange(state: form["state"] ?? ""))
    }

    @Sendable func removeChannel(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        do {
            try await channelParts().editor.remove(id: id, tenantID: context.tenantID)
            logger.info("channel connection removed in the console", metadata: ["tenant": "\(context.tenantID)", "connection": "\(id)",
                                                                                "by": "\(context.page.principal.name)"])
            return ConsoleSession.redirect(to: "/console/channels?done=removed")
        } catch let refusal as ChannelConnectionEditor.Refusal {
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(APIError(refusal).reason, kind: "error"), editing: nil,
                                          status: .notFound)
        }
    }

    /// Asks Wappi for the number's status and shows the answer.
    @Sendable func checkChannel(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let page = context.page
        let flash: HTML
        do {
            let check = try await channelParts().calls.check(id: id, tenantID: context.tenantID)
            if let status = check.status, status.authorized {
                flash = ConsoleLayout.flash(page.t(.channelCheckReady, status.phone ?? "?", status.paymentExpiredAt ?? "?"))
            } else if let status = check.status {
                flash = ConsoleLayout.flash(page.t(.channelCheckNotReady, status.appStatus ?? "?"), kind: "error")
            } else {
                flash = ConsoleLayout.flash(page.t(.channelCheckRefused, check.error?.description ?? "?"), kind: "error")
            }
        } catch let refusal as ChannelConnectionEditor.Refusal {
            flash = ConsoleLayout.flash(APIError(refusal).reason, kind: "error")
        }
        return try await channelsPage(request, context, flash: flash, editing: nil)
    }

    /// Points the number's Wappi webhook at the address the form gives.
    @Sendable func registerChannelWebhook(request: Request, context: ConsoleRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let form = try await Self.form(request, limit: 4_096)
        let flash: HTML
        do {
            let registration = try await channelParts().calls.registerWebhook(id: id, tenantID: context.tenantID, baseURL: form["base_url"] ?? "")
            flash = ConsoleLayout.flash(context.page.t(.channelRegistered, registration.maskedURL))
        } catch let refusal as ChannelConnectionEditor.Refusal {
            flash = ConsoleLayout.flash(APIError(refusal).reason, kind: "error")
        } catch let error as WappiError {
            flash = ConsoleLayout.flash(context.page.t(.channelCheckRefused, error.description), kind: "error")
        }
        return try await channelsPage(request, context, flash: flash, editing: nil)
    }

    // MARK: Parts

    private func addWidget(_ request: Request, _ context: ConsoleRequestContext, form: FormFields) async throws -> Response {
        do {
            let saved = try await channelParts().editor.create(WidgetForm.change(form), provider: .webchat, tenantID: context.tenantID)
            logger.info("web-chat widget made in the console", metadata: ["tenant": "\(context.tenantID)", "connection": "\(saved.details.connection.id)",
                                                                           "by": "\(context.page.principal.name)"])
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(context.page.t(.widgetMade, saved.details.connection.name)),
                                          editing: saved.details.connection.id)
        } catch let refusal as ChannelConnectionEditor.Refusal {
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(APIError(refusal).reason, kind: "error"), editing: nil,
                                          status: .badRequest)
        }
    }

    private func changeChannel(_ request: Request, _ context: ConsoleRequestContext, id: String, change: ChannelConnectionChange) async throws -> Response {
        do {
            let saved = try await channelParts().editor.update(change, id: id, tenantID: context.tenantID)
            logger.info("channel connection changed in the console", metadata: ["tenant": "\(context.tenantID)", "connection": "\(id)",
                                                                                "fields": "\(change.fieldNames.joined(separator: ","))",
                                                                                "by": "\(context.page.principal.name)"])
            if change.fieldNames == ["state"], let state = change.state { return ConsoleSession.redirect(to: "/console/channels?done=\(state)") }
            var flash = context.page.t(.channelSaved, saved.details.connection.name)
            if let secret = saved.newWebhookSecret, let path = saved.details.webhookPath(secret: secret) {
                flash += " " + context.page.t(.channelWebhookOnce, (Self.origin(request) ?? "") + path)
            }
            // A widget's page stays open, with its snippet.
            let open = saved.details.connection.provider == .webchat ? id : nil
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(flash), editing: open)
        } catch let refusal as ChannelConnectionEditor.Refusal {
            let status: HTTPResponse.Status = if case .notFound = refusal { .notFound } else { .badRequest }
            return try await channelsPage(request, context, flash: ConsoleLayout.flash(APIError(refusal).reason, kind: "error"),
                                          editing: status == .notFound ? nil : id, status: status)
        }
    }

    private func channelsPage(_ request: Request, _ context: ConsoleRequestContext, flash: HTML, editing: String?,
                              status: HTTPResponse.Status = .ok) async throws -> Response {
        let parts = try channelParts()
        let connections = try await parts.editor.list(tenantID: context.tenantID)
        let open = editing.flatMap { id in connections.first { $0.connection.id == id } }
        let accounts = open?.connection.provider == .telegram ? try await parts.editor.businessAccounts(connectionID: open?.connection.id ?? "") : []
        return Self.page(ChannelsPage.render(connections: connections, editing: open, origin: Self.origin(request), flash: flash,
                                             accounts: accounts, context: context.page), status: status)
    }

    private func channelParts() throws -> ChannelConsoleParts {
        guard let channels else { throw APIError(.notFound, "channel connections are not managed in this process") }
        return channels
    }

    /// The change a connection's form asks for; an empty token keeps the stored one when `keepsEmptyToken`.
    static func channelChange(_ form: FormFields, keepsEmptyToken: Bool) -> ChannelConnectionChange {
        func number(_ name: String) -> Int? {
            guard let text = form.nonEmpty(name) else { return nil }
            // A number that does not read is refused by the rules, not dropped: 0 is out of every range.
            return Int(text) ?? 0
        }
        let token = form["token"].flatMap { $0.isEmpty && keepsEmptyToken ? nil : $0 }
        let trimmed = { (name: String) in form[name]?.trimmingCharacters(in: .whitespaces) }
        return ChannelConnectionChange(name: form["name"], profileID: trimmed("profile_id"), baseURL: trimmed("base_url"), inbound: form["inbound"],
                                       pollingIntervalSeconds: number("polling_interval_seconds"), sendsPerMinute: number("sends_per_minute"),
                                       humanPauseMinutes: number("human_pause_minutes"), token: token)
    }

    /// `scheme://host` of the request.
    static func origin(_ request: Request) -> String? { ChannelsController.origin(of: request) }
}
