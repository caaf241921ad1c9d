import ArgumentParser
import Foundation
import PlanService
import PlanStore

/// Runs a command body, turning service errors into their message and exit status: 1 when refused
/// (or forbidden, or a stale change), 2 for bad input and unknown ids.
enum CommandRunner {
    static func run(_ output: Output, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ServiceError {
            let error = CommandHints.add(to: error)
            report(error, output)
            throw ExitCode(exitStatus(error.kind))
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as StoreError {
            let error = ServiceError(.badInput, [error.description], topic: .database)
            report(error, output)
            throw ExitCode(2)
        } catch {
            report(ServiceError.badInput("\(error)"), output)
            throw ExitCode(2)
        }
    }

    /// The documented exit statuses: 1 refused (a check, a rule, the plan's life, a permission), 2 bad input.
    static func exitStatus(_ kind: ServiceError.Kind) -> Int32 {
        switch kind {
        case .refused, .forbidden, .conflict: return 1
        default: return 2
        }
    }

    static func report(_ error: ServiceError, _ output: Output) {
        if output.json {
            struct Body: Encodable {
                let error: String; let message: String; let reasons: [String]; let fields: [String: String]?
                enum CodingKeys: String, CodingKey { case error, message, reasons, fields }
                func encode(to encoder: Encoder) throws {
                    var c = encoder.container(keyedBy: CodingKeys.self)
                    try c.encode(error, forKey: .error); try c.encode(message, forKey: .message)
                    try c.encode(reasons, forKey: .reasons); try c.encode(fields, forKey: .fields)
                }
            }
            output.printJSON(Body(error: error.kind.description, message: error.message, reasons: error.reasons,
                                  fields: error.fieldMessages.isEmpty ? nil : error.fieldMessages))
        }
        let head = exitStatus(error.kind) == 1 ? "Refused" : "Error"
        if error.reasons.count == 1 {
            Output.error("\(head): \(error.reasons[0])")
        } else {
            Output.error("\(head):\n" + error.reasons.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}

/// The CLI's own hints on a service error: which command or flag helps. The service names the topic;
/// only here do command names and flags appear.
enum CommandHints {
    static func add(to error: Error) -> Error {
        guard let error = error as? ServiceError else { return error }
        return add(to: error)
    }

    static func add(to error: ServiceError) -> ServiceError {
        guard error.reasons.count == 1, let topic = error.topic else { return error }
        var error = error
        let reason = error.reasons[0]
        // Hinted once: an error hinted where it arose (the Rules folder, opened before any command runs) passes
        // through the command runner too.
        error.topic = nil
        switch topic {
        case .plan where error.kind == .notFound:
            error.reasons[0] = reason + " (see `supportplan plan list`)"
        case .unpublishedTemplate:
            if let id = error.subject { error.reasons[0] = reason + " (run `supportplan template publish \(id)`)" }
        case .goalPlan where error.kind == .notFound:
            if let id = error.subject { error.reasons[0] = "--goal-plan: no record with id '\(id)'" }
        case .behaviourPlan where error.kind == .notFound:
            if let id = error.subject { error.reasons[0] = "--behaviour-plan: no record with id '\(id)'" }
        case .goalPlan where error.kind == .badInput:
            error.reasons[0] = "--goal-plan: " + reason
        case .behaviourPlan where error.kind == .badInput:
            error.reasons[0] = "--behaviour-plan: " + reason
        case .comparedPlan:
            if let id = error.subject { error.reasons[0] = reason + ": plan diff \(id) OTHER" }
        case .user where error.kind == .unauthenticated:
            error.reasons[0] = reason + " (--as NAME or $SUPPORTPLAN_AS; an admin sees them with `supportplan user list`)"
        case .user where error.kind == .notFound:
            error.reasons[0] = reason + " (see `supportplan user list`)"
        case .rulesFolder:
            error.reasons[0] = reason.replacingOccurrences(of: ": is ", with: ": is --rules (").replacingOccurrences(of: " a Rules folder?", with: ") a Rules folder?")
        default:
            break
        }
        return error
    }
}
