import Foundation
import Hummingbird
import SaudaCore

/// How a request names a contact: by phone number (`/contacts/{phone}`, the earlier system's API path) or by id (web-chat visitors
/// have no phone number). A path segment of up to 9 digits is an id; anything a phone number parses from is a phone.
public enum ContactReference: Sendable, Hashable, CustomStringConvertible {
    /// The contact's row id.
    case id(Int64)
    /// Digits of a phone number, country code first.
    case phone(String)

    /// Parses a path segment.
    /// - Throws: ``APIError`` 400 when it is neither.
    public static func parse(_ raw: String) throws -> ContactReference {
        let text = (raw.removingPercentEncoding ?? raw).trimmingCharacters(in: .whitespaces)
        if text.count <= 9, !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let id = Int64(text) { return .id(id) }
        guard let phone = PhoneNumber.normalize(text) else {
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

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
