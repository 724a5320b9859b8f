/// An n-dimensional array of `Double`, stored row-major and contiguous.
///
/// A tensor may carry labels for any of its axes (the tokens down the rows, the
/// names across the columns). Operations keep labels where their meaning survives:
/// `X @ W` keeps the rows of `X` and the columns of `W`, a transpose swaps them,
/// elementwise operations and softmax keep them, a reduction drops the axis it folds.
public struct Tensor: Sendable, Equatable {
    /// The size of each axis; empty for a scalar.
    public private(set) var shape: [Int]
    /// The elements, row-major: the last axis varies fastest.
    public var data: [Double]
    /// One entry per axis: the labels of that axis, or `nil`.
    public var labels: [[String]?]
    /// Whether the elements are truth values (0 and 1) made by a comparison, as NumPy's
    /// bool arrays: indexing with such a tensor selects where it is 1 instead of reading
    /// 0 and 1 as positions. Arithmetic gives plain numbers again; the interpreter sets
    /// and keeps the flag, the engine does not look at it.
    public var isBoolean = false

    /// The largest number of elements any tensor may hold. Bigger requests are refused
    /// before anything is allocated, so a typo such as `zeros(100000, 100000)` cannot
    /// take the machine down.
    public static let maxElements = 50_000_000

    /// Wraps `data` (row-major) as a tensor of `shape`. The caller guarantees the count.
    public init(shape: [Int], data: [Double], labels: [[String]?]? = nil) {
        precondition(shape.reduce(1, *) == data.count, "shape \(shape) does not hold \(data.count) elements")
        self.shape = shape
        self.data = data
        self.labels = Tensor.fit(labels, to: shape)
    }

    /// A 0-dimensional tensor holding one number.
    public init(_ scalar: Double) {
        self.init(shape: [], data: [scalar])
    }

    /// A tensor of `shape` filled with `value`, refused if it would be too large.
    public init(repeating value: Double, shape: [Int]) throws(TensorError) {
        let n = try Tensor.checkedCount(shape)
        try Memory.reserve(elements: n)
        self.init(shape: shape, data: [Double](repeating: value, count: n))
    }

    /// A tensor of `shape` whose elements are written by `body` into uninitialised storage.
    public init(shape: [Int], labels: [[String]?]? = nil,
                fill body: (UnsafeMutableBufferPointer<Double>) throws(TensorError) -> Void) throws(TensorError) {
        let n = try Tensor.checkedCount(shape)
        try Memory.reserve(elements: n)
        var failure: TensorError?
        let data = [Double](unsafeUninitializedCapacity: n) { buffer, count in
            do throws(TensorError) { try body(buffer) } catch { failure = error; buffer.initialize(repeating: 0) }
            count = n
        }
        if let failure { throw failure }
        self.init(shape: shape, data: data, labels: labels)
    }

    /// Counts the elements of `shape`, refusing negative sizes, overflow and tensors
    /// above ``maxElements``.
    public static func checkedCount(_ shape: [Int]) throws(TensorError) -> Int {
        for size in shape where size < 0 { throw .invalidArgument("a size cannot be negative (got \(size))") }
        // The non-zero sizes must fit too, even when a zero makes the tensor empty: code
        // loops over single axes (rows of eye, positions of posenc), and zeros(10**14, 0)
        // must not become a loop of 10**14 steps. The order of the sizes does not matter.
        var n = 1
        for size in shape where size != 0 {
            let (product, overflow) = n.multipliedReportingOverflow(by: size)
            guard !overflow, product <= maxElements else {
                throw .tooLarge(shape: shape)
            }
            n = product
        }
        return shape.contains(0) ? 0 : n
    }

    public var rank: Int { shape.count }
    public var count: Int { data.count }
    public var isScalar: Bool { shape.isEmpty }

    /// The single element of a tensor with one element, of any rank.
    public var scalarValue: Double? { data.count == 1 ? data[0] : nil }

    /// Row-major strides, in elements.
    public var strides: [Int] { Tensor.strides(of: shape) }

    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = step
            step *= shape[axis]
        }
        return strides
    }

    /// Turns a possibly negative axis into 0..<rank, or throws.
    public func normalize(axis: Int) throws(TensorError) -> Int {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else { throw .axisOutOfRange(axis: axis, rank: rank) }
        return a
    }

    /// The same tensor, reshaped; labels are kept only when the shape is unchanged.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Tensor {
        var resolved = newShape
        let unknown = newShape.indices.filter { newShape[$0] == -1 }
        guard unknown.count <= 1 else { throw .invalidArgument("only one size can be -1 in a reshape") }
        if let u = unknown.first {
            let known = newShape.enumerated().filter { $0.offset != u }.map(\.element)
            let product = try Tensor.checkedCount(known)
            guard product > 0, count % product == 0 else {
                throw .reshape(from: shape, to: newShape)
            }
            resolved[u] = count / product
        }
        guard (try? Tensor.checkedCount(resolved)) == count else { throw .reshape(from: shape, to: newShape) }
        // Leading axes that keep their size keep their labels: (tokens, d) → (tokens, h, d/h).
        var kept: [[String]?] = Array(repeating: nil, count: resolved.count)
        for axis in 0..<min(rank, resolved.count) {
            guard resolved[axis] == shape[axis] else { break }
            kept[axis] = labels[axis]
        }
        return Tensor(shape: resolved, data: data, labels: kept)
    }

    /// Labels normalised to one entry per axis, dropping any whose count does not match.
    static func fit(_ labels: [[String]?]?, to shape: [Int]) -> [[String]?] {
        guard let labels, labels.count == shape.count else { return Array(repeating: nil, count: shape.count) }
        return zip(labels, shape).map { l, n in l?.count == n ? l : nil }
    }

    /// Sets the labels of one axis (negative axes count from the end); labels of the wrong length are ignored.
    public mutating func setLabels(_ newLabels: [String]?, axis: Int) {
        let a = axis < 0 ? axis + rank : axis
        guard a >= 0, a < rank else { return }
        labels[a] = newLabels?.count == shape[a] ? newLabels : nil
    }

    /// This tensor with the given axis labels.
    public func labelled(_ newLabels: [String]?, axis: Int) -> Tensor {
        var t = self
        t.setLabels(newLabels, axis: axis)
        return t
    }

    public var hasLabels: Bool { labels.contains { $0 != nil } }

    /// Equality of shape and values (labels are presentation, not value).
    public static func == (a: Tensor, b: Tensor) -> Bool {
        a.shape == b.shape && a.data == b.data
    }
}
