import Foundation
import Hummingbird
import NIOCore
import PlanService

/// A request's JSON object body, read strictly: valid JSON, an object, no key it does not name,
/// each value of the type its field needs. Every refusal is bad input naming the field.
public struct RequestBody: Sendable {
    public let fields: [String: JSONValue]

    /// Reads the body as an object with at most `keys`; an empty body is an empty object.
    public static func read(_ request: Request, keys: [String], settings: ServerSettings) async throws -> RequestBody {
        let data = try await bytes(request, settings: settings)
        if data.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return RequestBody(fields: [:]) }
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw APIError.badInput("The request body is not valid JSON")
        }
        guard case .object(let fields) = value else {
            throw APIError.badInput("The request body must be a JSON object, not \(value.kindDescription)")
        }
        let unknown = fields.keys.filter { !keys.contains($0) }.sorted()
        if let first = unknown.first {
            let expected = keys.isEmpty ? "this request takes no fields" : "expected \(keys.joined(separator: ", "))"
            throw APIError.badInput("Unknown field '\(first)' in the request body (\(expected))")
        }
        return RequestBody(fields: fields)
    }

    /// The raw body, refused when over `limit` bytes.
    public static func bytes(_ request: Request, settings: ServerSettings) async throws -> Data {
        let limit = settings.bodyLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.badInput(tooLarge(limit))
        }
        let body = request.body
        do {
            let timeLimit = settings.requestTimeLimit
            return try await TimeLimit.bounded(timeLimit, timeout: {
                APIError(kind: "timeout", status: .serviceUnavailable,
                         reasons: ["Receiving the request body took longer than the server's limit of \(timeLimit); nothing was changed"])
            }) {
                Data(try await body.collect(upTo: limit).readableBytesView)
            }
        } catch is NIOTooManyBytesError {
            throw APIError.badInput(tooLarge(limit))
        }
    }

    static func tooLarge(_ limit: Int) -> String { "The request body is over the server's limit of \(limit) bytes" }

    public func string(_ key: String) throws -> String? {
        switch fields[key] {
        case nil, .null?: return nil
        case .string(let s)?: return s
        case let other?: throw wrongType(key, "text", other)
        }
    }

    public func requiredString(_ key: String) throws -> String {
        guard let s = try string(key) else { throw APIError.badInput("Field '\(key)' is required") }
        return s
    }

    public func bool(_ key: String) throws -> Bool? {
        switch fields[key] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case let other?: throw wrongType(key, "true or false", other)
        }
    }

    public func integer(_ key: String) throws -> Int? {
        switch fields[key] {
        case nil, .null?: return nil
        case .integer(let i)?: return i
        case let other?: throw wrongType(key, "a whole number", other)
        }
    }

    public func strings(_ key: String) throws -> [String] {
        switch fields[key] {
        case nil, .null?: throw APIError.badInput("Field '\(key)' is required")
        case .array(let items)?:
            return try items.enumerated().map { i, item in
                guard case .string(let s) = item else { throw wrongType("\(key)[\(i)]", "text", item) }
                return s
            }
        case let other?: throw wrongType(key, "a list of text", other)
        }
    }

    /// `{"field": value, ...}`, required.
    public func object(_ key: String) throws -> [String: JSONValue] {
        switch fields[key] {
        case nil, .null?: throw APIError.badInput("Field '\(key)' is required")
        case .object(let o)?: return o
        case let other?: throw wrongType(key, "an object of field: value", other)
        }
    }

    private func wrongType(_ key: String, _ expected: String, _ got: JSONValue) -> APIError {
        APIError.badInput("Field '\(key)' must be \(expected), not \(got.kindDescription)")
    }
}
