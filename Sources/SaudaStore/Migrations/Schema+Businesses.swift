/// A business and its people: API tokens, settings, sealed secrets, accounts, owners and invitations.
extension Schema {
    /// Migrations of a business and its people.
    static let businessesMigrations: [Migration] = [
        (5, "API tokens", """
        CREATE TABLE api_tokens (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            prefix TEXT NOT NULL,
            created_at {TS} NOT NULL,
            revoked_at {TS}
        );
        CREATE INDEX idx_api_tokens_tenant ON api_tokens(tenant_id, id)
        """),
        // A business's own settings (issue 21, docs/businesses.md): SaudaCore's BusinessSettings as JSON with snake_case
        // keys. `revision` counts the saves, so that an editor who read an older revision is refused (409) instead of
        // overwriting a newer save. No row: the installation's settings.
        (16, "business settings", """
        CREATE TABLE business_settings (
            tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
            settings TEXT NOT NULL,
            revision INTEGER NOT NULL,
            updated_at {TS} NOT NULL
        )
        """),
        // Businesses as data (issue 21): every secret of a business sealed with AES-GCM under a master key, named by the
        // key's id (`SecretSealer`); the hint is the last characters a person may see. The business's CRM connection
        // slot: its credentials are the secret `crm.credentials`.
        (17, "sealed secrets and the CRM connection slot", """
        CREATE TABLE secrets (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            name TEXT NOT NULL,
            sealed TEXT NOT NULL,
            key_id TEXT NOT NULL,
            hint TEXT NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, name)
        );
        CREATE INDEX idx_secrets_key ON secrets(key_id);
        CREATE TABLE crm_connections (
            tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
            crm_type TEXT NOT NULL,
            base_url TEXT NOT NULL,
            field_mapping TEXT NOT NULL,
            state TEXT NOT NULL,
            last_error TEXT,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL
        )
        """),
        // People who sign in to the console with an email and a password (issue 21): their scrypt hash, and the
        // businesses they belong to with a role in each. A console session is an API token that expires, made when
        // one of them signs in and bound to the account (deleted with it).
        (18, "accounts, memberships and expiring sessions", """
        CREATE TABLE accounts (
            id {ID},
            email TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created_at {TS} NOT NULL,
            suspended_at {TS}
        );
        CREATE TABLE memberships (
            account_id {BIGINT} NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            role TEXT NOT NULL,
            created_at {TS} NOT NULL,
            PRIMARY KEY (account_id, tenant_id)
        );
        ALTER TABLE api_tokens ADD COLUMN account_id {BIGINT} REFERENCES accounts(id) ON DELETE CASCADE;
        ALTER TABLE api_tokens ADD COLUMN expires_at {TS}
        """),
        // The installation's owner (issue 21, item 1): an account flag, not a membership, since the owner manages every
        // business. Invitations are one-time links to a business with a role, kept by the SHA-256 of their token (like
        // api_tokens), valid seven days and used once.
        (22, "installation owners and invitations", """
        ALTER TABLE accounts ADD COLUMN is_owner {BOOL} NOT NULL DEFAULT {FALSE};
        CREATE TABLE invites (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            email TEXT NOT NULL,
            role TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            created_at {TS} NOT NULL,
            expires_at {TS} NOT NULL,
            used_at {TS}
        );
        CREATE INDEX idx_invites_tenant ON invites(tenant_id)
        """),
    ]
}
