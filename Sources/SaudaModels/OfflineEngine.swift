import Foundation
import SaudaCore

/// The offline model: a deterministic rule engine behind the language-model protocol.
///
/// It classifies contacts with the moderator prompt's criteria (``ClientClassifier``), reads answers with the rules of
/// ``ReplyIntent`` and answers clients from the knowledge passages of the turn: prices, delivery, guarantee, products,
/// SPIN questions and call offers, in Russian or English; with the `book_call` tool it books the slot a client agrees
/// to. It is the default when no model key is set.
public struct OfflineEngine: LanguageModel {
    public let name = "offline"
    /// The model name of its answers (how a fallback answer is recognised).
    public static let modelName = "offline"

    /// Creates the engine.
    public init() {}

    public func respond(to request: ModelRequest) async throws(ModelError) -> ModelResponse {
        let text: String
        switch request.purpose {
        case .moderation:
            let verdict = ClientClassifier(minimumMessages: 1).classify(profile: request.context.contact, messages: request.history)
            text = Self.json(verdict)
        case .transcription:
            throw ModelError(.unsupported, "the offline engine does not transcribe audio")
        case .followUp:
            text = FollowUpWriter(request: request).text()
        case .replyIntent:
            text = Self.json(ReplyIntent.of(request.context.newMessages.last ?? ""))
        case .sales:
            if let toolStep = OfflineToolIntent(request: request).response() { return toolStep }
            text = SalesRules(request: request).reply()
        }
        let promptCharacters = TextAnalysis.scalarCount(request.systemInstruction)
            + request.history.reduce(0) { $0 + TextAnalysis.scalarCount($1.text) }
            + request.knowledge.reduce(0) { $0 + TextAnalysis.scalarCount($1.text) }
        return ModelResponse(text: text, finishReason: .stop,
                             usage: TokenUsage(input: promptCharacters / 4 + 1, output: TextAnalysis.scalarCount(text) / 4 + 1), model: name)
    }

    /// The rules' reading of an answer in the JSON the reply-intent prompt asks for.
    static func json(_ intent: ReplyIntent) -> String {
        struct Answer: Encodable {
            let reasoning: String
            let intent: String
        }
        let answer = Answer(reasoning: "Правила ответа (offline)", intent: intent.rawValue)
        return (try? PayloadCoding.encode(answer)) ?? #"{"reasoning":"encoding failed","intent":"other"}"#
    }

    static func json(_ verdict: Classification) -> String {
        struct Answer: Encodable {
            let isClient: Bool?
            let confidence: Double
            let reasoning: String
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: Keys.self)
                if let isClient { try container.encode(isClient, forKey: .isClient) } else { try container.encodeNil(forKey: .isClient) }
                try container.encode((confidence * 100).rounded() / 100, forKey: .confidence)
                try container.encode(reasoning, forKey: .reasoning)
            }
            enum Keys: String, CodingKey { case isClient, confidence, reasoning }
        }
        let answer = Answer(isClient: verdict.isClient, confidence: verdict.confidence, reasoning: verdict.reasoning)
        return (try? PayloadCoding.encode(answer)) ?? #"{"isClient":null,"confidence":0,"reasoning":"encoding failed"}"#
    }
}
