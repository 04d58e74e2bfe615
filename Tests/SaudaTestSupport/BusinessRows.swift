import Foundation
import SaudaCore
import SaudaStore

/// A business filled with rows in every table of the schema, for tests of export and deletion: two contacts (a
/// WhatsApp one with a phone number, a web-chat one) and everything about each, plus the business's own rows.
public struct BusinessRows: Sendable {
    /// The business.
    public let tenantID: String
    /// The WhatsApp contact.
    public let whatsapp: Int64
    /// The web-chat contact.
    public let webchat: Int64
    /// The WhatsApp contact's phone number (digits).
    public let phone: String

    /// Creates the business (unless it exists) and its rows. `seed` keeps phone numbers and ids apart
    /// between businesses.
    public static func fill(_ database: any Database, tenantID: String, seed: Int) async throws -> BusinessRows {
        let phone = "7701555\(String(format: "%04d", seed))"
        let now = Date(timeIntervalSince1970: 1_790_000_000 + Double(seed))
        return try await database.transaction { sql in
            try await sql.query("INSERT INTO tenants (id, name, time_zone, created_at) VALUES (?, ?, 'Asia/Almaty', ?) ON CONFLICT (id) DO NOTHING",
                                [.text(tenantID), .text("Магазин \(seed)"), .date(now)])
            try await sql.query("INSERT INTO whitelist (tenant_id, phone_number, note, added_at) VALUES (?, ?, 'менеджер', ?)",
                                [.text(tenantID), .text("7702000\(String(format: "%04d", seed))"), .date(now)])
            let whatsappChat = "\(phone)@c.us"
            let webchatChat = "session-\(seed)"
            var contacts: [Int64] = []
            // The WhatsApp contact remembers the business's number it wrote to (the connection made below).
            for (channel, chat, contactPhone, connection) in [("whatsapp", whatsappChat, phone as String?, "wa-\(tenantID)" as String?),
                                                               ("webchat", webchatChat, nil, nil)] {
                let id = try await sql.query("""
                    INSERT INTO contacts (tenant_id, channel, chat_id, phone_number, name, is_client, classification_confidence,
                                          created_at, updated_at, lead_details, funnel_state, connection_id)
                    VALUES (?, ?, ?, ?, 'Айгерим "А"', ?, 0.75, ?, ?, '{}', NULL, ?) RETURNING id
                    """, [.text(tenantID), .text(channel), .text(chat), .text(contactPhone), .bool(true), .date(now), .date(now),
                          .text(connection)])
                    .first?.optionalInt("id") ?? 0
                contacts.append(id)
                let key = "\(tenantID)/\(channel)/\(chat)"
                try await sql.query("""
                    INSERT INTO messages (tenant_id, contact_id, phone_number, message_id, message_text, is_from_bot, author, timestamp)
                    VALUES (?, ?, ?, ?, 'Здравствуйте!\nЦена?', ?, 'customer', ?)
                    """, [.text(tenantID), .int(id), .text(contactPhone), .text("m-\(seed)-\(channel)"), .bool(false), .date(now)])
                try await sql.query("""
                    INSERT INTO message_logs (tenant_id, channel, direction, message_id, chat_id, phone_number, message_text, is_voice,
                                              created_at, provider_message_id)
                    VALUES (?, ?, 'outgoing', ?, ?, ?, 'Добрый день', ?, ?, ?)
                    """, [.text(tenantID), .text(channel), .text("log-\(seed)-\(channel)"), .text(chat), .text(contactPhone), .bool(false),
                          .date(now), .text("prov-\(seed)-\(channel)")])
                try await sql.query("""
                    INSERT INTO early_delivery_statuses (tenant_id, channel, provider_message_id, status, received_at) VALUES (?, ?, ?, 'read', ?)
                    """, [.text(tenantID), .text(channel), .text("prov-\(seed)-\(channel)"), .date(now)])
                try await sql.query("INSERT INTO follow_ups (tenant_id, contact_id, next_touch_at, created_at) VALUES (?, ?, ?, ?)",
                                    [.text(tenantID), .int(id), .date(now), .date(now)])
                try await sql.query("INSERT INTO scheduled_calls (tenant_id, contact_id, scheduled_at, created_at) VALUES (?, ?, ?, ?)",
                                    [.text(tenantID), .int(id), .date(now.addingTimeInterval(Double(id) * 3_600)), .date(now)])
                try await sql.query("""
                    INSERT INTO leads (tenant_id, contact_id, channel, chat_id, name, source, stage, details, search_text, created_at, updated_at)
                    VALUES (?, ?, ?, ?, 'Айгерим', 'record_lead', 'new', '{}', 'айгерим', ?, ?)
                    """, [.text(tenantID), .int(id), .text(channel), .text(chat), .date(now), .date(now)])
                try await sql.query("""
                    INSERT INTO crm_syncs (tenant_id, subject_kind, subject_id, contact_id, next_attempt_at, created_at, updated_at)
                    VALUES (?, 'lead', ?, ?, ?, ?, ?)
                    """, [.text(tenantID), .int(id), .int(id), .date(now), .date(now), .date(now)])
                try await sql.query("""
                    INSERT INTO crm_links (tenant_id, subject_kind, subject_id, contact_id, crm_type, crm_kind, crm_id, created_at, updated_at)
                    VALUES (?, 'contact', ?, ?, 'amocrm', 'contact', ?, ?, ?)
                    """, [.text(tenantID), .int(id), .int(id), .text("amo-\(id)"), .date(now), .date(now)])
                try await sql.query("""
                    INSERT INTO operator_alerts (tenant_id, contact_id, channel, chat_id, reason, summary, created_at)
                    VALUES (?, ?, ?, ?, 'human', 'просит менеджера', ?)
                    """, [.text(tenantID), .int(id), .text(channel), .text(chat), .date(now)])
                try await sql.query("""
                    INSERT INTO tool_calls (tenant_id, contact_id, call_id, name, arguments, result, is_error, created_at)
                    VALUES (?, ?, 'c1', 'record_lead', '{}', 'ok', ?, ?)
                    """, [.text(tenantID), .int(id), .bool(false), .date(now)])
                try await sql.query("""
                    INSERT INTO model_usage (tenant_id, contact_id, purpose, provider, model, input_tokens, output_tokens, outcome, duration_ms, created_at)
                    VALUES (?, ?, 'reply', 'openai', 'gpt', 100, 20, 'ok', 1.5, ?)
                    """, [.text(tenantID), .int(id), .date(now)])
                try await sql.query("""
                    INSERT INTO outbox (tenant_id, queue, partition_key, payload, created_at) VALUES (?, 'outgoing', ?, '{}', ?)
                    """, [.text(tenantID), .text(key), .date(now)])
                try await sql.query("""
                    INSERT INTO queue_messages (queue, tenant_id, partition_key, payload, available_at, expires_at, created_at)
                    VALUES ('incoming', ?, ?, '{}', ?, ?, ?)
                    """, [.text(tenantID), .text(key), .date(now), .date(now.addingTimeInterval(86_400)), .date(now)])
                try await sql.query("""
                    INSERT INTO queue_dead_letters (queue, tenant_id, partition_key, payload, attempts, reason, created_at, dead_at)
                    VALUES ('incoming', ?, ?, '{}', 3, 'failed', ?, ?)
                    """, [.text(tenantID), .text(key), .date(now), .date(now)])
                try await sql.query("""
                    INSERT INTO channel_cursors (tenant_id, channel, chat_id, last_time, updated_at) VALUES (?, ?, ?, ?, ?)
                    """, [.text(tenantID), .text(channel), .text(chat), .date(now), .date(now)])
            }
            // The business's own rows, about no contact.
            try await sql.query("""
                INSERT INTO model_usage (tenant_id, contact_id, purpose, provider, model, input_tokens, output_tokens, outcome, created_at)
                VALUES (?, NULL, 'embedding', 'openai', 'e', 5, 0, 'ok', ?)
                """, [.text(tenantID), .date(now)])
            try await sql.query("INSERT INTO knowledge_documents (tenant_id, name, content, content_hash, updated_at) VALUES (?, 'prices.md', 'EVA: 25 000 ₸', 'h', ?)",
                                [.text(tenantID), .date(now)])
            try await sql.query("""
                INSERT INTO api_tokens (tenant_id, name, role, token_hash, prefix, created_at) VALUES (?, 'Марат', 'admin', ?, 'sda_x', ?)
                """, [.text(tenantID), .text("hash-\(tenantID)"), .date(now)])
            try await sql.query("""
                INSERT INTO catalogues (tenant_id, name, currency, currency_unit, currency_digits, revision, product_count, updated_at)
                VALUES (?, 'Коврики', 'KZT', '₸', 0, 1, 1, ?)
                """, [.text(tenantID), .date(now)])
            try await sql.query("INSERT INTO catalogue_categories (tenant_id, id, position, name) VALUES (?, 'mats', 0, 'Коврики')", [.text(tenantID)])
            try await sql.query("""
                INSERT INTO catalogue_products (tenant_id, id, position, category_id, name, description, price_minor, currency, currency_unit,
                                                currency_digits, availability, attributes)
                VALUES (?, 'eva-1', 0, 'mats', 'EVA', 'Коврик', 25000, 'KZT', '₸', 0, 'in_stock', '[]')
                """, [.text(tenantID)])
            try await sql.query("""
                INSERT INTO catalogue_fits (tenant_id, product_id, position, brand, model, year_from, pattern_available)
                VALUES (?, 'eva-1', 0, 'Toyota', 'Camry', 2018, ?)
                """, [.text(tenantID), .bool(true)])
            try await sql.query("INSERT INTO catalogue_options (tenant_id, product_id, position, name, price_change_minor) VALUES (?, 'eva-1', 0, 'Борт', 5000)",
                                [.text(tenantID)])
            try await sql.query("""
                INSERT INTO business_settings (tenant_id, settings, revision, updated_at) VALUES (?, '{"description":"Коврики"}', 1, ?)
                """, [.text(tenantID), .date(now)])
            try await sql.query("""
                INSERT INTO secrets (tenant_id, name, sealed, key_id, hint, updated_at) VALUES (?, 'crm.credentials', 'v1:k:AAAA', 'k', '…', ?)
                """, [.text(tenantID), .date(now)])
            try await sql.query("""
                INSERT INTO crm_connections (tenant_id, crm_type, base_url, field_mapping, state, created_at, updated_at)
                VALUES (?, 'amocrm', 'https://shop.amocrm.ru', '{}', 'active', ?, ?)
                """, [.text(tenantID), .date(now), .date(now)])
            try await sql.query("""
                INSERT INTO channel_connections (id, tenant_id, provider, name, public_id, settings, state, version, created_at, updated_at)
                VALUES (?, ?, 'wappi', 'WhatsApp', ?, '{}', 'active', 1, ?, ?)
                """, [.text("wa-\(tenantID)"), .text(tenantID), .text("public-\(tenantID)"), .date(now), .date(now)])
            try await sql.query("""
                INSERT INTO secrets (tenant_id, name, sealed, key_id, hint, updated_at) VALUES (?, ?, 'v1:k:AAAA', 'k', '…', ?)
                """, [.text(tenantID), .text("channel.wa-\(tenantID).token"), .date(now)])
            try await sql.query("""
                INSERT INTO channel_poll_leases (connection_id, tenant_id, holder, leased_until, poll_offset, updated_at) VALUES (?, ?, 'p1', ?, 42, ?)
                """, [.text("wa-\(tenantID)"), .text(tenantID), .date(now), .date(now)])
            try await sql.query("""
                INSERT INTO channel_business_accounts (connection_id, tenant_id, account_id, owner_id, owner_name, can_reply, enabled, updated_at)
                VALUES (?, ?, 'bc-1', '5001', 'Владелец', ?, ?, ?)
                """, [.text("wa-\(tenantID)"), .text(tenantID), .bool(true), .bool(true), .date(now)])
            let account = try await sql.query("""
                INSERT INTO accounts (email, name, password_hash, created_at) VALUES (?, 'Айгерим', 'scrypt$x', ?) RETURNING id
                """, [.text("staff-\(seed)@shop.kz"), .date(now)]).first?.optionalInt("id") ?? 0
            try await sql.query("INSERT INTO memberships (account_id, tenant_id, role, created_at) VALUES (?, ?, 'operator', ?)",
                                [.int(account), .text(tenantID), .date(now)])
            try await sql.query("""
                INSERT INTO api_tokens (tenant_id, name, role, token_hash, prefix, created_at, expires_at, account_id)
                VALUES (?, 'Айгерим', 'operator', ?, 'sda_y', ?, ?, ?)
                """, [.text(tenantID), .text("session-\(tenantID)"), .date(now), .date(now.addingTimeInterval(86_400)), .int(account)])
            try await sql.query("""
                INSERT INTO invites (tenant_id, email, role, token_hash, created_at, expires_at) VALUES (?, ?, 'admin', ?, ?, ?)
                """, [.text(tenantID), .text("invitee-\(seed)@shop.kz"), .text("invite-\(tenantID)"), .date(now), .date(now.addingTimeInterval(86_400))])
            return BusinessRows(tenantID: tenantID, whatsapp: contacts[0], webchat: contacts[1], phone: phone)
        }
    }
}
