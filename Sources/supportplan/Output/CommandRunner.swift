import ArgumentParser
import Foundation
import PlanService

/// Runs a command body, turning refusals and bad input into their message and exit status (1 or 2).
enum CommandRunner {
    static func run(_ output: Output, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as ServiceError {
            report(error, output)
            throw ExitCode(error.exitStatus)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            report(ServiceError.badInput("\(error)"), output)
            throw ExitCode(2)
        }
    }

    static func report(_ error: ServiceError, _ output: Output) {
        if output.json {
            struct Body: Encodable { let error: String; let reasons: [String]; let fields: [String: String]? }
            output.printJSON(Body(error: error.kind == .refused ? "refused" : "bad_input", reasons: error.reasons,
                                  fields: error.fieldMessages.isEmpty ? nil : error.fieldMessages))
        }
        let head = error.kind == .refused ? "Refused" : "Error"
        if error.reasons.count == 1 {
            Output.error("\(head): \(error.reasons[0])")
        } else {
            Output.error("\(head):\n" + error.reasons.map { "  - \($0)" }.joined(separator: "\n"))
        }
    }
}
