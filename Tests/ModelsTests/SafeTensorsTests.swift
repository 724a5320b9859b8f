import Foundation
import Models
import Tensors
import Testing

/// The safetensors reader: dtypes decoded as NumPy decodes them, and every kind of broken or
/// hostile file refused with a clear message — never a crash, never a read outside the file.
@Suite("safetensors reader")
struct SafeTensorsTests {
    @Test("F64, F32, F16 and BF16 decode to the values NumPy gives")
    func dtypes() throws {
        let file = try SafeTensorsFile(path: Fixtures.path("dtypes.safetensors"))
        let expected = try Fixtures.json("dtypes-expected.json")
        for name in ["f64", "f32", "f16", "bf16"] {
            let t = try file.tensor(name)
            let want = expected[name]!.flatNumbers
            #expect(t.data.count == want.count)
            for (a, b) in zip(t.data, want) { #expect(a == b || (a.isNaN && b.isNaN), "\(name): \(a) vs \(b)") }
        }
        #expect(file.entry("bf16")?.dtype == .bf16)
        let m = try file.tensor("matrix")
        #expect(m.shape == [2, 3] && m.data == [0, 1, 2, 3, 4, 5])
        #expect(try file.rows("matrix", [1]).data == [3, 4, 5])
        #expect(file.metadata["format"] == "pt")
    }

    /// Writes `bytes` and returns the reader's error message (nil if the file was accepted).
    func refusal(_ bytes: [UInt8]) -> String? {
        let path = FileManagerTemp.make() + "/m.safetensors"
        write(bytes, to: path)
        do {
            _ = try SafeTensorsFile(path: path)
            return nil
        } catch {
            return error.message
        }
    }

    static let good = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]}}"#

    @Test("a well-formed file with trailing spaces in the header and an empty tensor is accepted")
    func accepts() throws {
        #expect(refusal(safetensors(header: Self.good + "    ", data: Array(repeating: 0, count: 12))) == nil)
        #expect(refusal(safetensors(header: #"{"e":{"dtype":"F32","shape":[0,3],"data_offsets":[0,0]}}"#, data: [])) == nil)
        #expect(refusal(safetensors(header: "{}", data: [])) == nil)
    }

    @Test("hostile headers: each refused with the reason", arguments: [
        (#"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, 8, "takes 12 bytes"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[12,16]}}"#, 16, "gap"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, 8, "overlaps"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 12, "trailing bytes"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, 4, "truncated"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#, 8, "before it begins"),
        (#"{"a":{"dtype":"F33","shape":[2],"data_offsets":[0,8]}}"#, 8, "unknown dtype"),
        (#"{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#, 8, "shape entry"),
        (#"{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}"#, 8, "shape entry"),
        (#"{"a":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,8]}}"#, 8, "overflows"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,18446744073709551615]}}"#, 8, "truncated"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#, 8, "data_offsets"),
        (#"{"a":{"dtype":"F32","shape":[2]}}"#, 8, "data_offsets"),
        (#"{"a":{"shape":[2],"data_offsets":[0,8]}}"#, 8, "no dtype"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[0],"data_offsets":[8,8]}}"#, 8, "twice"),
        (#"{"__metadata__":{"k":1}}"#, 0, "must be a string"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#, 8, "not valid JSON"),
        (#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} x"#, 8, "not valid JSON"),
        (#"[1,2]"#, 0, "does not start with '{'"),
        (#"{"a":"\u"}"#, 0, "not valid JSON"),
        (#"{"a":"\ud800"}"#, 0, "not valid JSON"),
        (#"{"a":[1,2,3]}"#, 0, "no dtype"),
    ] as [(String, Int, String)])
    func refuses(header: String, dataBytes: Int, reason: String) throws {
        let message = try #require(refusal(safetensors(header: header, data: Array(repeating: 0, count: dataBytes))))
        #expect(message.contains(reason), "\(message)")
    }

    @Test("a header nested 100,000 levels deep is refused without exhausting the stack")
    func deepNesting() throws {
        let message = refusal(safetensors(header: #"{"a":"# + String(repeating: "[", count: 100_000) + "}", data: []))
        #expect(message?.contains("nested more than") == true, "\(message ?? "accepted")")
    }

    @Test("header lengths that lie: too large for the format, beyond the file, or too short")
    func lyingLengths() throws {
        #expect(refusal(safetensors(header: "{}", data: [], claimedLength: UInt64.max))?.contains("limit") == true)
        #expect(refusal(safetensors(header: "{}", data: [], claimedLength: 99_999_999))?.contains("truncated") == true)
        #expect(refusal(safetensors(header: "{}", data: [], claimedLength: 1))?.contains("too short") == true)
        #expect(refusal([1, 2, 3])?.contains("too short") == true)
        #expect(refusal([])?.contains("too short") == true)
        #expect(refusal(safetensors(header: "{\u{FF}}", data: []))?.contains("JSON") == true)
    }

    @Test("every truncation of a real file is refused (the tiny model cut at every 97th byte)")
    func truncations() throws {
        let full = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny-bert/model.safetensors"))))
        var cuts = Array(stride(from: 0, to: full.count, by: 97)) + [full.count - 1, 9, 8, 7]
        cuts.sort()
        for n in cuts {
            #expect(refusal(Array(full[..<n])) != nil, "cut at \(n) bytes")
        }
        #expect(refusal(full) == nil)
    }

    @Test("a file truncated after it was opened: reading past its new end is an error, not SIGBUS")
    func truncatedWhileMapped() throws {
        // 200,000 float32s: far more pages than survive the cut.
        let count = 200_000
        let header = #"{"big":{"dtype":"F32","shape":[\#(count)],"data_offsets":[0,\#(count * 4)]},"#
            + #""rows":{"dtype":"F32","shape":[2,2],"data_offsets":[\#(count * 4),\#(count * 4 + 16)]}}"#
        let path = FileManagerTemp.make() + "/m.safetensors"
        write(safetensors(header: header, data: Array(repeating: 0, count: count * 4 + 16)), to: path)
        let file = try SafeTensorsFile(path: path)
        #expect(truncate(path, 4096) == 0)
        let floats = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { floats.deallocate() }
        for read in [{ _ = try file.tensor("big") }, { try file.floats("big", from: 0, count: count, into: floats) },
                     { _ = try file.rows("rows", [1]) }] as [() throws -> Void] {
            #expect { try read() } throws: { ($0 as? ModelError)?.message.contains("became shorter") == true }
        }
        // A model loaded before the cut still runs: its weights were copied at load.
        let dir = FileManagerTemp.make()
        for name in ["config.json", "tokenizer.json", "model.safetensors"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("tiny-bert/" + name), toPath: dir + "/" + name)
        }
        let model = try BertModel(directory: dir)
        #expect(truncate(dir + "/model.safetensors", 0) == 0)
        #expect(throws: ModelError.self) { try model.forward("the animal") }
    }

    @Test("random damage to a real file: never a crash; a file that still loads decodes every tensor")
    func randomDamage() throws {
        let full = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny-bert/model.safetensors"))))
        let headerEnd = 8 + Int(full[0]) + Int(full[1]) << 8
        var g = RandomGenerator(seed: 12)
        var refused = 0
        for _ in 0..<300 {
            var bytes = full
            for _ in 0..<(1 + Int(g.next() % 4)) {
                // Mostly in the header, where damage matters.
                let at = Int(g.next() % UInt64(g.next() % 4 == 0 ? bytes.count : headerEnd))
                bytes[at] = UInt8(truncatingIfNeeded: g.next())
            }
            let path = FileManagerTemp.make() + "/m.safetensors"
            write(bytes, to: path)
            do {
                let file = try SafeTensorsFile(path: path)
                for e in file.entries { _ = try? file.tensor(e.name) }
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 50)
    }

    @Test("a model folder with a damaged safetensors file is one error naming the file")
    func damagedModelFolder() throws {
        let dir = FileManagerTemp.make()
        for name in ["config.json", "tokenizer.json"] {
            try FileManager.default.copyItem(atPath: Fixtures.path("tiny-bert/" + name), toPath: dir + "/" + name)
        }
        let full = Array(try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny-bert/model.safetensors"))))
        write(Array(full[..<(full.count / 2)]), to: dir + "/model.safetensors")
        #expect { try BertModel(directory: dir) } throws: { ($0 as? ModelError)?.message.contains("model.safetensors") == true }
        // A tensor of the wrong shape for config.json.
        var config = try String(contentsOfFile: Fixtures.path("tiny-bert/config.json"), encoding: .utf8)
        config = config.replacingOccurrences(of: "\"intermediate_size\": 16", with: "\"intermediate_size\": 12")
        try config.write(toFile: dir + "/config.json", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir + "/model.safetensors")
        try FileManager.default.copyItem(atPath: Fixtures.path("tiny-bert/model.safetensors"), toPath: dir + "/model.safetensors")
        #expect { try BertModel(directory: dir) } throws: { ($0 as? ModelError)?.message.contains("config.json implies") == true }
        // A missing file.
        #expect { try BertModel(directory: dir + "/nowhere") } throws: { ($0 as? ModelError)?.kind == .notFound }
    }
}
