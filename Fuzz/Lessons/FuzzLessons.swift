// libFuzzer target over lesson files: every input is the text of a lesson file (front
// matter, steps, fenced blocks and their fields, prose), read by `LessonParser.parse` and
// `LessonParser.frontMatter`; a lesson that parses is then replayed by `LessonChecker`
// (every block run, every solution and known wrong answer graded), as `attn-tutor check`
// does. Seeds are the shipped lessons and the test fixtures (scripts/fuzz.sh).
//
// Any trap, stack overflow, hang or runaway allocation is a finding. Slow lesson code is
// not: the watchdog raises the Ctrl-C flag after FUZZ_INTERRUPT_MS.

import Language
import Lessons
import Tensors

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    Watchdog.start()
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    Watchdog.begin()
    defer { Watchdog.end() }
    var seen = LessonParser.frontMatter(text).count
    let (lesson, problems) = LessonParser.parse(text, file: "fuzz.md")
    seen &+= problems.map(\.description.utf8.count).reduce(0, &+)
    if let lesson {
        // Every problem must be located inside the file.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        for p in LessonChecker.check(lesson) {
            precondition(p.line >= 0 && p.line <= lines + 1, "problem outside the file: \(p)")
            seen &+= p.message.utf8.count
        }
    }
    sink &+= seen
    return 0
}

/// Where results go, so that they cannot be optimised away.
nonisolated(unsafe) var sink = 0
