/// The conversation path: contacts, messages, the queues and their outbox, delivery statuses, follow-ups, the console's
/// alerts, the funnel's state and how answers were read.
extension Schema {
    /// Migrations of the conversation path.
    static let conversationsMigrations: [Migration] = [
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
    ]
}
