/// Channel connections: the connections, the number a contact wrote to, unreachable contacts, poll leases and connected accounts.
extension Schema {
    /// Migrations of channel connections.
    static let channelsMigrations: [Migration] = [
        // Channel connections, many per business (issue 21, item 3): a WhatsApp number through Wappi, a web-chat widget.
        // `settings` is the provider's own JSON (decoded by the provider's module); `public_id` is the random id that
        // names the connection in its webhook address or widget snippet; `version` counts the changes, so that every
        // process's supervisor sees a change by reading the ids and versions. Tokens and webhook secrets are the
        // business's sealed secrets `channel.<id>.<name>`. A suspended business keeps its rows; its channels stop.
        (19, "channel connections and suspended businesses", """
        CREATE TABLE channel_connections (
            id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            provider TEXT NOT NULL,
            name TEXT NOT NULL,
            public_id TEXT NOT NULL UNIQUE,
            settings TEXT NOT NULL,
            state TEXT NOT NULL,
            last_error TEXT,
            version INTEGER NOT NULL,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, name)
        );
        CREATE INDEX idx_channel_connections_tenant ON channel_connections(tenant_id);
        ALTER TABLE tenants ADD COLUMN suspended_at {TS}
        """),
        // The business's number a contact last wrote to (issue 21, item 3): the id of a `channel_connections` row, set
        // when a customer message that names its connection is stored and kept when a later one names none. What Sauda
        // sends on its own (follow-ups, operators' messages) leaves from it. No foreign key: a removed connection leaves
        // the id behind, and the sender then takes the business's first active connection.
        (23, "the connection a contact last wrote to", """
        ALTER TABLE contacts ADD COLUMN connection_id TEXT
        """),
        // Telegram (issue 23): a contact whose channel refuses every send (a customer who blocked the bot) is marked
        // unreachable until they write again; a contact keeps the deep-link parameter they came with (`/start <payload>`,
        // the lead's source) and their username. `channel_poll_leases` lets one process of the installation poll a
        // connection (a bot) at a time and keeps its offset; `channel_business_accounts` holds the personal accounts of
        // a business's people connected to a connection (Telegram Business), with whether Sauda may reply in their chats.
        (25, "unreachable contacts, poll leases and connected business accounts", """
        ALTER TABLE contacts ADD COLUMN unreachable_at {TS};
        ALTER TABLE contacts ADD COLUMN unreachable_reason TEXT;
        ALTER TABLE contacts ADD COLUMN start_parameter TEXT;
        ALTER TABLE contacts ADD COLUMN username TEXT;
        CREATE TABLE channel_poll_leases (
            connection_id TEXT PRIMARY KEY,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            holder TEXT,
            leased_until {TS},
            poll_offset {BIGINT} NOT NULL DEFAULT 0,
            updated_at {TS} NOT NULL
        );
        CREATE TABLE channel_business_accounts (
            connection_id TEXT NOT NULL,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            account_id TEXT NOT NULL,
            owner_id TEXT NOT NULL,
            owner_name TEXT,
            can_reply {BOOL} NOT NULL,
            enabled {BOOL} NOT NULL,
            updated_at {TS} NOT NULL,
            PRIMARY KEY (connection_id, account_id)
        );
        CREATE INDEX idx_channel_business_accounts_tenant ON channel_business_accounts(tenant_id)
        """),
    ]
}
