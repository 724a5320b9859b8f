import Synchronization

/// The flag that Ctrl-C raises. Long loops poll it so a computation can be abandoned
/// without losing the workspace; the signal handler only ever stores `true`.
public enum Interrupt {
    private static let flag = Atomic<Bool>(false)

    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws ``TensorError/interrupted`` if Ctrl-C was pressed.
    public static func check() throws(TensorError) {
        if isRequested { throw .interrupted }
    }
}
