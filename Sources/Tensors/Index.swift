/// One entry of a subscript such as `A[0, 1:3, ids]`.
public enum IndexItem: Sendable, Equatable {
    /// A single position; the axis disappears.
    case at(Int)
    /// `start:stop:step`, each optional, with Python's defaults and clamping.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// A list of positions (NumPy integer-array indexing on one axis); the axis keeps its place.
    case positions([Int])
}

extension Tensor {
    /// NumPy basic indexing plus a list of positions on any axis. Missing trailing items
    /// mean "all of that axis". Labels follow the elements they label.
    public func indexed(_ items: [IndexItem]) throws(TensorError) -> Tensor {
        guard items.count <= rank else {
            throw .invalidArgument("too many indices: the tensor has \(rank) \(rank == 1 ? "axis" : "axes") (shape \(Shape.text(shape))) but \(items.count) were given")
        }
        // For each axis: the source positions it keeps, and whether the axis survives.
        var picks: [[Int]] = []
        var keeps: [Bool] = []
        for axis in 0..<rank {
            let size = shape[axis]
            let item = axis < items.count ? items[axis] : .slice(start: nil, stop: nil, step: nil)
            switch item {
            case let .at(i):
                picks.append([try Tensor.position(i, axis: axis, size: size)])
                keeps.append(false)
            case let .slice(start, stop, step):
                picks.append(try Tensor.slicePositions(start: start, stop: stop, step: step, size: size))
                keeps.append(true)
            case let .positions(list):
                var out: [Int] = []
                for i in list { out.append(try Tensor.position(i, axis: axis, size: size)) }
                picks.append(out)
                keeps.append(true)
            }
        }
        let fullShape = picks.map(\.count)
        let newShape = Swift.zip(fullShape, keeps).filter { $0.1 }.map { $0.0 }
        let n = try Tensor.checkedCount(fullShape)
        let own = strides
        var out = [Double](repeating: 0, count: n)
        if n > 0 {
            var index = [Int](repeating: 0, count: rank)
            for o in 0..<n {
                var src = 0
                for axis in 0..<rank { src += picks[axis][index[axis]] * own[axis] }
                out[o] = data[src]
                var axis = rank - 1
                while axis >= 0 {
                    index[axis] += 1
                    if index[axis] < fullShape[axis] { break }
                    index[axis] = 0
                    axis -= 1
                }
            }
        }
        var newLabels: [[String]?] = []
        for axis in 0..<rank where keeps[axis] {
            newLabels.append(labels[axis].map { l in picks[axis].map { l[$0] } })
        }
        return Tensor(shape: newShape, data: out, labels: newLabels)
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
        if step > 0 {
            let s = clamp(start, 0, low: 0, high: size), e = clamp(stop, size, low: 0, high: size)
            return s < e ? Array(stride(from: s, to: e, by: step)) : []
        } else {
            let s = clamp(start, size - 1, low: -1, high: size - 1), e = clamp(stop, -1, low: -1, high: size - 1)
            // An explicit negative stop such as -size-1 clamps to "before the start".
            return s > e ? Array(stride(from: s, to: e, by: step)) : []
        }
    }
}
