import Foundation

/// How a customer's attachment the agent cannot read (a photo, a document, a location, …) appears in the
/// conversation, and the reply asking for text.
///
/// The attachment is kept as a placeholder such as «[ИЗОБРАЖЕНИЕ]», followed by its caption when it has one:
/// a caption is the customer's own text and is answered like any message; a bare attachment gets
/// ``pleaseWrite``.
public enum MediaNoteText {
    /// The reply to attachments without text.
    public static let pleaseWrite = "Спасибо! К сожалению, я пока не могу открыть вложения 🙏 Пожалуйста, напишите Ваш вопрос текстом — я сразу отвечу."

    /// The placeholder of a WhatsApp message type (`image`, `video`, `document`, `sticker`, `location`, `vcard`, …).
    public static func placeholder(for type: String) -> String {
        switch type {
        case "image": "[ИЗОБРАЖЕНИЕ]"
        case "video": "[ВИДЕО]"
        case "document": "[ДОКУМЕНТ]"
        case "sticker": "[СТИКЕР]"
        case "location": "[ГЕОЛОКАЦИЯ]"
        case "vcard": "[КОНТАКТ]"
        default: "[ВЛОЖЕНИЕ]"
        }
    }

    /// The conversation text of an attachment: its placeholder, then its caption if it shows anything
    /// (``TextAnalysis/isBlank(_:)``).
    public static func text(type: String, caption: String?) -> String {
        let caption = caption?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return TextAnalysis.isBlank(caption) ? placeholder(for: type) : placeholder(for: type) + " " + caption
    }

    /// Whether a message text is an attachment without any text of the customer's.
    public static func isBareAttachment(_ text: String) -> Bool {
        placeholders.contains(text)
    }

    private static let placeholders: Set<String> = Set(["image", "video", "document", "sticker", "location", "vcard", "other"].map(placeholder))
}
