import ArgumentParser
import Display
import Language
import Models
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `attn-tutor model install|tokens|attention|embed`: the pretrained model from the command line.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Install the pretrained model (all-MiniLM-L6-v2) and look inside it.",
        discussion: """
            The model is looked for in --model DIR, then $ATTN_TUTOR_MODEL, then where `model install` puts it \
            ($XDG_DATA_HOME/attn-tutor/models/all-MiniLM-L6-v2), then the Hugging Face hub cache \
            (~/.cache/huggingface/hub/models--sentence-transformers--all-MiniLM-L6-v2). Any BERT-style \
            Hugging Face folder (config.json, model.safetensors, tokenizer.json or vocab.txt) works with --model.
            """,
        subcommands: [ModelInstallCommand.self, ModelTokensCommand.self, ModelAttentionCommand.self, ModelEmbedCommand.self])
}

/// The options every look inside the model shares.
struct ModelLookOptions: ParsableArguments {
    // Every word that is not an option, so that a text may start with "-" ("- dash", "-ly")
    // and an unquoted sentence is one text.
    @ArgumentParser.Argument(parsing: .allUnrecognized,
                             help: ArgumentHelp("The text to run through the model (several words are joined with spaces).", valueName: "text"))
    var words: [String] = []

    /// The words of the text: the first `--` ends the options and is not part of it.
    var text: String {
        var rest = words
        if let end = rest.firstIndex(of: "--") { rest.remove(at: end) }
        return rest.joined(separator: " ")
    }

    /// The model commands' long options, so that `-json` for `--json` is caught rather than read as a word.
    static let optionNames: Set<String> = ["model", "json", "float64", "color", "layer", "head", "from", "hide-special", "time", "help"]

    func validate() throws {
        let options = words.prefix { $0 != "--" }
        if words.allSatisfy({ $0 == "--" }) { throw ValidationError("give the text to run through the model, e.g. \"The cat sat on the mat.\"") }
        // A mistyped option would otherwise be read as part of the text.
        for word in options where word.hasPrefix("-") && word.count > 2 {
            let name = word.drop { $0 == "-" }.prefix { $0 != "=" }
            if word.hasPrefix("--") || Self.optionNames.contains(String(name)) {
                throw ValidationError("unknown option '\(word)'\(word.hasPrefix("--") ? "" : " (did you mean --\(name)?)"); a text that starts with \"-\" goes after --, as in: -- \"\(word)\"")
            }
        }
    }

    @Option(name: .customLong("model"), help: "A model folder to use instead of the installed one.")
    var directory: String?

    @Flag(help: "Print JSON instead of a terminal view.")
    var json = false

    @Flag(help: "Multiply in float64 instead of float32 as the model was trained (slower; for comparing with a float64 reference).")
    var float64 = false

    @Option(help: "Colour output: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    /// A bad option found once the model is known: one line, exit status 2.
    static func usage(_ message: String) -> ExitCode {
        var stderr = StandardError()
        print("attn-tutor: \(message)", to: &stderr)
        return ExitCode(2)
    }

    /// The forward pass of the text; a missing or broken model is one line on stderr and exit status 1.
    func trace() throws -> ForwardTrace {
        let m = try model()
        return try run { () throws(ModelError) in try m.forward(text) }
    }

    /// A forward pass; a text it refuses is one line on stderr and exit status 2, a model
    /// whose numbers go wrong exit status 1.
    func run(_ forward: () throws(ModelError) -> ForwardTrace) throws -> ForwardTrace {
        do throws(ModelError) {
            return try forward()
        } catch {
            var stderr = StandardError()
            print("attn-tutor: \(error.message)", to: &stderr)
            throw ExitCode(error.kind == .invalidRequest ? 2 : 1)
        }
    }

    /// The model; a missing or broken one is one line on stderr and exit status 1.
    func model() throws -> BertModel {
        do throws(ModelError) {
            return try BertModel(directory: try ModelLocator.locate(explicit: directory), precision: float64 ? .float64 : .float32)
        } catch {
            var stderr = StandardError()
            print("attn-tutor: \(error.message)", to: &stderr)
            throw ExitCode(1)
        }
    }
}

/// `attn-tutor model tokens TEXT [--json]`
struct ModelTokensCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "The model's WordPiece tokens and ids: {\"tokens\": [...], \"ids\": [...]}.")

    @OptionGroup var options: ModelLookOptions

    func run() throws {
        // Tokens need only the tokenizer: the weights are not read.
        let tokenizer: WordPieceTokenizer
        do throws(ModelError) {
            tokenizer = try BertModel.tokenizer(directory: try ModelLocator.locate(explicit: options.directory))
        } catch {
            var stderr = StandardError()
            print("attn-tutor: \(error.message)", to: &stderr)
            throw ExitCode(1)
        }
        let t = tokenizer.encode(options.text)
        if options.json {
            print("{\"tokens\":" + ModelJSON.strings(t.tokens) + ",\"ids\":[" + t.ids.map(String.init).joined(separator: ",") + "]}")
            return
        }
        let width = max(5, t.tokens.map(ANSI.width).max() ?? 5)
        print("  #  " + ANSI.padRight("token", width) + "     id")
        for (i, (token, id)) in zip(t.tokens, t.ids).enumerated() {
            print(ANSI.padLeft(String(i), 3) + "  " + ANSI.padRight(token, width) + ANSI.padLeft(String(id), 7))
        }
    }
}

