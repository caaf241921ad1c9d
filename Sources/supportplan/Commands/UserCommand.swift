import ArgumentParser
import Foundation
import PlanModel
import PlanService

extension Role: ExpressibleByArgument {
    public init?(argument: String) { self.init(named: argument) }
    public static var allValueStrings: [String] { Role.names }
}

struct UserCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage users, their roles, passwords and API tokens (admins only).",
        discussion: """
        A database without users is a single-user installation: every command runs as a local \
        administrator. The first user added must be an admin; from then on --as (or $SUPPORTPLAN_AS) \
        must name a user, and only admins manage users.

        Roles: worker, coordinator, team_leader, implementer, admin (see docs/users.md).

        Examples:
          printf '%s\\n' 'a long passphrase' | supportplan user add ana --role admin --password-stdin
          supportplan user add jo --role worker --as ana
          supportplan user token jo --as ana
        """,
        subcommands: [Add.self, List.self, Remove.self, Password.self, Token.self, Revoke.self])

    /// The first line of standard input: the password, never echoed or logged.
    static func readPassword() throws -> String {
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw ServiceError.badInput("The password on standard input is not UTF-8 text") }
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a user with one or more roles.",
            discussion: "Example:\n  printf '%s\\n' \"$PASSWORD\" | supportplan user add cora --role coordinator --password-stdin")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The user's name (letters, digits, '.', '_', '-', '@').") var name: String
        @Option(parsing: .upToNextOption, help: "Roles: worker, coordinator, team_leader, implementer, admin.") var role: [Role] = []
        @Flag(help: "Read the password (for signing in to the web page) from the first line of standard input.")
        var passwordStdin = false
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service(createDatabase: true)
                let password = passwordStdin ? try UserCommand.readPassword() : nil
                let user = try service.addUser(name, roles: role, password: password, dryRun: dry.dryRun)
                if output.json { output.printJSON(user); return }
                output.print((dry.dryRun ? "Dry run: would add " : "Added ") + "\(user.name) (\(user.roles.joined(separator: ", ")))"
                             + (user.hasPassword ? " with a password." : "."))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users, their roles and API tokens.")
        @OptionGroup var global: GlobalOptions
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let users = try global.service().users()
                if output.json { output.printJSON(users); return }
                if users.isEmpty { output.print("No users: every command runs as the local administrator."); return }
                for user in users {
                    let live = user.tokens.filter { $0.revokedAt == nil }.map { "\($0.id)" }
                    output.print("\(user.name)  \(user.roles.joined(separator: ", "))"
                                 + (user.hasPassword ? "  password" : "")
                                 + (live.isEmpty ? "" : "  tokens \(live.joined(separator: ", "))"))
                }
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user and their API tokens.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The user's name.") var name: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                try global.service().removeUser(name, dryRun: dry.dryRun)
                output.print((dry.dryRun ? "Dry run: would remove " : "Removed ") + "\(name).")
            }
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password from the first line of standard input.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The user's name.") var name: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let service = try global.service()
                try service.setPassword(name, password: try UserCommand.readPassword(), dryRun: dry.dryRun)
                output.print((dry.dryRun ? "Dry run: would set " : "Set ") + "the password of \(name).")
            }
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a new API token for a user and print it once; only its hash is stored.",
            discussion: "Example:\n  supportplan user token jo\n  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/plans")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The user's name.") var name: String
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let issued = try global.service().issueToken(for: name)
                if output.json { output.printJSON(issued); return }
                output.print(issued.token)
                Output.error("API token \(issued.id) for \(issued.user); it is shown only this once (revoke: supportplan user revoke \(issued.user) \(issued.id))")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke one of a user's API tokens, or all of them.",
            discussion: "Examples:\n  supportplan user revoke jo 3\n  supportplan user revoke jo")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var dry: DryRunOption
        @Argument(help: "The user's name.") var name: String
        @Argument(help: "The token's id, as `user token` and `user list` show it; every token when left out.") var id: Int?
        func run() throws {
            let output = global.output
            try CommandRunner.run(output) {
                let revoked = try global.service().revokeTokens(of: name, id: id, dryRun: dry.dryRun)
                if output.json { output.printJSON(revoked); return }
                output.print(revoked.isEmpty ? "No valid tokens of \(name) to revoke."
                             : (dry.dryRun ? "Dry run: would revoke " : "Revoked ") + "token" + (revoked.count == 1 ? " " : "s ")
                               + revoked.map(String.init).joined(separator: ", ") + " of \(name).")
            }
        }
    }
}
