import Foundation
import SaudaChannelTelegram
import SaudaChannels
import SaudaCore
import Testing

@testable import SaudaChannelTelegram

/// How Telegram's updates read as Sauda's inbound events, without a server.
struct TelegramInboundMappingTests {
    static let bot: Int64 = 7_000_000_001

    static func update(_ json: String) throws -> TelegramUpdate {
        try TelegramUpdate.parse(try JSONValue.parse(json))
    }

    static func message(_ fields: String, chat: Int64 = 523_456_789, type: String = "private", from: Int64? = 523_456_789) -> String {
        let sender = from.map { #", "from": {"id": \#($0), "is_bot": false, "first_name": "Даурен", "last_name": "А", "username": "dauren"}"# } ?? ""
        return #"{"message_id": 12, "date": 1767229200, "chat": {"id": \#(chat), "type": "\#(type)"}\#(sender)\#(fields.isEmpty ? "" : ", " + fields)}"#
    }

    @Test func aPrivateTextIsACustomerMessageKeyedByBotChatAndMessage() throws {
        let event = TelegramInbound.event(of: try Self.update(#"{"update_id": 5, "message": \#(Self.message(#""text": "Сколько стоит?""#))}"#),
                                          botID: Self.bot)
        guard case .customerMessage(let message) = event else { Issue.record("\(event)"); return }
        #expect(message.chatID == "7000000001:523456789")
        #expect(message.id == "7000000001:523456789:12")
        #expect(message.content == .text("Сколько стоит?"))
        #expect(message.senderName == "Даурен А")
        #expect(message.username == "dauren")
        #expect(message.phoneNumber == nil)
    }

    @Test func startWithAPayloadGreetsAndKeepsTheSource() throws {
        let event = TelegramInbound.event(of: try Self.update(#"{"update_id": 5, "message": \#(Self.message(#""text": "/start promo_42""#))}"#),
                                          botID: Self.bot)
        guard case .customerMessage(let message) = event else { Issue.record("\(event)"); return }
        #expect(message.content == .text("Здравствуйте!"))
        #expect(message.startParameter == "promo_42")
        #expect(TelegramInbound.startCommand("/start") == "")
        #expect(TelegramInbound.startCommand("/start@sauda_bot abc") == "abc")
        #expect(TelegramInbound.startCommand("/starter") == nil)
    }

    @Test func voiceContactAndPhotoReadAsTheirKinds() throws {
        let voice = TelegramInbound.event(of: try Self.update(#"{"update_id": 1, "message": \#(Self.message(#""voice": {"file_id": "AwAD1", "file_unique_id": "u1", "duration": 3, "mime_type": "audio/ogg"}"#))}"#), botID: Self.bot)
        guard case .customerMessage(let note) = voice, case .voiceNote(let audio) = note.content else { Issue.record("\(voice)"); return }
        #expect(audio.mediaID == "AwAD1")
        #expect(audio.mimeType == "audio/ogg")

        let contact = TelegramInbound.event(of: try Self.update(#"{"update_id": 2, "message": \#(Self.message(#""contact": {"phone_number": "+7 701 555 00 11", "first_name": "Д", "user_id": 523456789}"#))}"#), botID: Self.bot)
        guard case .customerMessage(let shared) = contact else { Issue.record("\(contact)"); return }
        #expect(shared.sharedPhoneNumber == "77015550011")
        #expect(shared.content == .attachment(kind: "vcard", caption: "+77015550011"))

        let someoneElse = TelegramInbound.event(of: try Self.update(#"{"update_id": 3, "message": \#(Self.message(#""contact": {"phone_number": "77015550099", "first_name": "X", "user_id": 1}"#))}"#), botID: Self.bot)
        guard case .customerMessage(let other) = someoneElse else { Issue.record("\(someoneElse)"); return }
        #expect(other.sharedPhoneNumber == nil, "another person's card is not the customer's number")

        let photo = TelegramInbound.event(of: try Self.update(#"{"update_id": 4, "message": \#(Self.message(#""photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}], "caption": "такой есть?""#))}"#), botID: Self.bot)
        guard case .customerMessage(let picture) = photo else { Issue.record("\(photo)"); return }
        #expect(picture.content == .attachment(kind: "image", caption: "такой есть?"))
    }

    @Test func groupsBotsAndOtherUpdatesAreDropped() throws {
        let group = TelegramInbound.event(of: try Self.update(#"{"update_id": 1, "message": \#(Self.message(#""text": "hi""#, chat: -100123, type: "supergroup"))}"#), botID: Self.bot)
        #expect(group == .dropped(reason: "group"))
        let inGroup = #"{"update_id": 2, "my_chat_member": {"chat": {"id": -5, "type": "group"}, "new_chat_member": {"status": "member"}}}"#
        #expect(TelegramInbound.event(of: try Self.update(inGroup), botID: Self.bot) == .dropped(reason: "my_chat_member"))
        let deleted = #"{"update_id": 3, "deleted_business_messages": {"business_connection_id": "x", "message_ids": [1]}}"#
        #expect(TelegramInbound.event(of: try Self.update(deleted), botID: Self.bot) == .dropped(reason: "deleted_business_messages"))
    }

    @Test func blockingAndRestartingTheBotChangeTheCustomersReachability() throws {
        func member(_ status: String) throws -> InboundEvent {
            TelegramInbound.event(of: try Self.update(#"{"update_id": 4, "my_chat_member": {"chat": {"id": 77, "type": "private"}, "from": {"id": 77, "is_bot": false, "first_name": "A"}, "date": 1, "old_chat_member": {"status": "member"}, "new_chat_member": {"status": "\#(status)"}}}"#), botID: Self.bot)
        }
        #expect(try member("kicked") == .reachability(InboundReachability(chatID: "7000000001:77", reachable: false, reason: "blocked the bot on Telegram")))
        #expect(try member("member") == .reachability(InboundReachability(chatID: "7000000001:77", reachable: true, reason: "blocked the bot on Telegram")))
        #expect(try member("administrator") == .dropped(reason: "my_chat_member"))
    }

    @Test func anEditIsRecordedNotAnswered() throws {
        let event = TelegramInbound.event(of: try Self.update(#"{"update_id": 6, "edited_message": \#(Self.message(#""text": "Сколько стоит EVA?", "edit_date": 1767229260"#))}"#), botID: Self.bot)
        guard case .customerEdit(let edit) = event else { Issue.record("\(event)"); return }
        #expect(edit.id == "7000000001:523456789:12")
        #expect(edit.text == "Сколько стоит EVA?")
    }

    @Test func businessMessagesTellTheCustomerTheOwnerAndTheBotsEcho() throws {
        let connection = "AQADx4kAAb-_1"
        func business(from: Int64, extra: String = "") throws -> InboundEvent {
            let fields = #""text": "Есть окно на пятницу?", "business_connection_id": "\#(connection)""# + extra
            return TelegramInbound.event(of: try Self.update(#"{"update_id": 9, "business_message": \#(Self.message(fields, from: from))}"#),
                                         botID: Self.bot, answering: [connection: true])
        }
        guard case .customerMessage(let customer) = try business(from: 523_456_789) else { Issue.record("customer"); return }
        #expect(customer.chatID == "7000000001:\(connection):523456789")
        guard case .businessMessage(let owner) = try business(from: 42) else { Issue.record("owner"); return }
        #expect(owner.origin == .person)
        #expect(try business(from: 42, extra: #", "sender_business_bot": {"id": 7000000001, "is_bot": true, "first_name": "Bot"}"#) == .dropped(reason: "own_echo"))
        let withoutRights = TelegramInbound.event(
            of: try Self.update(#"{"update_id": 9, "business_message": \#(Self.message(#""text": "?", "business_connection_id": "\#(connection)""#))}"#),
            botID: Self.bot, answering: [connection: false])
        #expect(withoutRights == .dropped(reason: "cannot_reply"))
    }

    @Test func aPayloadNotAsTelegramWritesItIsRefusedAndAnUpdateWithoutIdUnreadable() throws {
        let event = TelegramInbound.event(of: try Self.update(#"{"update_id": 1, "message": {"text": "no chat"}}"#), botID: Self.bot)
        guard case .refused(let violation) = event else { Issue.record("\(event)"); return }
        #expect(violation.field == "message")
        #expect(throws: TelegramUpdate.Unreadable.self) { try Self.update(#"{"message": {}}"#) }
        #expect(throws: TelegramUpdate.Unreadable.self) { try Self.update(#"[1]"#) }
    }

    @Test func chatKeysReadBack() {
        let plain = TelegramChat(botID: 1, chatID: 2)
        #expect(TelegramChat(plain.description) == plain)
        let business = TelegramChat(botID: 1, businessConnectionID: "AQ-_x", chatID: -5)
        #expect(TelegramChat(business.description) == business)
        #expect(TelegramChat("77011234567@c.us") == nil)
        #expect(TelegramChat("1:bad/id:2") == nil)
        #expect(TelegramChat.messageID(ofKey: business.messageKey(77)) == 77)
    }
}