/// `attn-tutor model attention TEXT [--layer L] [--head H] [--json]`
struct ModelAttentionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attention",
        abstract: "The model's attention weights: {\"tokens\": [...], \"attention\": [layer][head][query][key]}.",
        discussion: "--layer and --head each remove one level of the nesting. Without --json: one head as a heatmap, or every head as small squares; --from TOKEN tabulates where each head sends that token's attention.")

    @OptionGroup var options: ModelLookOptions

    @Option(help: "Only this layer (0 to 5 in all-MiniLM-L6-v2).")
    var layer: Int?

    @Option(help: "Only this head of the layer (0 to 11); needs --layer.")
    var head: Int?

    @Option(help: "A token (or its position): where each head sends its attention.")
    var from: String?

    @Flag(help: "Drop [CLS] and [SEP], renormalising each row to sum to 1 (the numbers are then no longer the model's).")
    var hideSpecial = false

    func validate() throws {
        if head != nil, layer == nil { throw ValidationError("--head needs --layer") }
        if let layer, layer < 0 { throw ValidationError("--layer must be 0 or more") }
        if let head, head < 0 { throw ValidationError("--head must be 0 or more") }
    }

    func run() throws {
        let t = try options.trace()
        let layers = t.layers.count, heads = t.layers.first?.weights.shape[0] ?? 0
        if let layer, layer >= layers { throw ModelLookOptions.usage("--layer \(layer): the model has layers 0 to \(layers - 1)") }
        if let head, head >= heads { throw ModelLookOptions.usage("--head \(head): each layer has heads 0 to \(heads - 1)") }
        var all = try Tensor.stack(t.layers.map(\.weights)).labelled(t.tokens, axis: 2).labelled(t.tokens, axis: 3)
        var tokens = t.tokens
        if hideSpecial {
            all = try HideSpecialTokens.apply(all, tokens: tokens)
            tokens = all.labels[3] ?? tokens
        }
        var picked = all
        if let layer { picked = try picked.indexed([.at(layer)]) }
        if let head { picked = try picked.indexed([.at(head)]) }
        if options.json {
            print("{\"tokens\":" + ModelJSON.strings(tokens) + ",\"attention\":" + ModelJSON.nested(picked) + "}")
            return
        }
        let style = options.color.style, width = Terminal.columns() ?? 80
        if hideSpecial { print(style.dim("[CLS] and [SEP] hidden: each row renormalised to sum to 1 over the words left")) }
        if let from {
            guard let q = Int(from).flatMap({ $0 >= 0 && $0 < tokens.count ? $0 : nil }) ?? tokens.firstIndex(of: from.lowercased()) ?? tokens.firstIndex(of: from) else {
                throw ModelLookOptions.usage("--from \(from): not one of the tokens (\(tokens.joined(separator: " ")))")
            }
            let scope = layer.map { l in try? all.indexed([.slice(start: l, stop: l + 1, step: nil)]) } ?? all
            print(AttentionGrid(style: style, width: width).whereHeadsLook(scope ?? all, query: q))
            return
        }
        if let layer, let head {
            print("layer \(layer), head \(head): row = query token, column = key token; each row sums to 1")
            print(Heatmap(style: style, width: width, precision: 2).render(picked))
        } else if let layer {
            print("layer \(layer), all \(heads) heads")
            print(AttentionGrid(style: style, width: width).render(picked.labelled(tokens, axis: 2)))
        } else {
            print("all \(layers) layers × \(heads) heads")
            print(AttentionGrid(style: style, width: width).render(picked))
        }
    }
}

/// `attn-tutor model embed TEXT [--json]`
struct ModelEmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed", abstract: "The sentence embedding (mean of the last hidden states, length 1): {\"tokens\": [...], \"embedding\": [...]}.")

    @OptionGroup var options: ModelLookOptions

    @Flag(help: "Time the tokenizer and forward pass instead: the best of at least 20 runs (the model loaded once).")
    var time = false

    func run() throws {
        if time {
            let model = try options.model()
            var best = UInt64.max, runs = 0, total: UInt64 = 0
            while runs < 20 || (total < 1_000_000_000 && runs < 1000) {
                let start = Timing.now()
                _ = try model.forward(options.text)
                let elapsed = Timing.now() - start
                best = min(best, elapsed)
                total += elapsed
                runs += 1
            }
            print(Timing.describe(best, runs: runs))
            return
        }
        let model = try options.model()
        let (tokens, ids, cut) = model.sentenceTokens(options.text)
        let t = try options.run { () throws(ModelError) in try model.forward(tokens: tokens, ids: ids) }
        if options.json {
            print("{\"tokens\":" + ModelJSON.strings(t.tokens) + ",\"embedding\":" + ModelJSON.nested(t.embedding) + "}")
            return
        }
        print("tokens: " + t.tokens.joined(separator: " "))
        if cut, let length = model.sentenceLength {
            print("(cut to its first \(length) tokens, as sentence-transformers embeds this model's sentences)")
        }
        print("embedding: \(t.embedding.count) numbers, the mean of the last layer's \(t.tokens.count) rows, scaled to length 1")
        var printer = TensorPrinter(precision: 4)
        printer.width = Terminal.columns() ?? 80
        print(printer.format(t.embedding))
    }
}

/// JSON pieces for the model commands.
enum ModelJSON {
    static func strings(_ s: [String]) -> String { "[" + s.map(JSON.string).joined(separator: ",") + "]" }

    /// The tensor's values as nested arrays, row-major.
    static func nested(_ t: Tensor) -> String {
        var out = ""
        out.reserveCapacity(t.count * 12)
        var i = 0
        func level(_ axis: Int) {
            guard axis < t.rank else { out += JSON.number(t.data[i]); i += 1; return }
            out += "["
            for k in 0..<t.shape[axis] {
                if k > 0 { out += "," }
                level(axis + 1)
            }
            out += "]"
        }
        level(0)
        return out
    }
}
