public import Foundation

/// What an import did.
public struct ImportSummary: Sendable, Equatable, Codable {
    public var lines = 0
    public var agencies = 0
    public var procedures = 0
    public var dossiers = 0
    public var events = 0
    /// Lines that were already in the database, identical, and so changed nothing.
    public var unchanged = 0

    public init() {}
}

/// A failed import: the 1-based line number and what is wrong. Nothing was written.
public struct ImportError: Error, Sendable, CustomStringConvertible {
    public var lineNumber: Int
    public var message: BilingualMessage

    public init(lineNumber: Int, message: BilingualMessage) {
        self.lineNumber = lineNumber
        self.message = message
    }

    public var description: String { message.english }
}
