import SaudaCRM
import Testing

/// The CRM interface's own parts: the errors' reasons and the idempotency keys.
@Suite struct CRMErrorTests {
    @Test func eachKindOfFailureSaysWhatTheCallerDoes() {
        #expect(CRMError.retryable(reason: "read timed out", outcomeUnknown: true).description == "read timed out (the write may have happened)")
        #expect(CRMError.rateLimited(after: .seconds(30), reason: "Airtable 429").description == "Airtable 429 (again after 30.0 seconds)")
        #expect(CRMError.refused(.slotUnavailable, reason: "the time is taken").description == "slot_unavailable: the time is taken")
        #expect(CRMError.notConfigured(reason: "401 INVALID_API_KEY").description == "not configured: 401 INVALID_API_KEY")
        #expect(CRMError.unsupported(.book).description == "this CRM cannot book")
    }

    @Test func aKeyNamesTheBusinessTheConversationAndTheOperation() {
        #expect(IdempotencyKey(tenantID: "default", conversation: "whatsapp/77011234567@c.us", operation: "lead").value
            == "default:whatsapp/77011234567@c.us:lead:1")
        #expect(IdempotencyKey("k").description == "k")
    }
}
