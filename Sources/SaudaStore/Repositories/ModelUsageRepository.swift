import Foundation

/// One model call's tokens.
public struct ModelUsageRecord: Sendable, Hashable {
    /// Tenant.
    public var tenantID: String
    /// Contact, when the call was about one.
    public var contactID: Int64?
    /// `moderation`, `sales`, `follow_up` or `transcription`.
    public var purpose: String
    /// `gemini`, `openai` or `offline`.
    public var provider: String
    /// The model that answered.
    public var model: String
    /// Prompt tokens.
    public var inputTokens: Int
    /// Answer tokens.
    public var outputTokens: Int
    /// `ok`, `fallback` or the error kind.
    public var outcome: String
    /// How long the call took, milliseconds.
    public var durationMilliseconds: Double
    /// When the call ended.
    public var createdAt: Date

    /// Creates a record.
    public init(tenantID: String, contactID: Int64?, purpose: String, provider: String, model: String, inputTokens: Int,
                outputTokens: Int, outcome: String, durationMilliseconds: Double = 0, createdAt: Date) {
        self.tenantID = tenantID
        self.contactID = contactID
        self.purpose = purpose
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.outcome = outcome
        self.durationMilliseconds = durationMilliseconds
        self.createdAt = createdAt
    }
}

/// Totals of model calls for `/stats`.
public struct ModelUsageTotals: Sendable, Hashable, Codable {
    /// Calls.
    public var calls: Int
    /// Prompt tokens.
    public var inputTokens: Int
    /// Answer tokens.
    public var outputTokens: Int
    /// Mean call duration, milliseconds.
    public var meanMilliseconds: Double

    enum CodingKeys: String, CodingKey {
        case calls, inputTokens = "input_tokens", outputTokens = "output_tokens", meanMilliseconds = "mean_ms"
    }
}

/// Token usage per model call, and the tool calls of conversations.
public struct ModelUsageRepository: Sendable {
    let sql: any SQLConnection

    /// Binds the repository to a connection or transaction.
    public init(_ sql: any SQLConnection) { self.sql = sql }

    /// Stores usage records.
    public func add(_ records: [ModelUsageRecord]) async throws(StoreError) {
        for record in records {
            try await sql.query("""
                INSERT INTO model_usage (tenant_id, contact_id, purpose, provider, model, input_tokens, output_tokens, outcome,
                    duration_ms, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(record.tenantID), record.contactID.map(SQLValue.int) ?? .null, .text(record.purpose), .text(record.provider),
                      .text(record.model), .int(Int64(record.inputTokens)), .int(Int64(record.outputTokens)), .text(record.outcome),
                      .double(record.durationMilliseconds), .date(record.createdAt)])
        }
    }

    /// Totals per purpose since `since`, for one tenant or all.
    public func totals(since: Date, tenantID: String? = nil) async throws(StoreError) -> [String: ModelUsageTotals] {
        var binds: [SQLValue] = [.date(since)]
        var filter = ""
        if let tenantID {
            filter = " AND tenant_id = ?"
            binds.append(.text(tenantID))
        }
        let rows = try await sql.query("""
            SELECT purpose, COUNT(*) AS calls, COALESCE(SUM(input_tokens), 0) AS input_tokens, COALESCE(SUM(output_tokens), 0) AS output_tokens,
                COALESCE(AVG(duration_ms), 0) AS mean_ms
            FROM model_usage WHERE created_at >= ?\(filter) GROUP BY purpose
            """, binds)
        var totals: [String: ModelUsageTotals] = [:]
        for row in rows {
            totals[try row.string("purpose")] = ModelUsageTotals(calls: Int(try row.int("calls")), inputTokens: Int(try row.int("input_tokens")),
                                                                 outputTokens: Int(try row.int("output_tokens")),
                                                                 meanMilliseconds: row.optionalDouble("mean_ms") ?? 0)
        }
        return totals
    }

    /// Stores one turn's tool calls with the conversation.
    public func addToolCalls(tenantID: String, contactID: Int64,
                             _ calls: [(callID: String, name: String, arguments: String, result: String, isError: Bool)],
                             now: Date) async throws(StoreError) {
        for call in calls {
            try await sql.query("""
                INSERT INTO tool_calls (tenant_id, contact_id, call_id, name, arguments, result, is_error, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(tenantID), .int(contactID), .text(call.callID), .text(call.name), .text(call.arguments), .text(call.result),
                      .bool(call.isError), .date(now)])
        }
    }

    /// The model calls made for a contact, oldest first (the latest `limit`).
    public func records(contactID: Int64, limit: Int) async throws(StoreError) -> [ModelUsageRecord] {
        let rows = try await sql.query("""
            SELECT tenant_id, contact_id, purpose, provider, model, input_tokens, output_tokens, outcome, duration_ms, created_at
            FROM model_usage WHERE contact_id = ? ORDER BY id DESC LIMIT \(SQLLimit.literal(limit))
            """, [.int(contactID)])
        var records: [ModelUsageRecord] = []
        for row in rows {
            records.append(ModelUsageRecord(
                tenantID: try row.string("tenant_id"), contactID: row.optionalInt("contact_id"), purpose: try row.string("purpose"),
                provider: try row.string("provider"), model: try row.string("model"), inputTokens: Int(row.optionalInt("input_tokens") ?? 0),
                outputTokens: Int(row.optionalInt("output_tokens") ?? 0), outcome: try row.string("outcome"),
                durationMilliseconds: row.optionalDouble("duration_ms") ?? 0, createdAt: try row.date("created_at")))
        }
        return records.reversed()
    }

    /// The tool calls of a contact with their times, oldest first (the latest `limit`).
    public func toolCallRecords(contactID: Int64, limit: Int) async throws(StoreError) -> [ToolCallRecord] {
        let rows = try await sql.query("""
            SELECT call_id, name, arguments, result, is_error, created_at FROM tool_calls WHERE contact_id = ?
            ORDER BY id DESC LIMIT \(SQLLimit.literal(limit))
            """, [.int(contactID)])
        var calls: [ToolCallRecord] = []
        for row in rows {
            calls.append(ToolCallRecord(callID: try row.string("call_id"), name: try row.string("name"), arguments: try row.string("arguments"),
                                        result: try row.string("result"), isError: row.bool("is_error"), createdAt: try row.date("created_at")))
        }
        return calls.reversed()
    }

    /// The tool calls of a contact, oldest first.
    public func toolCalls(contactID: Int64) async throws(StoreError) -> [(name: String, arguments: String, result: String, isError: Bool)] {
        let rows = try await sql.query("SELECT name, arguments, result, is_error FROM tool_calls WHERE contact_id = ? ORDER BY id", [.int(contactID)])
        var calls: [(name: String, arguments: String, result: String, isError: Bool)] = []
        for row in rows {
            calls.append((try row.string("name"), try row.string("arguments"), try row.string("result"), row.bool("is_error")))
        }
        return calls
    }
}
