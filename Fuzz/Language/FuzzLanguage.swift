// libFuzzer target over the expression language: every input is a chunk of source that
// goes through `Interpreter.run` (scan, parse, evaluate) in a fresh workspace holding a
// few ready-made tensors, then through what the transcript does with the outcome: errors
// are rendered with their caret, values are formatted for display (unless FUZZ_DISPLAY=0).
//
// Built and run by scripts/fuzz.sh (`make fuzz`, target `language`). Any trap (overflow, bounds, precondition,
// Int(Double) of a huge number), stack overflow, hang or runaway allocation is a finding.
//
// A computation that is merely long (a legal 7000×7000 product, say) is not a finding: a
// watchdog raises the Ctrl-C flag after `FUZZ_INTERRUPT_MS` (default 2000) ms, exactly as the
// REPL's SIGINT handler does, so such inputs end as "interrupted". An input that ignores the
// flag runs into libFuzzer's -timeout and is reported as a hang.

import Display
import Language
import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// The statements every input starts from, so that short inputs reach real tensors.
let prelude = """
    seed(0)
    A = [[1, 2, 3], [4, 5, 6]]
    Q = [[1, 0], [0, 1], [1, 1], [2, 0]]
    K = [[1, 2], [3, 4], [5, 6], [7, 8]]
    V = ones(4, 3)
    v = [1, 2, 3]
    s = 2.5
    t = tokens("the cat sat on the mat")
    X = embed("the cat sat on the mat", 8)
    S = X @ X.T / √8
    P = softmax(S + causal_mask(6))
    H = split_heads(X, 2)
    B = reshape(arange(24), 2, 3, 4)
    E = zeros(0, 3)
    N = [nan, inf, -inf, 0, -0.0, 1e308]
    w = "the cat sat"
    f = softmax
    """

nonisolated(unsafe) var workspace: [(String, Value)] = []
/// FUZZ_DISPLAY=0 leaves out formatting values for display (errors are still rendered),
/// to fuzz the language alone while a display problem is open.
nonisolated(unsafe) var display = true
let printer = TensorPrinter(precision: 4)

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    if let d = getenv("FUZZ_DISPLAY"), String(cString: d) == "0" { display = false }
    let setup = Interpreter(seed: 0)
    let (_, error) = setup.run(prelude)
    precondition(error == nil, "the fuzz prelude failed: \(error!.render(source: prelude))")
    workspace = setup.order.map { ($0, setup.variables[$0]!) }
    Watchdog.start()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    Watchdog.begin()
    defer { Watchdog.end() }

    _ = Scanner.openBrackets(source)
    let interpreter = Interpreter(seed: 0)
    for (name, value) in workspace { interpreter.set(name, value, origin: name) }
    let (outcomes, error) = interpreter.run(source)
    var shown = 0
    for outcome in outcomes {
        switch outcome.value {
        case let .tensor(t)?: shown &+= display ? printer.format(t).utf8.count : t.count
        case let .string(s)?: shown &+= s.utf8.count
        default: break
        }
    }
    if let error { shown &+= error.render(source: source).utf8.count }
    // A statement that failed must leave the workspace as it was.
    if error != nil, outcomes.isEmpty {
        for (name, value) in workspace where interpreter.variables[name] != value {
            // NaN != NaN: compare shapes and bit patterns instead of values.
            if case let (.tensor(a)?, .tensor(b)) = (interpreter.variables[name], value),
               a.shape == b.shape, a.data.map(\.bitPattern) == b.data.map(\.bitPattern) { continue }
            fatalError("an input that failed in its first statement changed \(name)")
        }
    }
    sink &+= shown
    return 0
}

/// Where the lengths of the rendered text go, so that rendering cannot be optimised away.
nonisolated(unsafe) var sink = 0
