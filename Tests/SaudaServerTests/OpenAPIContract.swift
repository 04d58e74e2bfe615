import Foundation
import HTTPTypes
import SaudaCore
import SaudaModels
import Testing

/// The served OpenAPI document, used by the API tests to check answers against the documented schemas.
struct OpenAPIContract: Sendable {
    let document: JSONValue

    /// An operation of the document: method (upper case), path (`/api/v1/contacts/{contact}`) and its least role.
    struct Operation: Hashable {
        let method: String
        let path: String
        let role: String
    }

    var operations: Set<Operation> {
        var found: Set<Operation> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for (method, operation) in item.objectValue ?? [:] {
                found.insert(Operation(method: method.uppercased(), path: path, role: operation["x-sauda-role"]?.stringValue ?? ""))
            }
        }
        return found
    }

    /// The problems of `body` against the schema documented for this answer; a missing schema is a problem too.
    func problems(of body: JSONValue?, method: HTTPRequest.Method, path: String, status: HTTPResponse.Status) -> [String] {
        let answer = document["paths"]?[path]?[method.rawValue.lowercased()]?["responses"]?["\(status.code)"]
        guard let answer else { return ["\(method.rawValue) \(path) does not document status \(status.code)"] }
        guard let schema = answer["content"]?["application/json"]?["schema"] else {
            return body == nil ? [] : ["\(method.rawValue) \(path) \(status.code) documents no body"]
        }
        guard let body else { return ["\(method.rawValue) \(path) \(status.code): no JSON body"] }
        return JSONSchemaValidator.problems(of: body, against: resolved(schema))
    }

    /// `schema` with every `$ref` replaced by the component it names.
    func resolved(_ schema: JSONValue, depth: Int = 0) -> JSONValue {
        guard depth < 20 else { return schema }
        switch schema {
        case .object(let members):
            if let reference = members["$ref"]?.stringValue, let name = reference.split(separator: "/").last,
               let target = document["components"]?["schemas"]?[String(name)] {
                return resolved(target, depth: depth + 1)
            }
            return .object(members.mapValues { resolved($0, depth: depth + 1) })
        case .array(let elements):
            return .array(elements.map { resolved($0, depth: depth + 1) })
        default:
            return schema
        }
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
