import Foundation
import SaudaCore

/// A line of `sauda eval classify`: a contact, its messages, and whether the writer is a client.
struct ClassificationCase: Decodable {
    struct Contact: Decodable {
        var name: String?
        var fullName: String?
        var businessName: String?

        enum CodingKeys: String, CodingKey {
            case name, fullName = "full_name", businessName = "business_name"
        }
    }

    struct Message: Decodable {
        var from: String
        var text: String
    }

    var contact: Contact?
    var messages: [Message]
    /// true: a client, false: not a client, null: cannot tell yet.
    var label: Bool?

    enum CodingKeys: String, CodingKey {
        case contact, messages, label
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        contact = try container.decodeIfPresent(Contact.self, forKey: .contact)
        messages = try container.decode([Message].self, forKey: .messages)
        // `label` must be present: null is a label of its own.
        guard container.contains(.label) else {
            throw DecodingError.keyNotFound(CodingKeys.label, .init(codingPath: [], debugDescription: "label"))
        }
        label = try container.decodeNil(forKey: .label) ? nil : container.decode(Bool.self, forKey: .label)
    }

    /// Evaluates the moderator's rules on one line. Every message counts: the set asks what the rules conclude
    /// from the conversation as given, not whether enough messages have arrived yet.
    static func evaluate(_ line: String) -> Evaluation.Outcome {
        let testCase: ClassificationCase
        switch Evaluation.decode(ClassificationCase.self, from: line) {
        case .success(let decoded): testCase = decoded
        case .failure(let error): return .skipped(error.description)
        }
        if let bad = testCase.messages.first(where: { !["client", "bot"].contains($0.from) }) {
            return .skipped("\"from\" must be client or bot, not \"\(bad.from)\"")
        }
        let messages = testCase.messages.map {
            ConversationMessage(author: $0.from == "bot" ? .bot : .customer, text: $0.text, sentAt: .distantPast)
        }
        let profile = ContactProfile(name: testCase.contact?.name, fullName: testCase.contact?.fullName,
                                     businessName: testCase.contact?.businessName)
        let verdict = ClientClassifier(minimumMessages: 1).classify(profile: profile, messages: messages)
        guard verdict.isClient != testCase.label else { return .correct }
        let texts = testCase.messages.filter { $0.from == "client" }.map(\.text).joined(separator: "\n")
        return .miss("expected \(Self.name(testCase.label)), got \(Self.name(verdict.isClient)) "
            + "(confidence \(String(format: "%.2f", verdict.confidence)); \(verdict.reasoning)): \(Evaluation.quote(texts))")
    }

    static func name(_ label: Bool?) -> String {
        label.map { $0 ? "true" : "false" } ?? "null"
    }
}
