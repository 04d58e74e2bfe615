import Foundation
@testable import SaudaChannels
import SaudaBus
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

/// The sender's lanes are the numbers that really send: a reply that names no connection shares the lane of those that
/// name the business's default one, so a chat's replies stay in one lane whichever way they were written.
@Suite struct OutgoingSenderLaneTests {
    /// A channel whose replies without a connection leave from `wa-first`, as a business's default number.
    struct Numbers: ChannelDelivery {
        var channel: Channel { .whatsapp }
        func deliver(_ message: OutgoingMessagePayload) async throws(DeliveryError) -> DeliveryReceipt { DeliveryReceipt(status: "sent") }
        func didRecord(_ message: OutgoingMessagePayload, status: String) {}
        func sendingConnection(tenantID: String, named connection: String?) -> String? {
            tenantID == "shop" ? connection ?? "wa-first" : connection
        }
    }

    static func delivery(tenant: String, channel: Channel, connection: String?) throws -> Delivery {
        var payload = OutgoingMessagePayload(phoneNumber: "+77017770011", messageText: "Здравствуйте", replyToMessageID: nil, markAsRead: false,
                                             tenant: tenant, channel: channel, chatID: "77017770011@c.us", outgoingID: "bot-1")
        payload.connection = connection
        let message = QueuedMessage(id: 1, queue: "outgoing_messages", partitionKey: "\(tenant)/\(channel.rawValue)/77017770011@c.us",
                                    tenantID: tenant, payload: try PayloadCoding.encode(payload), attempts: 0, createdAt: Date())
        return Delivery(queue: .outgoing, message: message)
    }

    @Test func aReplyNamingNoNumberSharesTheLaneOfTheDefaultNumber() async throws {
        let cases: [(Delivery, String)] = [
            (try Self.delivery(tenant: "shop", channel: .whatsapp, connection: nil), "shop/whatsapp/wa-first"),
            (try Self.delivery(tenant: "shop", channel: .whatsapp, connection: "wa-first"), "shop/whatsapp/wa-first"),
            (try Self.delivery(tenant: "shop", channel: .whatsapp, connection: "wa-second"), "shop/whatsapp/wa-second"),
            // A business without connections, and a channel without them, keep the plain lane.
            (try Self.delivery(tenant: "other", channel: .whatsapp, connection: nil), "other/whatsapp"),
            (try Self.delivery(tenant: "shop", channel: .webchat, connection: nil), "shop/webchat"),
        ]
        try await withTestDatabase(.sqlite) { database in
            let sender = OutgoingSender(database: database, bus: TestQueues.bus(database, incoming: 10),
                                        channels: [Numbers(), WebChatDelivery(hub: WebChatHub())], logger: testLogger)
            for (delivery, lane) in cases { #expect(sender.lane(of: delivery) == lane) }
        }
    }
}
