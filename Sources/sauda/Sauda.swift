import ArgumentParser

@main
struct Sauda: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sauda",
        abstract: "Sauda: a self-hosted AI sales and support agent for WhatsApp, Telegram and web chat.",
        subcommands: [Serve.self, Gateway.self, Agent.self, Migrate.self, Chat.self, Bench.self, Simulator.self, Whitelist.self, Wappi.self, Channels.self, Tokens.self, Accounts.self, Owners.self, Invites.self, Tenants.self, Secrets.self, Eval.self, Knowledge.self, Catalogues.self])
}
