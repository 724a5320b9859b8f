import ArgumentParser
import Lessons
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `attn-tutor` command: with no subcommand, the REPL with the lesson menu (or a
/// plain transcript when standard input is not a terminal).
public struct AttnTutor: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "attn-tutor",
        abstract: "Learn the attention mechanism of transformers by computing it.",
        subcommands: [EvalCommand.self, LessonCommand.self, RunCommand.self, CheckCommand.self,
                      GradeCommand.self, ProgressCommand.self, ModelCommand.self])

    @OptionGroup var display: DisplayOptions

    public init() {}

    public func run() throws {
        Tutor.start(display, lesson: nil)
    }
}

/// How results look; shared by the commands that show them.
struct DisplayOptions: ParsableArguments {
    @Option(help: "Decimals shown per number.")
    var precision = 4

    @Option(help: "Colour output: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    @Option(help: ArgumentHelp("The most memory tensors may take at once, e.g. 2G or 512M (default: a quarter of the RAM, never more than half of a limit set on the process).", valueName: "size"))
    var memory: String?

    func validate() throws {
        try DisplayOptions.check(precision: precision)
        if let memory {
            guard let bytes = Memory.parseSize(memory) else {
                throw ValidationError("--memory takes a size such as 2G, 512M or 1.5GB, not \(memory)")
            }
            guard bytes >= Memory.minimumBudget, bytes <= Memory.maximumBudget else {
                throw ValidationError("--memory must be from \(Memory.text(Memory.minimumBudget)) to \(Memory.text(Memory.maximumBudget)) here, not \(memory)")
            }
            // The budget belongs to the process: set it as soon as the command line is read.
            Memory.budget = bytes
        }
    }

    /// The range `:precision` accepts too: a Double has no more than 15–17 significant decimals.
    static let precisions = 0...15

    static func check(precision: Int) throws {
        guard precisions.contains(precision) else {
            throw ValidationError("--precision takes a whole number from 0 to 15, not \(precision)")
        }
    }
}

/// Starts the REPL (libedit on a terminal, a transcript on a pipe) with the lessons attached.
enum Tutor {
    static func start(_ display: DisplayOptions, lesson: String?) {
        let session = Session(precision: display.precision)
        let repl = Repl(session: session, style: display.color.style, width: Terminal.columns)
        SessionRecord.attach(to: repl)
        let catalog = Result { () throws(CatalogError) in try Catalog.load() }
        let tutoring = Tutoring(repl: repl, catalog: catalog, store: ProgressStore.standard())
        // A script's blank line outside a lesson must not start one (its later lines would become answers).
        tutoring.enterResumes = Terminal.isTTY(STDIN_FILENO)
        if Terminal.isTTY(STDIN_FILENO) {
            if lesson == nil { repl.welcome += tutoring.welcome }
            let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath()) { [unowned repl] word, before in
                Completion.complete(word, after: before, in: repl)
            }
            if let lesson { repl.write(repl.welcome.joined(separator: "\n")); repl.welcome = []; tutoring.open(lesson) }
            Interactive(repl: repl, editor: editor).run()
        } else {
            if let lesson { tutoring.open(lesson) }
            StdinTranscript(repl: repl).run()
        }
        withExtendedLifetime(tutoring) {}
    }
}

/// `attn-tutor lesson ID|FILE`
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson", abstract: "Start or resume one lesson (an id, or a lesson file of your own).")

    @Argument(help: "A lesson id such as 'scores', or the path of a lesson file.")
    var lesson: String

    @OptionGroup var display: DisplayOptions

    func run() throws {
        // An unknown lesson or an unreadable file fails here, with status 1, before any REPL starts.
        _ = try LessonLookup.find(lesson)
        Tutor.start(display, lesson: lesson)
    }
}
