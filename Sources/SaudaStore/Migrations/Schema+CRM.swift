/// The CRM sync: its outbox and links.
extension Schema {
    /// Migrations of the CRM sync.
    static let crmMigrations: [Migration] = [
        // CRM sync (issue 22): a business's CRM connection keeps its CRM's own settings (a company, a pipeline, a
        // table) beside the field mapping. `crm_syncs` is the CRM's outbox: a row per lead or booking to send, written
        // in the transaction that changed it, its `version` counting the changes and `synced_version` the last one
        // the CRM has; a row past its attempts or refused for good is dead (`dead_at`, with the reason) until an admin
        // retries it. `crm_links` keeps the CRM's id of each contact, lead, note and booking, so a retry updates instead
        // of making another, and a CRM's webhook finds Sauda's record.
        (24, "CRM sync outbox and links", """
        ALTER TABLE crm_connections ADD COLUMN settings TEXT NOT NULL DEFAULT '{}';
        CREATE TABLE crm_syncs (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            subject_kind TEXT NOT NULL,
            subject_id {BIGINT} NOT NULL,
            contact_id {BIGINT} REFERENCES contacts(id) ON DELETE CASCADE,
            version INTEGER NOT NULL DEFAULT 1,
            synced_version INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            outcome_unknown {BOOL} NOT NULL DEFAULT {FALSE},
            next_attempt_at {TS} NOT NULL,
            leased_until {TS},
            lease_owner TEXT,
            last_error TEXT,
            dead_at {TS},
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, subject_kind, subject_id)
        );
        CREATE INDEX idx_crm_syncs_due ON crm_syncs(next_attempt_at) WHERE dead_at IS NULL AND synced_version < version;
        CREATE INDEX idx_crm_syncs_contact ON crm_syncs(contact_id);
        CREATE TABLE crm_links (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            subject_kind TEXT NOT NULL,
            subject_id {BIGINT} NOT NULL,
            contact_id {BIGINT} REFERENCES contacts(id) ON DELETE CASCADE,
            crm_type TEXT NOT NULL,
            crm_kind TEXT NOT NULL,
            crm_id TEXT NOT NULL,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, subject_kind, subject_id, crm_type)
        );
        CREATE INDEX idx_crm_links_crm ON crm_links(tenant_id, crm_type, crm_kind, crm_id);
        CREATE INDEX idx_crm_links_contact ON crm_links(contact_id)
        """),
    ]
}
