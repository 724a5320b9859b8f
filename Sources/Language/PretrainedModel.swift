import Models
import Synchronization
import Tensors

/// The pretrained model the `model_…` builtins read: found by ``ModelLocator`` (or the
/// folder given with ``use(directory:)``), loaded once per process on first use, with the
/// last few sentences' forward passes kept so that asking for a second head of the same
/// sentence costs nothing.
public enum PretrainedModel {
    struct State: ~Copyable {
        var directory: String?
        var model: Result<BertModel, ModelError>?
        /// Recent forward passes, most recent last.
        var traces: [(text: String, trace: ForwardTrace)] = []
    }

    static let state = Mutex(State())
    static let keptTraces = 8

    /// Uses the model in `directory` (`--model DIR`) instead of searching; nil searches again.
    public static func use(directory: String?) {
        state.withLock { s in
            s.directory = directory
            s.model = nil
            s.traces = []
        }
    }

    /// The model, loading it the first time.
    public static func model() throws(ModelError) -> BertModel {
        let result = state.withLock { s -> Result<BertModel, ModelError> in
            if let m = s.model { return m }
            let dir = s.directory
            let loaded = Result { () throws(ModelError) -> BertModel in
                try BertModel(directory: try ModelLocator.locate(explicit: dir))
            }
            // A missing model is looked for again next time (the learner may install it meanwhile).
            if case .success = loaded { s.model = loaded }
            return loaded
        }
        return try result.get()
    }

    /// Nil when the model can be loaded; otherwise the one line that says what is wrong and how to fix it.
    public static var problem: String? {
        do throws(ModelError) {
            _ = try model()
            return nil
        } catch {
            return error.message
        }
    }

    /// The forward pass of `text`, computed once.
    public static func trace(_ text: String) throws(ModelError) -> ForwardTrace {
        if let hit = state.withLock({ s in s.traces.last(where: { $0.text == text })?.trace }) { return hit }
        let trace = try model().forward(text)
        state.withLock { s in
            s.traces.removeAll { $0.text == text }
            s.traces.append((text, trace))
            if s.traces.count > keptTraces { s.traces.removeFirst() }
        }
        return trace
    }
}

extension PretrainedModel {
    /// The sentence embedding of `text`, as sentence-transformers makes it (cut to the model's
    /// sentence length first).
    public static func embedding(_ text: String) throws(ModelError) -> Tensor {
        let m = try model()
        let (tokens, ids, cut) = m.sentenceTokens(text)
        return cut ? try m.forward(tokens: tokens, ids: ids).embedding : try trace(text).embedding
    }

    /// The line shown when no model is found anywhere.
    public static var installHint: String { ModelLocator.installHint }

    /// Nil when a model folder is found (without loading it); otherwise the one line that says how to get one.
    public static var locationProblem: String? {
        let dir = state.withLock { $0.directory }
        do throws(ModelError) {
            _ = try ModelLocator.locate(explicit: dir)
            return nil
        } catch {
            return error.message
        }
    }
}
