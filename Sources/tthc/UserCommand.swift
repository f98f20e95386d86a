public import ArgumentParser
import CaseDomain
public import CaseStore
import CaseWeb
import Foundation
import Logging

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Manage users and their API tokens.",
        subcommands: [Add.self, Password.self, Revoke.self, Token.self, List.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a user; the new API token is printed as the last line (it is shown only once)."
        )

        @Argument(help: "The user name (ASCII letters, digits, . _ @ -).")
        var name: String

        @Option(help: "admin, clerk, officer, locality or leader.")
        var role: Role

        @Option(help: "The agency code (required for clerk and officer; optional for leader).")
        var agency: String?

        @Option(help: "The administrative unit code (required for locality).")
        var locality: String?

        @OptionGroup var password: WebPasswordOptions

        func run() async throws {
            let passwordHash = try await password.hash()
            let environment = try CommandEnvironment(logLevel: .warning)
            try await environment.withDatabase(poolSize: 2) { database, _ in
                do {
                    let (account, token) = try await UserStore(database: database).addUser(
                        name: name,
                        role: role,
                        agency: agency,
                        locality: locality,
                        passwordHash: passwordHash
                    )
                    let scope = [account.agency.map { "agency \($0)" }, account.locality.map { "locality \($0)" }].compactMap { $0 }
                    print("Created user \(account.name) (\(account.role.rawValue)\(scope.isEmpty ? "" : ", " + scope.joined(separator: ", "))).")
                    print("API token (shown once, keep it secret):")
                    print(token)
                } catch let error as StoreError {
                    throw CommandFailure(error)
                }
            }
        }
    }

    struct Password: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set (or with neither option, remove) a user's web password; signs the user out of every browser."
        )

        @Argument(help: "The user name.")
        var name: String

        @OptionGroup var password: WebPasswordOptions

        func run() async throws {
            let passwordHash = try await password.hash()
            let environment = try CommandEnvironment(logLevel: .warning)
            try await environment.withDatabase(poolSize: 2) { database, _ in
                do {
                    try await UserStore(database: database).setPassword(userName: name, hash: passwordHash)
                    print(passwordHash == nil ? "Removed the web password of \(name)." : "Set the web password of \(name).")
                } catch let error as StoreError {
                    throw CommandFailure(error)
                }
            }
        }
    }

    /// `--password` / `--password-stdin`: the password for signing in to the web interface (stored as bcrypt).
    struct WebPasswordOptions: ParsableArguments {
        @Option(help: "A password for the web interface (visible in the process list and shell history: prefer --password-stdin).")
        var password: String?

        @Flag(help: "Read the web password from the first line of standard input.")
        var passwordStdin = false

        func validate() throws {
            if password != nil, passwordStdin { throw ValidationError("give --password or --password-stdin, not both") }
        }

        /// The bcrypt hash of the password given, nil when none was.
        func hash() async throws -> String? {
            let secret = passwordStdin ? (readLine(strippingNewline: true) ?? "") : password
            guard let secret else { return nil }
            if let problem = PasswordHashing.problem(with: secret) { throw CommandFailure(problem) }
            return try await PasswordHashing.hash(secret)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a user and every token and session of theirs.")

        @Argument(help: "The user name.")
        var name: String

        func run() async throws {
            let environment = try CommandEnvironment(logLevel: .warning)
            try await environment.withDatabase(poolSize: 2) { database, _ in
                guard try await UserStore(database: database).revoke(userName: name) else {
                    throw CommandFailure("No user named \(name). / Không có người dùng \(name).")
                }
                print("Revoked \(name): their tokens and sessions no longer work.")
            }
        }
    }

    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue another API token for an active user (printed last).")

        @Argument(help: "The user name.")
        var name: String

        func run() async throws {
            let environment = try CommandEnvironment(logLevel: .warning)
            try await environment.withDatabase(poolSize: 2) { database, _ in
                do {
                    print(try await UserStore(database: database).issueToken(userName: name))
                } catch let error as StoreError {
                    throw CommandFailure(error)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users (never their secrets).")

        func run() async throws {
            let environment = try CommandEnvironment(logLevel: .warning)
            try await environment.withDatabase(poolSize: 2) { database, _ in
                for user in try await UserStore(database: database).users() {
                    let scope = user.agency ?? user.locality ?? "-"
                    print("\(user.name)\t\(user.role.rawValue)\t\(scope)\t\(user.revokedAt == nil ? "active" : "revoked")")
                }
            }
        }
    }
}

extension Role: ExpressibleByArgument {}

/// A command failure with a message for the person at the terminal; exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ message: String) {
        description = message
    }

    init(_ error: StoreError) {
        switch error {
        case .notFound(let message), .conflict(let message, _), .invalid(let message, _), .unavailable(let message):
            description = "\(message.english)\n\(message.vietnamese)"
        case .idempotencyMismatch:
            description = error.description
        }
    }
}
