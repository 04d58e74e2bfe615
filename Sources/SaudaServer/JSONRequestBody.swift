import Foundation
import Hummingbird

/// Reads a JSON request body into a type, answering bad bodies with 4xx and a reason.
enum JSONRequestBody {
    /// Decodes the body of `request`.
    /// - Parameter timeout: how long the whole body may take to arrive (`nil`: as long as the connection lives).
    /// - Throws: ``APIError`` 413 over `maxBytes`, 408 when the body is not in within `timeout`, 400 for invalid
    ///   UTF-8, invalid JSON, a missing field or a wrong type.
    static func decode<T: Decodable>(_ type: T.Type, from request: Request, maxBytes: Int, timeout: Duration? = nil) async throws -> T {
        guard let timeout else { return try decode(T.self, bytes: try await collect(request, maxBytes: maxBytes)) }
        let bytes = try await withThrowingTaskGroup(of: Data?.self) { group in
            group.addTask { try await collect(request, maxBytes: maxBytes) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let bytes = first else {
                throw APIError(.requestTimeout, "the request body did not arrive within \(timeout.components.seconds) s")
            }
            return bytes
        }
        return try decode(T.self, bytes: bytes)
    }

    /// Decodes the body of `request`, or returns nil when it is empty (every field of the body is optional).
    static func decodeOptional<T: Decodable>(_ type: T.Type, from request: Request, maxBytes: Int) async throws -> T? {
        let bytes = try await collect(request, maxBytes: maxBytes)
        guard !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return nil }
        return try decode(T.self, bytes: bytes)
    }

    private static func collect(_ request: Request, maxBytes: Int) async throws -> Data {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maxBytes) } catch {
            throw APIError(.contentTooLarge, "request body is larger than \(maxBytes) bytes")
        }
        return Data(buffer.readableBytesView)
    }

    private static func decode<T: Decodable>(_ type: T.Type, bytes: Data) throws -> T {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw APIError(.badRequest, "request body is not valid UTF-8")
        }
        do { return try JSONDecoder().decode(T.self, from: bytes) } catch let error as DecodingError {
            throw APIError(.badRequest, describe(error))
        } catch {
            throw APIError(.badRequest, "request body is not valid JSON")
        }
    }

    /// A reason for a decoding error that names the field.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): "missing field «\(key.stringValue)»"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            "field «\(context.codingPath.map(\.stringValue).joined(separator: "."))» has the wrong type"
        case .dataCorrupted: "request body is not valid JSON"
        @unknown default: "request body is not valid JSON"
        }
    }
}
