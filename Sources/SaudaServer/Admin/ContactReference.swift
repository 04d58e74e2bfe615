import Foundation
import Hummingbird
import SaudaCore

/// How a request names a contact: by phone number (`/contacts/{phone}`, the earlier system's API path) or by id (web-chat visitors
/// have no phone number). A path segment of up to 9 digits is an id; a phone number written as the API takes it
/// (``APIInput/isWrittenPhone(_:)``: `+7 701 234-56-78`, `87012345678`) is a phone. Nothing else is, not even with
/// spaces around: the OpenAPI document's pattern says the same.
public enum ContactReference: Sendable, Hashable, CustomStringConvertible {
    /// The contact's row id.
    case id(Int64)
    /// Digits of a phone number, country code first.
    case phone(String)

    /// Parses a path segment.
    /// - Throws: ``APIError`` 400 when it is neither.
    public static func parse(_ raw: String) throws -> ContactReference {
        let text = raw.removingPercentEncoding ?? raw
        if (1...9).contains(text.unicodeScalars.count), text.unicodeScalars.allSatisfy(\.isASCIIDigit), let id = Int64(text) { return .id(id) }
        guard APIInput.isWrittenPhone(text), let phone = PhoneNumber.normalize(text) else {
            throw APIError(.badRequest, "«\(text)» is neither a contact id nor a phone number (write it as +7 701 234 56 78 or 77012345678)")
        }
        return .phone(phone)
    }

    public var description: String {
        switch self {
        case .id(let id): "#\(id)"
        case .phone(let phone): "+\(phone)"
        }
    }
}
