/// A `:command` of the REPL: its name, how it is used, one line of help, what Tab offers
/// after it, and what it does. Lesson commands register themselves the same way.
public struct ReplCommand {
    /// What Tab completes in a command's arguments.
    public enum Completion {
        case nothing
        /// Variables and builtins, as in an expression.
        case expression
        /// Anything `:help` knows: commands, topics, builtins, variables.
        case helpTopics
        /// A fixed or computed list, e.g. lesson ids.
        case custom((Repl) -> [String])
    }

    /// Without the colon: `show`.
    public var name: String
    /// Other spellings that run it: `q` for `quit`.
    public var aliases: [String]
    /// The arguments as written in help: `X [--heat] [--precision N]`.
    public var usage: String
    /// One line for `:help` and the command list.
    public var summary: String
    /// More lines for `:help NAME`, if any.
    public var details: [String]
    public var completion: Completion
    /// Runs the command with everything typed after its name (trimmed).
    public var run: (Repl, String) -> Repl.Outcome

    public init(_ name: String, aliases: [String] = [], usage: String = "", summary: String, details: [String] = [],
                completion: Completion = .nothing, run: @escaping (Repl, String) -> Repl.Outcome) {
        self.name = name
        self.aliases = aliases
        self.usage = usage
        self.summary = summary
        self.details = details
        self.completion = completion
        self.run = run
    }

    /// `:show X [--heat] [--precision N]`
    public var synopsis: String { ":" + name + (usage.isEmpty ? "" : " " + usage) }
}

/// The commands, in the order `:help` lists them, found by name or alias.
public struct CommandTable {
    public private(set) var commands: [ReplCommand] = []

    public init(_ commands: [ReplCommand] = []) {
        for c in commands { register(c) }
    }

    /// Adds a command, or replaces the one with the same name.
    public mutating func register(_ command: ReplCommand) {
        if let i = commands.firstIndex(where: { $0.name == command.name }) { commands[i] = command } else { commands.append(command) }
    }

    /// The command called `name` (without the colon), by name or alias.
    public func find(_ name: String) -> ReplCommand? {
        commands.first { $0.name == name } ?? commands.first { $0.aliases.contains(name) }
    }

    /// Every name and alias, without colons.
    public var names: [String] { commands.flatMap { [$0.name] + $0.aliases } }
}
