import Foundation
import SaudaCore

/// Checks tool arguments against the JSON Schema subset tools are declared with: `type` (one or a list),
/// `properties`, `required`, `additionalProperties: false`, `enum`, `minimum`/`maximum`,
/// `minLength`/`maxLength`, `items`, `minItems`/`maxItems`.
public enum JSONSchemaValidator {
    /// The problems of `value` against `schema`, empty when it is valid. Each names the path (`$.time`).
    public static func problems(of value: JSONValue, against schema: JSONValue, path: String = "$") -> [String] {
        var problems: [String] = []
        if let types = allowedTypes(schema), !types.contains(where: { matches(value, type: $0) }) {
            return ["\(path): expected \(types.joined(separator: " or ")), got \(typeName(value))"]
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): must be one of \(JSONValue.array(options).jsonText)")
        }
        switch value {
        case .object(let object):
            let properties = schema["properties"]?.objectValue ?? [:]
            for name in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil || object[name] == .null {
                if object[name] == nil || !(allowedTypes(properties[name] ?? [:])?.contains("null") ?? false) {
                    problems.append("\(path).\(name): required")
                }
            }
            for (name, member) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[name] {
                    problems += Self.problems(of: member, against: propertySchema, path: "\(path).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    problems.append("\(path).\(name): unknown property")
                }
            }
        case .array(let elements):
            if let minimum = schema["minItems"]?.numberValue, Double(elements.count) < minimum {
                problems.append("\(path): at least \(Int(minimum)) items")
            }
            if let maximum = schema["maxItems"]?.numberValue, Double(elements.count) > maximum {
                problems.append("\(path): at most \(Int(maximum)) items")
            }
            if let items = schema["items"] {
                for (index, element) in elements.enumerated() {
                    problems += Self.problems(of: element, against: items, path: "\(path)[\(index)]")
                }
            }
        case .number(let number):
            if let minimum = schema["minimum"]?.numberValue, number < minimum { problems.append("\(path): at least \(minimum)") }
            if let maximum = schema["maximum"]?.numberValue, number > maximum { problems.append("\(path): at most \(maximum)") }
        case .string(let string):
            if let minimum = schema["minLength"]?.numberValue, Double(string.count) < minimum {
                problems.append("\(path): at least \(Int(minimum)) characters")
            }
            if let maximum = schema["maxLength"]?.numberValue, Double(string.count) > maximum {
                problems.append("\(path): at most \(Int(maximum)) characters")
            }
        case .null, .bool:
            break
        }
        return problems
    }

    private static func allowedTypes(_ schema: JSONValue) -> [String]? {
        if let type = schema["type"]?.stringValue { return [type.lowercased()] }
        if let types = schema["type"]?.arrayValue { return types.compactMap { $0.stringValue?.lowercased() } }
        return nil
    }

    private static func matches(_ value: JSONValue, type: String) -> Bool {
        switch (value, type) {
        case (.object, "object"), (.array, "array"), (.string, "string"), (.bool, "boolean"), (.null, "null"), (.number, "number"):
            true
        case (.number(let number), "integer"):
            number.rounded() == number
        default:
            false
        }
    }

    private static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .bool: "boolean"
        case .null: "null"
        case .number: "number"
        }
    }
}
