/// One entry of a subscript such as `A[0, 1:3, ids]`.
public enum IndexItem: Sendable, Equatable {
    /// A single position; the axis disappears.
    case at(Int)
    /// `start:stop:step`, each optional, with Python's defaults and clamping.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// A list of positions (NumPy integer-array indexing).
    case positions([Int])
}

extension Tensor {
    /// NumPy indexing: positions, slices and lists of positions. Missing trailing items mean
    /// "all of that axis". Labels follow the elements they label.
    ///
    /// With one list the axis keeps its place (`A[:, [2, 0]]`). With several lists, or lists
    /// and single positions, NumPy's advanced indexing applies: they are paired up element by
    /// element (a list of length 1 or a single position repeats), giving one axis, which
    /// takes the place of the first of them when they are adjacent and goes first when a
    /// slice separates them (`T[0, :, [0, 1]]` is 2×n).
    public func indexed(_ items: [IndexItem]) throws(TensorError) -> Tensor {
        guard items.count <= rank else {
            throw .invalidArgument("too many indices: the tensor has \(rank) \(rank == 1 ? "axis" : "axes") (shape \(Shape.text(shape))) but \(items.count) were given")
        }
        // For each axis: the source positions it reads.
        var picks: [[Int]] = []
        var kinds: [IndexItem] = []
        for axis in 0..<rank {
            let size = shape[axis]
            let item = axis < items.count ? items[axis] : .slice(start: nil, stop: nil, step: nil)
            kinds.append(item)
            switch item {
            case let .at(i):
                picks.append([try Tensor.position(i, axis: axis, size: size)])
            case let .slice(start, stop, step):
                picks.append(try Tensor.slicePositions(start: start, stop: stop, step: step, size: size))
            case let .positions(list):
                var out: [Int] = []
                out.reserveCapacity(list.count)
                for i in list { out.append(try Tensor.position(i, axis: axis, size: size)) }
                picks.append(out)
            }
        }
        let lists = (0..<rank).filter { if case .positions = kinds[$0] { return true } else { return false } }
        let singles = (0..<rank).filter { if case .at = kinds[$0] { return true } else { return false } }
        let slices = (0..<rank).filter { if case .slice = kinds[$0] { return true } else { return false } }

        // Single positions join the lists once there is a list: NumPy broadcasts them together.
        let advanced = lists.isEmpty ? [] : (lists + singles).sorted()
        var pairedLength = 1
        for axis in lists {
            let n = picks[axis].count
            if n == pairedLength || n == 1 { continue }
            guard pairedLength == 1 else {
                throw .invalidArgument("lists of positions of lengths \(pairedLength) and \(n) cannot be paired up (give them the same length, or use a slice for one axis)")
            }
            pairedLength = n
        }

        // The axes of the result, in order: a sliced source axis, or the paired lists.
        enum Dim { case axis(Int), paired }
        var dims: [Dim] = []
        if advanced.isEmpty {
            dims = slices.map { .axis($0) }
        } else if advanced.last! - advanced.first! + 1 == advanced.count {
            dims = slices.filter { $0 < advanced.first! }.map { .axis($0) } + [.paired]
                + slices.filter { $0 > advanced.last! }.map { .axis($0) }
        } else {
            dims = [.paired] + slices.map { .axis($0) }
        }
        let newShape = dims.map { d -> Int in
            switch d {
            case let .axis(a): return picks[a].count
            case .paired: return pairedLength
            }
        }

        let own = strides
        // Single positions outside advanced indexing only move the start.
        var base = 0
        if advanced.isEmpty { for a in singles { base += picks[a][0] * own[a] } }
        // Source offset of each step along each result axis.
        let steps: [[Int]] = dims.map { d in
            switch d {
            case let .axis(a):
                return picks[a].map { $0 * own[a] }
            case .paired:
                return (0..<pairedLength).map { i in
                    advanced.reduce(0) { sum, a in sum + picks[a][picks[a].count == 1 ? 0 : i] * own[a] }
                }
            }
        }
        let result = try Tensor(shape: newShape) { out in
            guard out.count > 0 else { return }
            data.withUnsafeBufferPointer { src in
                var index = [Int](repeating: 0, count: dims.count)
                var offset = base + steps.reduce(0) { $0 + $1[0] }
                for o in 0..<out.count {
                    out[o] = src[offset]
                    var axis = dims.count - 1
                    while axis >= 0 {
                        offset -= steps[axis][index[axis]]
                        index[axis] += 1
                        if index[axis] < newShape[axis] {
                            offset += steps[axis][index[axis]]
                            break
                        }
                        index[axis] = 0
                        offset += steps[axis][0]
                        axis -= 1
                    }
                }
            }
        }

        let newLabels: [[String]?] = dims.map { d in
            switch d {
            case let .axis(a):
                return labels[a].map { l in picks[a].map { l[$0] } }
            case .paired:
                // The paired axis reads its labels from the first labelled list.
                guard let a = lists.first(where: { labels[$0] != nil }), let l = labels[a] else { return nil }
                return (0..<pairedLength).map { i in l[picks[a][picks[a].count == 1 ? 0 : i]] }
            }
        }
        return Tensor(shape: newShape, data: result.data, labels: newLabels)
    }

    static func position(_ i: Int, axis: Int, size: Int) throws(TensorError) -> Int {
        let p = i < 0 ? i + size : i
        guard p >= 0, p < size else { throw .index(index: i, axis: axis, size: size) }
        return p
    }

    /// Python's slice rules: negative bounds count from the end, out-of-range bounds clamp.
    static func slicePositions(start: Int?, stop: Int?, step: Int?, size: Int) throws(TensorError) -> [Int] {
        let step = step ?? 1
        guard step != 0 else { throw .invalidArgument("a slice step cannot be zero") }
        func clamp(_ v: Int?, _ defaultValue: Int, low: Int, high: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 { v += size }
            return Swift.min(Swift.max(v, low), high)
        }
        let s: Int, e: Int
        if step > 0 {
            s = clamp(start, 0, low: 0, high: size)
            e = clamp(stop, size, low: 0, high: size)
        } else {
            // An explicit negative stop such as -size-1 clamps to "before the start".
            s = clamp(start, size - 1, low: -1, high: size - 1)
            e = clamp(stop, -1, low: -1, high: size - 1)
        }
        let span = step > 0 ? e - s : s - e
        guard span > 0 else { return [] }
        // Counted rather than strided, so that a huge step cannot overflow past the end.
        let count = Int((UInt(span) + step.magnitude - 1) / step.magnitude)
        return (0..<count).map { s + $0 * step }
    }
}
