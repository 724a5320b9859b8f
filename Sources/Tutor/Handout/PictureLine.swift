import Display
import Language
import Lessons
import Tensors

/// A picture line (`:show A --heat`, `:plot P`) and the value of its expression, turned
/// into what a page draws: the options mean what they mean in the REPL.
enum PictureLine {
    /// What `picture` draws for `value`; `precision` is the session's, for tables.
    static func figure(_ picture: Picture, _ value: Result<Value, LanguageError>, precision: Int) -> Page.Figure {
        let v: Value
        switch value {
        case let .failure(error): return .error(error.render(source: picture.options.expression))
        case let .success(value): v = value
        }
        guard case let .tensor(t) = v else { return .text(Session(precision: precision).show(v) ?? "") }
        let options = picture.options
        switch picture.kind {
        case .plot:
            do throws(Plot.Failure) {
                // Fails the same way the terminal's plot does (nothing to plot, too many axes).
                _ = try Plot.curves(t, byRows: options.flags.contains("rows"), limit: 1)
            } catch { return .error(error.description) }
            let arrangement: Plot.Arrangement = options.flags.contains("overlay") ? .overlay : options.flags.contains("strips") ? .strips : .auto
            return .plot(t, byRows: options.flags.contains("rows"), arrangement: arrangement)
        case .show:
            var shown: Int?
            if let text = options.values["precision"] {
                guard let n = Int(text), (0...15).contains(n) else { return .error("--precision takes a whole number from 0 to 15, not \(text)") }
                shown = n
            }
            return options.flags.contains("heat") ? .heatmap(t, precision: shown ?? min(2, precision)) : .table(t, precision: shown ?? precision)
        }
    }
}
