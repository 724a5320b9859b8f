import Foundation
import Testing
@testable import Tutor

/// The history file: libedit's format, written atomically, never through a link, merged
/// between sessions, capped, and a file in another format kept aside.
@Suite struct HistoryFileTests {
    func text(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

    @Test func entriesRoundTripInLibeditsFormat() throws {
        let dir = try TemporaryDirectory()
        let file = HistoryFile(path: dir.path + "/history")
        let entries = ["x = 3", "s = \"a\\b\"", "W₁ = softmax(Q·K.T)", "two\nlines", "tab\there"]
        #expect(file.append(entries) == nil)
        // libedit writes blanks as octal escapes and doubles backslashes; so do we.
        #expect(text(file.path) == "_HiStOrY_V2_\nx\\040=\\0403\ns\\040=\\040\"a\\\\b\"\nW₁\\040=\\040softmax(Q·K.T)\ntwo\\012lines\ntab\\011here\n")
        #expect(file.load().entries == entries)
        #expect(file.load().note == nil)
    }

    @Test func aSymbolicLinkIsReplacedNotWrittenThrough() throws {
        let dir = try TemporaryDirectory()
        let precious = dir.path + "/precious.txt"
        try "precious\n".write(toFile: precious, atomically: false, encoding: .utf8)
        let path = dir.path + "/history"
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: precious)
        #expect(HistoryFile(path: path).append(["z = 3"]) == nil)
        #expect(text(precious) == "precious\n")
        #expect(text(path) == "_HiStOrY_V2_\nz\\040=\\0403\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular)
    }

    @Test func aFileInAnotherFormatIsKeptAsideAndImported() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/history"
        try "A = randn(3,3)\nsoftmax(A)\n".write(toFile: path, atomically: false, encoding: .utf8)
        let (entries, note) = HistoryFile(path: path).load()
        #expect(entries == ["A = randn(3,3)", "softmax(A)"])
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("history.other-") }
        #expect(aside.count == 1)
        #expect(text(dir.path + "/" + aside[0]) == "A = randn(3,3)\nsoftmax(A)\n")
        #expect(note?.contains(aside[0]) == true)
        // The imported lines are in the new file, so the next save keeps them.
        #expect(HistoryFile(path: path).append(["1+1"]) == nil)
        #expect(HistoryFile(path: path).load().entries == ["A = randn(3,3)", "softmax(A)", "1+1"])
    }

    @Test func twoSessionsBothKeepTheirEntries() throws {
        let dir = try TemporaryDirectory()
        let a = HistoryFile(path: dir.path + "/history"), b = HistoryFile(path: dir.path + "/history")
        for i in 1...3 {
            #expect(a.append(["a\(i)"]) == nil)
            #expect(b.append(["b\(i)"]) == nil)
        }
        #expect(a.load().entries == ["a1", "b1", "a2", "b2", "a3", "b3"])
    }

    @Test func entriesAndTheFileAreCapped() throws {
        let dir = try TemporaryDirectory()
        let file = HistoryFile(path: dir.path + "/history")
        #expect(file.append([String(repeating: "x", count: HistoryFile.maxEntryBytes + 1), "kept"]) == nil)
        #expect(file.load().entries == ["kept"])
        #expect(file.append((0..<1500).map { "e\($0)" }) == nil)
        let entries = file.load().entries
        #expect(entries.count == HistoryFile.maxEntries)
        #expect(entries.last == "e1499")
        // Big entries: the file stays under its byte cap, keeping the newest.
        let big = (0..<200).map { "b\($0)" + String(repeating: "y", count: 10_000) }
        #expect(file.append(big) == nil)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        #expect(size <= HistoryFile.maxFileBytes)
        #expect(file.load().entries.last?.hasPrefix("b199") == true)
    }

    @Test func aFileLargerThanTheCapIsKeptAside() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path + "/history"
        // An older version's 20 MB history: 1000 entries of 20 KB, then a few small ones.
        let big = String(repeating: "1", count: 20_000)
        let text = "_HiStOrY_V2_\n" + String(repeating: "x\\040=\\040" + big + "\n", count: 1000) + "y\\040=\\0401\n"
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        let (entries, note) = HistoryFile(path: path).load()
        #expect(entries == ["y = 1"])
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("history.large-") }
        #expect(aside.count == 1)
        #expect(note?.contains(aside[0]) == true)
        #expect(try String(contentsOfFile: dir.path + "/" + aside[0], encoding: .utf8) == text, "kept whole")
        #expect(HistoryFile(path: path).load().entries == ["y = 1"], "the newest entries start the new file")
    }

    @Test func aFolderOrFIFOIsReportedNotRead() throws {
        let dir = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: dir.path + "/history", withIntermediateDirectories: false)
        let (entries, note) = HistoryFile(path: dir.path + "/history").load()
        #expect(entries.isEmpty)
        #expect(note?.contains("not a regular file") == true)
        #expect(mkfifo(dir.path + "/fifo", 0o600) == 0)
        #expect(HistoryFile(path: dir.path + "/fifo").load().note?.contains("not a regular file") == true)
    }

    @Test func libeditsOwnEscapesAreRead() {
        #expect(HistoryFile.decode(Array("a\\040b\\\\c\\^Ad".utf8)[...]) == "a b\\c\u{01}d")
        #expect(HistoryFile.decode(Array("x\\s=\\s1".utf8)[...]) == "x = 1")
    }
}
