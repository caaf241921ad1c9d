import Foundation
import PlanModel

/// Clients read from a JSON array or JSON lines and checked against `profile.yaml` and
/// `record-types.yaml`; every problem names the file, the entry and the field.
public struct ClientImport: Sendable {
    public var clients: [Client]
    public var records: [ClientRecord]

    public static func read(data: Data, file: String, profile: ProfileSchema, recordTypes: RecordTypeCatalog) throws(ServiceError) -> ClientImport {
        let entries = try split(data, file: file)
        var problems: [String] = []
        var clients: [Client] = []
        var records: [ClientRecord] = []
        var seenClients: [String: String] = [:]
        var seenRecords: [String: String] = [:]

        for (label, value) in entries {
            func problem(_ what: String, _ message: String) {
                problems.append("\(file): \(label)\(what.isEmpty ? "" : ", \(what)"): \(message)")
            }
            guard let object = value as? [String: Any] else { problem("", "expected an object with id, name, profile and records"); continue }
            for key in object.keys where !["id", "name", "profile", "records"].contains(key) {
                problem(key, "unknown key (expected id, name, profile, records)")
            }
            guard let id = object["id"] as? String, !id.trimmingCharacters(in: .whitespaces).isEmpty else {
                problem("id", "is required and must be text"); continue
            }
            let entry = "\(label) (\(id))"
            func entryProblem(_ what: String, _ message: String) { problems.append("\(file): \(entry), \(what): \(message)") }
            if let earlier = seenClients[id] { entryProblem("id", "client \(id) appears twice (also \(earlier))") }
            seenClients[id] = label
            guard let name = object["name"] as? String, !name.isEmpty else { entryProblem("name", "is required and must be text"); continue }

            var values = FieldValues()
            if let raw = object["profile"] {
                if let map = raw as? [String: Any] {
                    for (key, v) in map.sorted(by: { $0.key < $1.key }) {
                        guard let field = profile.field(key) else {
                            entryProblem("profile.\(key)", "is not a field of profile.yaml"); continue
                        }
                        switch FieldValueReader.read(json: v, as: field) {
                        case .failure(let e): entryProblem("profile.\(key)", e.description)
                        case .success(let fv):
                            guard let fv else { continue }
                            // A profile may be incomplete: `required` is a plan item's concern, types are not.
                            var optional = field
                            optional.required = false
                            if let p = optional.problem(with: fv) { entryProblem("profile.\(key)", p) } else { values[key] = fv }
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
                    seenRecords[rid] = entry
                    var fields = FieldValues()
                    for (key, v) in record.sorted(by: { $0.key < $1.key }) where key != "id" && key != "type" {
                        guard let field = type.field(key) else { entryProblem("\(at).\(key)", "is not a field of \(typeKey)"); continue }
                        switch FieldValueReader.read(json: v, as: field) {
                        case .failure(let e): entryProblem("\(at).\(key)", e.description)
                        case .success(let fv): if let fv { fields[key] = fv }
                        }
                    }
                    for field in type.fields {
                        if let p = field.problem(with: fields[field.key]) { entryProblem("\(at).\(field.key)", p) }
                    }
                    records.append(ClientRecord(id: rid, type: typeKey, clientID: id, fields: fields))
                }
            }
            clients.append(Client(id: id, name: name, profile: values))
        }
        guard problems.isEmpty else { throw .badInput(problems) }
        return ClientImport(clients: clients, records: records)
    }

    /// The entries of a JSON array, or of JSON lines (one object per line), labelled for messages.
    static func split(_ data: Data, file: String) throws(ServiceError) -> [(label: String, value: Any)] {
        let text = String(decoding: data, as: UTF8.self)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .badInput("\(file): the file is empty; expected a JSON array or JSON lines of clients") }
        if trimmed.hasPrefix("[") {
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
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let body = line.trimmingCharacters(in: .whitespaces)
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
