import ArgumentParser
import Display

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What the program knows about the terminal it writes to.
enum Terminal {
    /// Whether `fd` is a terminal.
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// An environment variable, nil when unset.
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The width of the terminal on standard output: the kernel's idea of it (which
    /// follows resizes), else `COLUMNS`; nil (no limit) for a pipe or file unless
    /// `COLUMNS` asks for one.
    static func columns() -> Int? {
        let asked = environment("COLUMNS").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil }
        if isTTY(STDOUT_FILENO) {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
            return asked ?? 80
        }
        return asked
    }
}

/// `--color auto|always|never`.
public enum ColorChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
    case auto, always, never

    /// Whether to colour: `always`/`never` win; `auto` colours a terminal unless
    /// `NO_COLOR` is set to anything non-empty (no-color.org) or `TERM` is `dumb`, empty or unset.
    public func enabled(isTTY: Bool, noColor: String?, term: String?) -> Bool {
        switch self {
        case .always: return true
        case .never: return false
        // An unset or empty TERM says nothing about colour support: no colour either.
        case .auto: return isTTY && (noColor ?? "").isEmpty && term != "dumb" && !(term ?? "").isEmpty
        }
    }

    /// The styling for standard output under this choice.
    var style: ANSI {
        ANSI(enabled: enabled(isTTY: Terminal.isTTY(STDOUT_FILENO), noColor: Terminal.environment("NO_COLOR"),
                              term: Terminal.environment("TERM")))
    }
}
