// libFuzzer target over progress files: every input is written as progress.json in a
// scratch data directory and loaded with `ProgressStore.load` (a file that cannot be read
// is set aside, never a crash); what was loaded is then used as the tutor uses it —
// resumed against a real lesson, recorded, saved and loaded again.

import Lessons

#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var scratch = ""
nonisolated(unsafe) var fixture: Lesson?

let fixtureText = """
    ---
    id: scores
    title: Scores
    ---
    ## One {#one}
    Some prose.
    ## Two {#two}
    ```attn
    x = 1
    ```
    ## Three {#three}
    More prose.
    """

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    var template = Array("/tmp/attn-fuzz-progress-XXXXXX".utf8CString)
    guard let dir = mkdtemp(&template) else { fatalError("cannot make a scratch directory") }
    scratch = String(cString: dir)
    fixture = LessonParser.parse(fixtureText, file: "scores.md").0
    precondition(fixture != nil, "the fixture lesson does not parse")
    Watchdog.start()
    return 0
}

/// Removes everything in the scratch directory (set-aside files pile up otherwise).
func clearScratch() {
    guard let dir = opendir(scratch) else { return }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != ".", name != ".." { unlink(scratch + "/" + name) }
    }
    closedir(dir)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    Watchdog.begin()
    defer { Watchdog.end(); clearScratch() }
    let store = ProgressStore(directory: scratch)
    let fd = open(store.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fatalError("cannot write \(store.path)") }
    _ = write(fd, data, size)
    close(fd)

    var (progress, _) = store.load()
    guard let lesson = fixture else { return 0 }
    let at = progress.resumeIndex(lesson)
    precondition(at >= 0 && at < lesson.steps.count, "resume index \(at) outside the lesson")
    progress.record(lesson, at: min(at + 1, lesson.steps.count - 1))
    _ = store.save(progress)
    let (again, warning) = store.load()
    precondition(warning == nil, "a file the tutor saved could not be read back: \(warning!)")
    _ = again.resumeIndex(lesson)
    return 0
}
