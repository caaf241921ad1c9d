import Foundation
import PlanModel
import RulesReader

/// Clients read from a JSON array or JSON lines and checked against `profile.yaml` and
/// `record-types.yaml`; every problem names the file, the entry and the field.
///
/// Each entry is a change, not a whole client: a key left out leaves that field as it is, `null` clears
/// it. Merging it over what is stored (or replacing, when asked) is the service's part.
public struct ClientImport: Sendable {
    /// One client entry: the fields it gives, `nil` for a field given as `null`.
    public struct Entry: Sendable {
        public var id: String
        /// `entry 2 (C-0001)` or `line 2 (C-0001)`, for messages.
        public var label: String
        public var name: String?
        public var profile: [String: FieldValue?]
        public var records: [RecordEntry]
    }

    /// One record of an entry, with the fields it gives.
    public struct RecordEntry: Sendable {
        public var id: String
        public var type: String
        /// `entry 2 (C-0001), records[0]`, for messages.
        public var label: String
        public var fields: [String: FieldValue?]
    }

    public var entries: [Entry]

    public static func read(data: Data, file: String, profile: ProfileSchema, recordTypes: RecordTypeCatalog) throws(ServiceError) -> ClientImport {
        let parts = try split(data, file: file)
        var problems: [String] = []
        var entries: [Entry] = []
        var seenClients: [String: String] = [:]
        var seenRecords: [String: String] = [:]

        for (label, value) in parts {
            func problem(_ what: String, _ message: String) {
                problems.append("\(file): \(label)\(what.isEmpty ? "" : ", \(what)"): \(message)")
            }
            guard let object = value as? [String: Any] else { problem("", "expected an object with id, name, profile and records"); continue }
            for key in object.keys.sorted() where !["id", "name", "profile", "records"].contains(key) {
                problem(key, "unknown key (expected id, name, profile, records)")
            }
            guard let id = object["id"] as? String, !id.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem("id", "is required and must be text"); continue
            }
            let entryLabel = "\(label) (\(id))"
            func entryProblem(_ what: String, _ message: String) { problems.append("\(file): \(entryLabel), \(what): \(message)") }
            if let earlier = seenClients[id] { entryProblem("id", "client \(id) appears twice (also \(earlier))") }
            seenClients[id] = label
            var entry = Entry(id: id, label: entryLabel, name: nil, profile: [:], records: [])
            if let raw = object["name"] {
                if let name = raw as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty { entry.name = name } else {
                    entryProblem("name", "must be non-blank text (leave it out to keep the stored name)")
                }
            }

            if let raw = object["profile"] {
                if let map = raw as? [String: Any] {
                    for (key, v) in map.sorted(by: { $0.key < $1.key }) {
                        guard let field = profile.field(key) else {
                            entryProblem("profile.\(key)", "is not a field of profile.yaml"); continue
                        }
                        switch FieldValueReader.read(json: v, as: field) {
                        case .failure(let e): entryProblem("profile.\(key)", e.description)
                        case .success(let fv):
                            guard let fv else { entry.profile[key] = .some(nil); continue }
                            if let p = profile.problem(with: fv, for: field) { entryProblem("profile.\(key)", p) } else { entry.profile[key] = fv }
                        }
                    }
                } else { entryProblem("profile", "expected an object of field: value") }
            }

            if let raw = object["records"] {
                guard let list = raw as? [Any] else { entryProblem("records", "expected a list of records"); continue }
                for (i, item) in list.enumerated() {
                    let at = "records[\(i)]"
                    guard let record = item as? [String: Any] else { entryProblem(at, "expected an object with id and type"); continue }
                    guard let rid = record["id"] as? String, !rid.isEmpty else { entryProblem("\(at).id", "is required"); continue }
                    guard let typeKey = record["type"] as? String, let type = recordTypes[typeKey] else {
                        entryProblem("\(at).type", "'\(record["type"] as? String ?? "")' is not a record type of record-types.yaml"); continue
                    }
                    if let problem = type.idProblem(rid) { entryProblem("\(at).id", problem) }
                    if let earlier = seenRecords[rid] { entryProblem("\(at).id", "record \(rid) appears twice (also \(earlier))") }
                    seenRecords[rid] = entryLabel
                    var fields: [String: FieldValue?] = [:]
                    for (key, v) in record.sorted(by: { $0.key < $1.key }) where key != "id" && key != "type" {
                        guard let field = type.field(key) else { entryProblem("\(at).\(key)", "is not a field of \(typeKey)"); continue }
                        switch FieldValueReader.read(json: v, as: field) {
                        case .failure(let e): entryProblem("\(at).\(key)", e.description)
                        case .success(let fv):
                            // Types and options now; `required` once merged with the stored record.
                            var optional = field
                            optional.required = false
                            if let fv, let p = optional.problem(with: fv) { entryProblem("\(at).\(key)", p) } else { fields[key] = .some(fv) }
                        }
                    }
                    entry.records.append(RecordEntry(id: rid, type: typeKey, label: "\(entryLabel), \(at)", fields: fields))
                }
            }
            entries.append(entry)
        }
        guard problems.isEmpty else { throw .badInput(problems) }
        return ClientImport(entries: entries)
    }

    /// The entries of a JSON array, or of JSON lines (one object per line), labelled for messages.
    static func split(_ data: Data, file: String) throws(ServiceError) -> [(label: String, value: Any)] {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .badInput("\(file): the file is empty; expected a JSON array or JSON lines of clients") }
        let bytes = [UInt8](data)
        if trimmed.hasPrefix("[") {
            do throws(StrictJSON.Problem) { try StrictJSON.check(bytes) } catch {
                throw .badInput("\(file):\(error.line):\(error.column): \(error.message)")
            }
            do {
                let value = try JSONSerialization.jsonObject(with: Data(trimmed.utf8), options: [.fragmentsAllowed])
                guard let array = value as? [Any] else { throw ServiceError.badInput("\(file): expected a JSON array of clients") }
                return array.enumerated().map { ("entry \($0.offset + 1)", $0.element) }
            } catch let error as ServiceError {
                throw error
            } catch {
                throw .badInput("\(file): not valid JSON: \(jsonMessage(error))")
            }
        }
        var entries: [(label: String, value: Any)] = []
        var problems: [String] = []
        for (i, line) in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let lineBytes = Array(line)
            do throws(StrictJSON.Problem) { try StrictJSON.check(lineBytes, firstLine: i + 1) } catch {
                if lineBytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                problems.append("\(file):\(error.line):\(error.column): \(error.message)")
                continue
            }
            let body = String(decoding: lineBytes, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if body.isEmpty { continue }
            do {
                entries.append(("line \(i + 1)", try JSONSerialization.jsonObject(with: Data(body.utf8), options: [.fragmentsAllowed])))
            } catch {
                problems.append("\(file):\(i + 1): not valid JSON: \(jsonMessage(error))")
            }
        }
        guard problems.isEmpty else { throw .badInput(problems) }
        return entries
    }

    static func jsonMessage(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
