import Foundation

/// The schema, written once with type tokens that each dialect fills in.
///
/// Every tenant-owned table carries `tenant_id`. Column names follow the earlier system's tables
/// (docs/compatibility.md); additions are named in the comments.
enum Schema {
    static let migrations: [(version: Int, name: String, sql: String)] = [
        (1, "core tables", """
        CREATE TABLE tenants (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            created_at {TS} NOT NULL
        );
        CREATE TABLE message_logs (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            channel TEXT NOT NULL,
            direction TEXT NOT NULL,
            message_id TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            phone_number TEXT,
            message_text TEXT,
            is_voice {BOOL} NOT NULL DEFAULT {FALSE},
            provider_status TEXT,
            queue_status TEXT,
            error TEXT,
            created_at {TS} NOT NULL,
            processed_at {TS},
            UNIQUE (tenant_id, channel, direction, message_id)
        );
        CREATE INDEX idx_message_logs_phone ON message_logs(phone_number);
        CREATE INDEX idx_message_logs_created ON message_logs(created_at);
        CREATE INDEX idx_message_logs_chat ON message_logs(tenant_id, channel, chat_id);
        CREATE TABLE whitelist (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            phone_number TEXT NOT NULL,
            note TEXT,
            added_at {TS} NOT NULL,
            UNIQUE (tenant_id, phone_number)
        );
        CREATE TABLE contacts (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            phone_number TEXT,
            name TEXT,
            full_name TEXT,
            business_name TEXT,
            is_client {BOOL},
            classification_confidence {FLOAT},
            classification_reasoning TEXT,
            classified_at {TS},
            spin_stage TEXT NOT NULL DEFAULT 'situation',
            bot_paused_until {TS},
            last_message_at {TS},
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, channel, chat_id)
        );
        CREATE INDEX idx_contacts_is_client ON contacts(tenant_id, is_client);
        CREATE INDEX idx_contacts_phone ON contacts(phone_number);
        CREATE TABLE messages (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            phone_number TEXT,
            message_id TEXT NOT NULL,
            message_text TEXT NOT NULL,
            is_from_bot {BOOL} NOT NULL DEFAULT {FALSE},
            author TEXT NOT NULL,
            is_voice {BOOL} NOT NULL DEFAULT {FALSE},
            voice_transcription TEXT,
            timestamp {TS} NOT NULL,
            reply_to_message_id TEXT,
            answered_by {BIGINT},
            handled_at {TS},
            delivery_status TEXT,
            UNIQUE (contact_id, message_id)
        );
        CREATE INDEX idx_messages_contact_id ON messages(contact_id, id);
        CREATE INDEX idx_messages_timestamp ON messages(timestamp DESC);
        CREATE TABLE follow_ups (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            touch_number INTEGER NOT NULL DEFAULT 1 CHECK (touch_number BETWEEN 1 AND 5),
            next_touch_at {TS},
            last_touch_at {TS},
            is_completed {BOOL} NOT NULL DEFAULT {FALSE},
            stop_reason TEXT,
            created_at {TS} NOT NULL
        );
        CREATE INDEX idx_follow_ups_next_touch ON follow_ups(next_touch_at) WHERE is_completed = {FALSE};
        CREATE TABLE scheduled_calls (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            scheduled_at {TS} NOT NULL,
            timezone TEXT NOT NULL DEFAULT 'Asia/Almaty',
            status TEXT NOT NULL DEFAULT 'scheduled',
            manager TEXT,
            notes TEXT,
            created_at {TS} NOT NULL
        );
        CREATE INDEX idx_scheduled_calls_time ON scheduled_calls(scheduled_at);
        CREATE TABLE outbox (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            queue TEXT NOT NULL,
            partition_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            created_at {TS} NOT NULL,
            relayed_at {TS}
        );
        CREATE INDEX idx_outbox_pending ON outbox(id) WHERE relayed_at IS NULL;
        CREATE TABLE queue_messages (
            id {ID},
            queue TEXT NOT NULL,
            tenant_id TEXT,
            partition_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            available_at {TS} NOT NULL,
            leased_until {TS},
            lease_owner TEXT,
            expires_at {TS} NOT NULL,
            last_error TEXT,
            created_at {TS} NOT NULL
        );
        CREATE INDEX idx_queue_ready ON queue_messages(queue, available_at, id);
        CREATE INDEX idx_queue_partition ON queue_messages(queue, partition_key);
        CREATE TABLE queue_dead_letters (
            id {ID},
            queue TEXT NOT NULL,
            tenant_id TEXT,
            partition_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            reason TEXT NOT NULL,
            last_error TEXT,
            created_at {TS} NOT NULL,
            dead_at {TS} NOT NULL
        );
        CREATE INDEX idx_queue_dead_letters_queue ON queue_dead_letters(queue, dead_at);
        CREATE TABLE knowledge_documents (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            name TEXT NOT NULL,
            content TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            updated_at {TS} NOT NULL,
            UNIQUE (tenant_id, name)
        )
        """),
        (2, "model usage, tool calls, one booking per slot, lead details", """
        CREATE TABLE model_usage (
            id {ID},
            tenant_id TEXT NOT NULL,
            contact_id {BIGINT},
            purpose TEXT NOT NULL,
            provider TEXT NOT NULL,
            model TEXT NOT NULL,
            input_tokens INTEGER NOT NULL,
            output_tokens INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            duration_ms {FLOAT} NOT NULL DEFAULT 0,
            created_at {TS} NOT NULL
        );
        CREATE INDEX idx_model_usage_tenant_time ON model_usage(tenant_id, created_at);
        CREATE TABLE tool_calls (
            id {ID},
            tenant_id TEXT NOT NULL,
            contact_id {BIGINT} NOT NULL,
            call_id TEXT NOT NULL,
            name TEXT NOT NULL,
            arguments TEXT NOT NULL,
            result TEXT NOT NULL,
            is_error {BOOL} NOT NULL DEFAULT {FALSE},
            created_at {TS} NOT NULL
        );
        CREATE INDEX idx_tool_calls_contact ON tool_calls(contact_id, id);
        CREATE UNIQUE INDEX idx_scheduled_calls_slot ON scheduled_calls(tenant_id, COALESCE(manager, ''), scheduled_at)
            WHERE status = 'scheduled';
        ALTER TABLE contacts ADD COLUMN lead_details TEXT
        """),
        (3, "provider message ids of outgoing messages", """
        ALTER TABLE message_logs ADD COLUMN provider_message_id TEXT;
        CREATE INDEX idx_message_logs_provider ON message_logs(tenant_id, channel, provider_message_id)
        """),
        (4, "polling cursors", """
        CREATE TABLE channel_cursors (
            tenant_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            last_time {TS} NOT NULL,
            last_message_id TEXT,
            updated_at {TS} NOT NULL,
            PRIMARY KEY (tenant_id, channel, chat_id)
        )
        """),
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
        (6, "follow-up chains by contact", """
        CREATE INDEX idx_follow_ups_contact ON follow_ups(contact_id, is_completed)
        """),
        (7, "operator console", """
        ALTER TABLE contacts ADD COLUMN bot_paused_by TEXT;
        CREATE INDEX idx_contacts_tenant_activity ON contacts(tenant_id, updated_at);
        CREATE INDEX idx_message_logs_tenant ON message_logs(tenant_id, id);
        CREATE INDEX idx_model_usage_contact ON model_usage(contact_id, id);
        CREATE INDEX idx_scheduled_calls_tenant ON scheduled_calls(tenant_id, status, scheduled_at)
        """),
        // A claim walks its queue oldest first and stops at its limit. With the ready index (queue, available_at)
        // SQLite read every waiting row and sorted them for each claim, and checked each row's conversation
        // through an index without ids: a backlog of 20,000 messages made one claim take 0.4 s.
        (8, "queue claims in order", """
        DROP INDEX idx_queue_ready;
        DROP INDEX idx_queue_partition;
        CREATE INDEX idx_queue_order ON queue_messages(queue, id);
        CREATE INDEX idx_queue_partition_order ON queue_messages(queue, partition_key, id)
        """),
        // The relay now removes the rows it relayed; earlier versions kept them, marked with `relayed_at`.
        (9, "relayed outbox rows removed", """
        DELETE FROM outbox WHERE relayed_at IS NOT NULL
        """),
        // A provider can report a delivery before the sender has recorded the send (its record commits after the
        // provider's answer): such a status waits here until the send is recorded, instead of being dropped.
        (10, "delivery statuses that came before their send was recorded", """
        CREATE TABLE early_delivery_statuses (
            tenant_id TEXT NOT NULL,
            channel TEXT NOT NULL,
            provider_message_id TEXT NOT NULL,
            status TEXT NOT NULL,
            received_at {TS} NOT NULL,
            PRIMARY KEY (tenant_id, channel, provider_message_id)
        );
        CREATE INDEX idx_early_delivery_statuses_received ON early_delivery_statuses(received_at)
        """),
        // A business's catalogue (SaudaCatalogue), replaced whole by each import. `catalogues` holds one row per
        // business with a revision that every replacement raises, so a running server sees a change by reading it.
        // Rows keep their file order in `position`; a product's attributes are a JSON array of {name, value}.
        (11, "catalogues", """
        CREATE TABLE catalogues (
            tenant_id TEXT PRIMARY KEY REFERENCES tenants(id),
            name TEXT NOT NULL,
            currency TEXT NOT NULL,
            currency_unit TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            revision {BIGINT} NOT NULL,
            product_count INTEGER NOT NULL,
            updated_at {TS} NOT NULL
        );
        CREATE TABLE catalogue_categories (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            parent_id TEXT,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE TABLE catalogue_products (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            id TEXT NOT NULL,
            position INTEGER NOT NULL,
            category_id TEXT NOT NULL,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            price_minor {BIGINT} NOT NULL,
            currency TEXT NOT NULL,
            currency_unit TEXT NOT NULL,
            currency_digits INTEGER NOT NULL,
            availability TEXT NOT NULL,
            attributes TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        );
        CREATE INDEX idx_catalogue_products_category ON catalogue_products(tenant_id, category_id);
        CREATE TABLE catalogue_fits (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            product_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            brand TEXT NOT NULL,
            model TEXT NOT NULL,
            year_from INTEGER,
            year_to INTEGER,
            pattern_available {BOOL} NOT NULL,
            PRIMARY KEY (tenant_id, product_id, position)
        );
        CREATE INDEX idx_catalogue_fits_car ON catalogue_fits(tenant_id, brand, model);
        CREATE TABLE catalogue_options (
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            product_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            price_change_minor {BIGINT} NOT NULL,
            PRIMARY KEY (tenant_id, product_id, position)
        )
        """),
        // Leads the agent's tools capture (record_lead, place_order, book_call) and operators close (won, lost): one open
        // lead per contact (the partial unique index); a closed lead stays, and a later capture opens a new one.
        // `search_text` is name, phone and need lowercased by the application, because SQLite's LOWER and LIKE fold
        // only ASCII letters and a Russian name must be found whatever its case.
        (12, "leads", """
        CREATE TABLE leads (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            name TEXT,
            phone TEXT,
            need TEXT,
            price_quoted TEXT,
            booked_call {TS},
            source TEXT NOT NULL,
            stage TEXT NOT NULL,
            details TEXT NOT NULL,
            search_text TEXT NOT NULL,
            created_at {TS} NOT NULL,
            updated_at {TS} NOT NULL
        );
        CREATE UNIQUE INDEX idx_leads_open_contact ON leads(contact_id) WHERE stage NOT IN ('won', 'lost');
        CREATE INDEX idx_leads_tenant_updated ON leads(tenant_id, updated_at);
        CREATE INDEX idx_leads_tenant_stage ON leads(tenant_id, stage)
        """),
        // "Needs a human" (issue 18, item 7): a turn stores what a person of the business should look at. At most one
        // open alert of a reason per contact (the partial unique index), so a redelivered turn or a customer who asks
        // again adds none. The migrator applies each missing version by itself.
        (13, "operator alerts", """
        CREATE TABLE operator_alerts (
            id {ID},
            tenant_id TEXT NOT NULL REFERENCES tenants(id),
            contact_id {BIGINT} NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
            channel TEXT NOT NULL,
            chat_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            summary TEXT NOT NULL,
            created_at {TS} NOT NULL,
            resolved_at {TS},
            resolved_by TEXT
        );
        CREATE UNIQUE INDEX idx_operator_alerts_open ON operator_alerts(contact_id, reason) WHERE resolved_at IS NULL;
        CREATE INDEX idx_operator_alerts_tenant ON operator_alerts(tenant_id, resolved_at, id)
        """),
        // Where each conversation stands in its business's order funnel (SaudaFunnel), as JSON: written in the turn's
        // transaction, so a restart resumes at the same step.
        (14, "order funnel state per conversation", """
        ALTER TABLE contacts ADD COLUMN funnel_state TEXT
        """),
        (15, "how a customer's answer was read and who read it", """
        ALTER TABLE messages ADD COLUMN reply_intent TEXT;
        ALTER TABLE messages ADD COLUMN intent_source TEXT;
        ALTER TABLE messages ADD COLUMN intent_model TEXT
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
        // The business's number a contact last wrote to (issue 21, item 3): the id of a `channel_connections` row, set
        // when a customer message that names its connection is stored and kept when a later one names none. What Sauda
        // sends on its own (follow-ups, operators' messages) leaves from it. No foreign key: a removed connection leaves
        // the id behind, and the sender then takes the business's first active connection.
        (23, "the connection a contact last wrote to", """
        ALTER TABLE contacts ADD COLUMN connection_id TEXT
        """),
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

    /// The statements of a migration for one dialect, in order.
    static func statements(_ sql: String, dialect: SQLDialect) -> [String] {
        let tokens: [String: String] = switch dialect {
        case .sqlite: ["{ID}": "INTEGER PRIMARY KEY AUTOINCREMENT", "{TS}": "REAL", "{BOOL}": "INTEGER",
                       "{FALSE}": "0", "{BIGINT}": "INTEGER", "{FLOAT}": "REAL"]
        case .postgres: ["{ID}": "BIGSERIAL PRIMARY KEY", "{TS}": "TIMESTAMPTZ", "{BOOL}": "BOOLEAN",
                         "{FALSE}": "FALSE", "{BIGINT}": "BIGINT", "{FLOAT}": "DOUBLE PRECISION"]
        }
        var text = sql
        for (token, replacement) in tokens { text = text.replacingOccurrences(of: token, with: replacement) }
        return text.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
    }
}
