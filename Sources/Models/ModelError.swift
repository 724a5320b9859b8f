/// What can go wrong when reading or running a pretrained model. Every case carries a
/// message that names the file (or the part of it) at fault, so that a damaged or
/// hostile file is reported in one line instead of crashing.
public struct ModelError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No model where one was looked for (the message says how to install one).
        case notFound
        /// A file that exists but cannot be opened or read.
        case unreadable
        /// A file whose contents break its format (safetensors, JSON, a vocabulary).
        case malformed
        /// A well-formed model this code does not run (another architecture, a dtype, an activation).
        case unsupported
        /// A request the model cannot serve (too many tokens, a layer that does not exist).
        case invalidRequest
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
