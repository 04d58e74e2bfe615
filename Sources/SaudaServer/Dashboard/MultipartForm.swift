import Foundation
import Hummingbird
import Logging
import SaudaCore
import SaudaStore

/// A `multipart/form-data` body (a form with a file), read into text fields and files.
struct MultipartForm: Sendable {
    /// One uploaded file.
    struct File: Sendable {
        var filename: String
        var data: Data
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    /// The form could not be read.
    struct Malformed: Error, Sendable {}

    /// The longest headers of one part.
    static let maxHeaderBytes = 16_384

    /// The boundary of a `multipart/form-data; boundary=…` content type.
    static func boundary(contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/form-data") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    /// Parses `body`.
    init(body: Data, boundary: String) throws(Malformed) {
        let delimiter = Data(("--" + boundary).utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var position = body.startIndex
        guard let first = body.range(of: delimiter, in: position..<body.endIndex) else { throw Malformed() }
        position = first.upperBound
        while true {
            // After a delimiter: "--" ends the body, CRLF starts a part.
            if body[position...].starts(with: Data("--".utf8)) { break }
            guard body[position...].starts(with: Data("\r\n".utf8)) else { throw Malformed() }
            let partStart = position + 2
            // A part's headers are short: their end is looked for in the first 16 KiB, not through a 20 MB file.
            guard let next = body.range(of: Data("\r\n".utf8) + delimiter, in: partStart..<body.endIndex),
                  let split = body.range(of: headerEnd, in: partStart..<min(next.lowerBound, partStart + Self.maxHeaderBytes)) else {
                throw Malformed()
            }
            let headers = String(decoding: body[partStart..<split.lowerBound], as: UTF8.self)
            let content = Data(body[split.upperBound..<next.lowerBound])
            if let disposition = headers.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-disposition") }) {
                let name = Self.parameter("name", in: String(disposition))
                let filename = Self.parameter("filename", in: String(disposition))
                if let name {
                    if let filename {
                        if !filename.isEmpty { files[name] = File(filename: filename, data: content) }
                    } else {
                        fields[name] = String(decoding: content, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
                    }
                }
            }
            position = next.upperBound
        }
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
